import { useEffect, useState } from 'react';
import { ITEM_STATES, type ItemState } from '../../../../shared/items';
import { call } from '../../api';
import { useApiQuery } from '../../hooks/use-api-query';
import { enterSubmitsFromSelect } from '../../lib/form-keys';
import { SelectField } from '../../components/SelectField';

export interface ItemFilterDraft {
  customerId: string;
  month: string;
  state: ItemState | '';
}

export const ITEM_STATE_LABEL: Record<ItemState, string> = {
  open: 'Open',
  billed: 'Billed',
  held: 'Held',
  flagged: 'Flagged',
  posted: 'Posted in Autotask',
};

/** The applied filters from the address (unknown values are ignored, never sent). */
export function itemDraftFromParams(params: URLSearchParams): ItemFilterDraft {
  const customerId = /^[1-9]\d*$/.test(params.get('customer') ?? '') ? params.get('customer')! : '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : '';
  const state = (ITEM_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as ItemState) : '';
  return { customerId, month, state };
}

/** Customer, month and billing state of the Engineering Items page; Enter (or Apply) applies, focus stays. */
export function ItemFilters({ applied, onApply }: { applied: ItemFilterDraft; onApply: (d: ItemFilterDraft) => void }) {
  const [draft, setDraft] = useState(applied);
  // Re-sync the draft when the applied values change; `applied` itself is a new object on every render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(applied), [applied.customerId, applied.month, applied.state]);
  const customers = useApiQuery(() => call('customers:list', { page: 1, perPage: 500 }), 'item-filter-customers');
  const set = <K extends keyof ItemFilterDraft>(key: K, value: ItemFilterDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(applied);
  const empty = { customerId: '', month: '', state: '' } as const;
  return (
    <form
      className="panel filters item-filters"
      aria-label="Item filters"
      noValidate
      onKeyDown={enterSubmitsFromSelect}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div className="filter-fields">
        <div className="field">
          <label htmlFor="items-filter-customer">Customer</label>
          <select id="items-filter-customer" value={draft.customerId} onChange={(e) => set('customerId', e.target.value)}>
            <option value="">All customers</option>
            {(customers.data?.rows ?? []).map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="items-filter-month">Month</label>
          <input id="items-filter-month" type="month" value={draft.month} onChange={(e) => set('month', e.target.value)} />
        </div>
        <SelectField
          id="items-filter-state"
          label="State"
          value={draft.state}
          allLabel="All states"
          values={ITEM_STATES}
          labelOf={(s) => ITEM_STATE_LABEL[s]}
          onChange={(v) => set('state', v)}
        />
        <div className="filter-actions">
          <button type="submit" className={`btn ${dirty ? 'btn-primary' : ''}`}>
            Apply Filters
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => onApply(empty)}>
            Reset
          </button>
        </div>
      </div>
      <div className="field-error" aria-live="polite">
        {dirty ? 'Changed filters apply when you press Enter or Apply Filters.' : ''}
      </div>
    </form>
  );
}
