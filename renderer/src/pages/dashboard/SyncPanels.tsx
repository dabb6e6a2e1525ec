import { useState } from 'react';
import { addDays, toLocalDate } from '../../../../shared/dates';
import type { SyncRequest } from '../../../../shared/domain';
import { call } from '../../api';
import { TextField } from '../../components/TextField';
import { errorMessage } from '../../lib/format';

export function defaultTimeRange(today: Date): { from: string; to: string } {
  const to = toLocalDate(today);
  return { from: addDays(to, -7), to };
}

export function validateTimeRange(from: string, to: string): { from?: string; to?: string } {
  const errors: { from?: string; to?: string } = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) errors.from = 'Choose a start date';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) errors.to = 'Choose an end date';
  if (!errors.from && !errors.to && from > to) errors.from = 'The start date must not be after the end date';
  return errors;
}

interface Feedback {
  tone: 'success' | 'error';
  text: string;
}

/**
 * Seed "Manual Sync Operations": Sync Contracts (with "End expired contracts") and Sync Time Entries (Start
 * and End dates, default last 7 days to today). Each confirms in a polite live region that stays mounted,
 * so screen readers announce the confirmation.
 */
export function SyncPanels({ busy, onQueued }: { busy: boolean; onQueued: () => void }) {
  const [endExpired, setEndExpired] = useState(false);
  const [allowMass, setAllowMass] = useState<Record<'contract' | 'time_entry', boolean>>({ contract: false, time_entry: false });
  const [range, setRange] = useState(() => defaultTimeRange(new Date()));
  const [rangeErrors, setRangeErrors] = useState<{ from?: string; to?: string }>({});
  const [pending, setPending] = useState<'contract' | 'time_entry' | null>(null);
  const [feedback, setFeedback] = useState<Record<'contract' | 'time_entry', Feedback | null>>({ contract: null, time_entry: null });

  const start = async (request: SyncRequest) => {
    setPending(request.type);
    setFeedback((f) => ({ ...f, [request.type]: null }));
    try {
      const result = await call('sync:start', request);
      setFeedback((f) => ({ ...f, [request.type]: { tone: 'success', text: result.message } }));
      onQueued();
    } catch (e) {
      setFeedback((f) => ({ ...f, [request.type]: { tone: 'error', text: errorMessage(e) } }));
    } finally {
      setPending(null);
    }
  };

  const startTime = () => {
    const errors = validateTimeRange(range.from, range.to);
    setRangeErrors(errors);
    if (errors.from || errors.to) return;
    void start({ type: 'time_entry', from: range.from, to: range.to, ...(allowMass.time_entry ? { allowMassChange: true } : {}) });
  };

  const disabledReason = busy ? 'A sync is running; wait for it to finish.' : null;

  return (
    <section className="sync-panels" aria-label="Manual sync operations">
      <form
        className="panel sync-panel"
        aria-labelledby="sync-contracts-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || pending !== null) return;
          void start({ type: 'contract', endExpired, ...(allowMass.contract ? { allowMassChange: true } : {}) });
        }}
      >
        <h2 id="sync-contracts-title" className="panel-title">Sync Contracts</h2>
        <p className="panel-text">
          Imports and updates active contracts whose name starts with your SKU prefix. Customers are created when a contract needs
          one.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={endExpired} onChange={(e) => setEndExpired(e.target.checked)} />
          <span>End expired contracts</span>
        </label>
        <MassChangeOption checked={allowMass.contract} onChange={(v) => setAllowMass((m) => ({ ...m, contract: v }))} id="contract" />
        <div className="panel-actions">
          <button type="submit" className="btn btn-primary" aria-disabled={busy || pending !== null || undefined} aria-describedby={disabledReason ? 'sync-busy-reason' : undefined}>
            {pending === 'contract' ? 'Queuing…' : 'Sync Contracts'}
          </button>
        </div>
        <div className="live-slot" role="status" aria-live="polite" data-testid="contract-sync-feedback">
          {feedback.contract?.tone === 'success' && <p className="feedback feedback-success">{feedback.contract.text}</p>}
        </div>
        {feedback.contract?.tone === 'error' && (
          <p className="feedback feedback-error" role="alert">
            {feedback.contract.text}
          </p>
        )}
      </form>

      <form
        className="panel sync-panel"
        aria-labelledby="sync-time-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (busy || pending !== null) return;
          startTime();
        }}
      >
        <h2 id="sync-time-title" className="panel-title">Sync Time Entries</h2>
        <p className="panel-text">Imports billable, approved time entries worked in the chosen dates at your fixed hourly rate.</p>
        <div className="field-row">
          <TextField
            id="time-from"
            label="Start Date"
            type="date"
            value={range.from}
            max={range.to || undefined}
            onChange={(from) => setRange((r) => ({ ...r, from }))}
            error={rangeErrors.from}
          />
          <TextField
            id="time-to"
            label="End Date"
            type="date"
            value={range.to}
            min={range.from || undefined}
            onChange={(to) => setRange((r) => ({ ...r, to }))}
            error={rangeErrors.to}
          />
        </div>
        <MassChangeOption checked={allowMass.time_entry} onChange={(v) => setAllowMass((m) => ({ ...m, time_entry: v }))} id="time" />
        <div className="panel-actions">
          <button type="submit" className="btn btn-primary" aria-disabled={busy || pending !== null || undefined} aria-describedby={disabledReason ? 'sync-busy-reason' : undefined}>
            {pending === 'time_entry' ? 'Queuing…' : 'Sync Time Entries'}
          </button>
        </div>
        <div className="live-slot" role="status" aria-live="polite" data-testid="time-sync-feedback">
          {feedback.time_entry?.tone === 'success' && <p className="feedback feedback-success">{feedback.time_entry.text}</p>}
        </div>
        {feedback.time_entry?.tone === 'error' && (
          <p className="feedback feedback-error" role="alert">
            {feedback.time_entry.text}
          </p>
        )}
      </form>
      {disabledReason && (
        <p id="sync-busy-reason" className="sr-only">
          {disabledReason}
        </p>
      )}
    </section>
  );
}

/**
 * The mass-change guard stops a run that would end or flag an unusually large share of records at once
 * (a wrong SKU prefix, an Autotask outage returning nothing). Ticking this lets one run go ahead anyway.
 */
function MassChangeOption({ id, checked, onChange }: { id: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="checkbox checkbox-quiet">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={`mass-${id}-hint`} />
      <span>
        Allow mass change
        <span className="checkbox-hint" id={`mass-${id}-hint`}>
          Only after a run was stopped for changing too many records at once
        </span>
      </span>
    </label>
  );
}
