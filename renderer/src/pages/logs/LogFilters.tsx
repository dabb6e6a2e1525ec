import { useEffect, useState } from 'react';
import { LOG_STATUSES, SYNC_TYPES, type LogFilter, type LogStatus, type SyncType } from '../../../../shared/domain';
import { PER_PAGE_OPTIONS } from '../../lib/log-filter-params';
import { STATUS_LABEL, SYNC_TYPE_LABEL } from '../../lib/format';
import { enterSubmitsFromSelect } from '../../lib/form-keys';
import { SelectField } from '../../components/SelectField';

export interface LogFilterDraft {
  type: SyncType | '';
  status: LogStatus | '';
  from: string;
  to: string;
  perPage: number;
}

export function draftFromFilter(filter: LogFilter, perPage: number): LogFilterDraft {
  return { type: filter.type ?? '', status: filter.status ?? '', from: filter.from ?? '', to: filter.to ?? '', perPage };
}

export function filterFromDraft(d: LogFilterDraft, runId?: number): LogFilter {
  const f: LogFilter = {};
  if (d.type) f.type = d.type;
  if (d.status) f.status = d.status;
  if (d.from) f.from = d.from;
  if (d.to) f.to = d.to;
  if (runId !== undefined) f.runId = runId;
  return f;
}

export function validateDraftDates(d: LogFilterDraft): { from?: string } {
  if (d.from && d.to && d.from > d.to) return { from: 'The start date must not be after the end date' };
  return {};
}

// The seed lists three statuses in the filter; "Skip" is offered too because skipped records are logged.
const STATUS_OPTIONS = LOG_STATUSES;

/**
 * The log viewer's filter bar. Changes stay a draft until Apply Filters, as in the seed; the applied filter
 * lives in the address so pagination keeps it.
 */
export function LogFilters({ applied, onApply, onReset }: { applied: LogFilterDraft; onApply: (draft: LogFilterDraft) => void; onReset: () => void }) {
  const [draft, setDraft] = useState(applied);
  const [errors, setErrors] = useState<{ from?: string }>({});
  useEffect(() => {
    setDraft(applied);
    setErrors({});
  }, [applied]);
  const set = <K extends keyof LogFilterDraft>(key: K, value: LogFilterDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(applied);

  return (
    <form
      className="panel filters"
      aria-label="Log filters"
      noValidate
      onKeyDown={enterSubmitsFromSelect}
      onSubmit={(e) => {
        e.preventDefault();
        const found = validateDraftDates(draft);
        setErrors(found);
        if (!found.from) onApply(draft);
      }}
    >
      <div className="filter-fields">
        <SelectField
          id="filter-type"
          label="Sync Type"
          value={draft.type}
          allLabel="All Types"
          values={SYNC_TYPES}
          labelOf={(t) => SYNC_TYPE_LABEL[t]}
          onChange={(v) => set('type', v)}
        />
        <SelectField
          id="filter-status"
          label="Status"
          value={draft.status}
          allLabel="All Statuses"
          values={STATUS_OPTIONS}
          labelOf={(s) => STATUS_LABEL[s]}
          onChange={(v) => set('status', v)}
        />
        <div className={`field${errors.from ? ' has-error' : ''}`}>
          <label htmlFor="filter-from">Start Date</label>
          <input
            id="filter-from"
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(e) => set('from', e.target.value)}
            aria-invalid={errors.from ? true : undefined}
            aria-describedby={errors.from ? 'filter-from-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">End Date</label>
          <input id="filter-to" type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="field field-perpage">
          <label htmlFor="filter-perpage">Per Page</label>
          <select id="filter-perpage" value={draft.perPage} onChange={(e) => set('perPage', Number(e.target.value))}>
            {PER_PAGE_OPTIONS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className={`btn ${dirty ? 'btn-primary' : ''}`}>
            Apply Filters
          </button>
          <button type="button" className="btn btn-quiet" onClick={onReset}>
            Reset
          </button>
        </div>
      </div>
      <div className="field-error" id="filter-from-error" role={errors.from ? 'alert' : undefined}>
        {errors.from ?? (dirty ? 'Changed filters apply when you press Apply Filters.' : '')}
      </div>
    </form>
  );
}
