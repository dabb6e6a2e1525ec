import { useId, useRef, useState } from 'react';
import type { CustomerRow } from '../../../../shared/domain';
import { call } from '../../api';
import { errorMessage } from '../../lib/format';

/**
 * The name a customer's invoices carry in the accounting package (docs/product-rules.md#accounting-exports): the Autotask name unless
 * changed here; kept when Autotask renames the company. Edit, Save (Enter) and Cancel (Escape) in place.
 */
export function AccountingNameCell({ row }: { row: CustomerRow }) {
  const [saved, setSaved] = useState<string | null>(row.accountingName ?? null);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const shown = saved ?? row.name;

  const stop = () => {
    setEditing(false);
    setError(null);
    requestAnimationFrame(() => editRef.current?.focus());
  };
  const save = async () => {
    if (busy) return;
    const next = value.trim();
    const name = next === '' || next === row.name ? null : next;
    setBusy(true);
    setError(null);
    try {
      const r = await call('customers:set-accounting-name', { customerId: row.id, accountingName: name });
      setSaved(name);
      setMessage(r.message || 'Saved.');
      stop();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <span className="accounting-name-edit">
        <span className={saved ? 'strong' : undefined}>{shown}</span>
        {!saved && <span className="cell-sub">same as Autotask</span>}
        <button
          ref={editRef}
          type="button"
          className="btn btn-small btn-quiet"
          onClick={() => (setValue(shown), setEditing(true), setMessage(null))}
          aria-label={`Edit accounting name of ${row.name}`}
        >
          Edit
        </button>
        <span className="sr-only" role="status">
          {message ?? ''}
        </span>
      </span>
    );
  }
  return (
    <span className="accounting-name-edit">
      <label htmlFor={inputId} className="sr-only">
        Accounting name of {row.name}
      </label>
      <input
        id={inputId}
        // The field replaces the button the user just pressed to edit the name; focus moves with it.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus
        value={value}
        maxLength={100}
        readOnly={busy}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
          if (e.key === 'Escape') {
            e.preventDefault();
            stop();
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-hint`}
      />
      <button type="button" className="btn btn-small btn-primary" aria-disabled={busy || undefined} onClick={() => void save()}>
        Save
      </button>
      <button type="button" className="btn btn-small" onClick={stop}>
        Cancel
      </button>
      <span className="cell-sub" id={`${inputId}-hint`}>
        Empty: use the Autotask name
      </span>
      <span role="alert" className="field-error">
        {error ?? ''}
      </span>
    </span>
  );
}
