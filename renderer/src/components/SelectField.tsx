/** A labelled <select> of a filter bar: an "all" choice (empty value) and one option per value. */
export function SelectField<V extends string>(p: {
  id: string;
  label: string;
  value: V | '';
  allLabel: string;
  values: readonly V[];
  labelOf: (v: V) => string;
  onChange: (v: V | '') => void;
}) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.target.value as V | '')}>
        <option value="">{p.allLabel}</option>
        {p.values.map((v) => (
          <option key={v} value={v}>
            {p.labelOf(v)}
          </option>
        ))}
      </select>
    </div>
  );
}
