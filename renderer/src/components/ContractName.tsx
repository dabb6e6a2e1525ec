/** Contract names longer than this may be cut with "…" (styles.css): focusable, so the keyboard can show all of it. */
export const LONG_NAME = 40;

/** A contract name in a table cell: cut with "…" when long, the full text on hover (title) and on focus. */
export function ContractName({ name }: { name: string }) {
  return (
    <span className="strong contract-name" title={name} tabIndex={name.length > LONG_NAME ? 0 : undefined}>
      {name}
    </span>
  );
}
