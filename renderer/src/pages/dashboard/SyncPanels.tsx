import { useEffect, useRef, useState } from 'react';
import { addDays, toLocalDate } from '../../../../shared/dates';
import type { RunSummary, SyncRequest } from '../../../../shared/domain';
import { call } from '../../api';
import { TextField } from '../../components/TextField';
import { errorMessage } from '../../lib/format';
import { SyncPreviewDialog } from './SyncPreviewDialog';

type PanelType = 'contract' | 'time_entry';
const PANEL_TITLE: Record<PanelType, string> = { contract: 'Sync Contracts', time_entry: 'Sync Time Entries' };
/** Not "Preview Sync Contracts": a button named "Sync Contracts" must stay the only one that name matches. */
const PREVIEW_LABEL: Record<PanelType, string> = { contract: 'Preview the contract sync', time_entry: 'Preview the time entry sync' };

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
 * so screen readers announce the confirmation. "Preview" shows the plan of the same request first; a run the
 * mass-change check stopped leads to that preview, where "Allow this once" lifts the check for one run.
 */
export function SyncPanels({ busy, onQueued, finished = null }: { busy: boolean; onQueued: () => void; finished?: RunSummary | null }) {
  const [endExpired, setEndExpired] = useState(false);
  const [previewing, setPreviewing] = useState<SyncRequest | null>(null);
  const [stopped, setStopped] = useState<Record<PanelType, boolean>>({ contract: false, time_entry: false });
  const [feedback, setFeedback] = useState<Record<'contract' | 'time_entry', Feedback | null>>({ contract: null, time_entry: null });
  // The Sync buttons, where focus goes when the notice it rested on goes away ("Allow this once" ran).
  const syncButtons = useRef<Record<PanelType, HTMLButtonElement | null>>({ contract: null, time_entry: null });
  const refocus = useRef<PanelType | null>(null);
  useEffect(() => {
    if (!finished || finished.dryRun) return;
    const type: PanelType = finished.type;
    if (finished.massChangeStop !== true && document.activeElement?.closest(`[data-testid="${type}-guard-stop"]`)) refocus.current = type;
    setStopped((s) => ({ ...s, [type]: finished.massChangeStop === true }));
    // The run the green "queued" notice announced has ended: its outcome is in the status strip now, so a
    // stale "queued" never sits beside a red failure.
    setFeedback((f) => (f[finished.type]?.tone === 'success' ? { ...f, [finished.type]: null } : f));
  }, [finished]);
  useEffect(() => {
    const type = refocus.current;
    if (type === null || stopped[type]) return;
    refocus.current = null;
    syncButtons.current[type]?.focus();
  }, [stopped]);
  const [range, setRange] = useState(() => defaultTimeRange(new Date()));
  const [rangeErrors, setRangeErrors] = useState<{ from?: string; to?: string }>({});
  const [pending, setPending] = useState<'contract' | 'time_entry' | null>(null);

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

  const timeRequest = (): SyncRequest | null => {
    const errors = validateTimeRange(range.from, range.to);
    setRangeErrors(errors);
    return errors.from || errors.to ? null : { type: 'time_entry', from: range.from, to: range.to };
  };
  const startTime = () => {
    const request = timeRequest();
    if (request) void start(request);
  };
  const preview = (type: PanelType) => {
    if (busy || pending !== null) return;
    const request = type === 'contract' ? ({ type, endExpired } as const) : timeRequest();
    if (request) setPreviewing(request);
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
          void start({ type: 'contract', endExpired });
        }}
      >
        <h2 id="sync-contracts-title" className="panel-title">
          Sync Contracts
        </h2>
        <p className="panel-text">Imports and updates active contracts whose name starts with your SKU prefix. Customers are created when a contract needs one.</p>
        <label className="checkbox">
          <input type="checkbox" checked={endExpired} onChange={(e) => setEndExpired(e.target.checked)} />
          <span>End expired contracts</span>
        </label>
        <div className="panel-actions">
          <button
            type="submit"
            ref={(el) => void (syncButtons.current.contract = el)}
            className="btn btn-primary"
            aria-disabled={busy || pending !== null || undefined}
            aria-describedby={disabledReason ? 'sync-busy-reason' : undefined}
          >
            {pending === 'contract' ? 'Queuing…' : 'Sync Contracts'}
          </button>
          <PreviewButton type="contract" busy={busy || pending !== null} onClick={preview} describedBy={disabledReason ? 'sync-busy-reason' : undefined} />
        </div>
        {stopped.contract && <StoppedNotice type="contract" onPreview={preview} />}
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
        <h2 id="sync-time-title" className="panel-title">
          Sync Time Entries
        </h2>
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
        <div className="panel-actions">
          <button
            type="submit"
            ref={(el) => void (syncButtons.current.time_entry = el)}
            className="btn btn-primary"
            aria-disabled={busy || pending !== null || undefined}
            aria-describedby={disabledReason ? 'sync-busy-reason' : undefined}
          >
            {pending === 'time_entry' ? 'Queuing…' : 'Sync Time Entries'}
          </button>
          <PreviewButton type="time_entry" busy={busy || pending !== null} onClick={preview} describedBy={disabledReason ? 'sync-busy-reason' : undefined} />
        </div>
        {stopped.time_entry && <StoppedNotice type="time_entry" onPreview={preview} />}
        <div className="live-slot" role="status" aria-live="polite" data-testid="time-sync-feedback">
          {feedback.time_entry?.tone === 'success' && <p className="feedback feedback-success">{feedback.time_entry.text}</p>}
        </div>
        {feedback.time_entry?.tone === 'error' && (
          <p className="feedback feedback-error" role="alert">
            {feedback.time_entry.text}
          </p>
        )}
      </form>
      {previewing && (
        <SyncPreviewDialog
          request={previewing}
          title={`Preview: ${PANEL_TITLE[previewing.type]}`}
          busy={busy || pending !== null}
          onClose={() => setPreviewing(null)}
          onRun={(request) => {
            setPreviewing(null);
            void start(request);
          }}
        />
      )}
      {disabledReason && (
        <p id="sync-busy-reason" className="sr-only">
          {disabledReason}
        </p>
      )}
    </section>
  );
}

function PreviewButton({ type, busy, onClick, describedBy }: { type: PanelType; busy: boolean; onClick: (t: PanelType) => void; describedBy?: string }) {
  return (
    <button type="button" className="btn" aria-disabled={busy || undefined} aria-describedby={describedBy} aria-label={PREVIEW_LABEL[type]} onClick={() => onClick(type)}>
      Preview
    </button>
  );
}

/** After the mass-change check stopped this panel's sync: the way on is its preview and "Allow this once". */
function StoppedNotice({ type, onPreview }: { type: PanelType; onPreview: (t: PanelType) => void }) {
  return (
    <div className="notice notice-warning stopped-notice" data-testid={`${type}-guard-stop`}>
      <div className="notice-text">
        The last sync was stopped by the mass-change check before it wrote anything.{' '}
        <button type="button" className="btn btn-small" onClick={() => onPreview(type)}>
          Preview the changes
        </button>
      </div>
    </div>
  );
}
