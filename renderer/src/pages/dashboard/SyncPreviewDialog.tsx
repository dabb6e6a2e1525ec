import { useEffect, useRef, useState } from 'react';
import type { SyncProgress, SyncRequest } from '../../../../shared/domain';
import type { PlanListName, PlanSummary, SyncPreview } from '../../../../shared/sync-preview';
import { call, subscribe } from '../../api';
import { Modal } from '../../components/Modal';
import { errorMessage, formatCalendarDate, formatCount, formatMoney, syncTypeLabel } from '../../lib/format';

/**
 * "Preview" (issue #16): asks the core for the plan of exactly this request (a dry run through the same
 * planning code as the real run), shows its counts and every change, and offers "Run this sync" — or,
 * when the mass-change check would stop the run, "Allow this once", which lifts it for that one run.
 * Closing while the plan is being worked out stops the preview.
 */
export function SyncPreviewDialog({
  request,
  title,
  busy,
  onClose,
  onRun,
}: {
  request: SyncRequest;
  title: string;
  busy: boolean;
  onClose: () => void;
  onRun: (request: SyncRequest) => void;
}) {
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const top = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let settled = false;
    const off = subscribe('sync:progress', (p) => !settled && setProgress(p));
    call('sync:preview', request)
      .then((p) => setPreview(p))
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => (settled = true));
    return () => {
      off();
      if (!settled) void call('sync:preview-cancel').catch(() => undefined);
    };
    // One preview per opened dialog: the request is fixed when it opens; re-running on a new object would re-plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Once the plan is ready, focus that still rests on the dialog's own Close button moves to the action.
  useEffect(() => {
    const dialog = top.current?.closest<HTMLElement>('[role="dialog"]');
    const active = document.activeElement;
    if (!preview || !dialog || !(active === dialog || active?.closest('.modal-footer'))) return;
    dialog.querySelector<HTMLElement>('[data-action="run"]')?.focus();
  }, [preview]);

  const guard = preview?.status === 'ready' && preview.massChange !== null;
  const actions = preview?.status === 'ready' && (
    <button
      type="button"
      className={`btn ${guard ? 'btn-danger' : 'btn-primary'}`}
      data-action="run"
      aria-disabled={busy || undefined}
      onClick={() => !busy && onRun(guard ? { ...preview.request, allowMassChange: true } : preview.request)}
    >
      {guard ? 'Allow this once' : 'Run this sync'}
    </button>
  );
  return (
    <Modal title={title} onClose={onClose} wide actions={actions} closeLabel={preview ? 'Close' : 'Stop and close'}>
      <p className="muted preview-request" ref={top}>
        {describeRequest(request)}
      </p>
      <div role="status" aria-live="polite" className="preview-status">
        {!preview && !error && <Working progress={progress} />}
        {preview && preview.status !== 'ready' && <p className="feedback feedback-error">{preview.message}</p>}
        {preview?.status === 'ready' && <p>Plan ready: {summaryText(preview)}. Nothing has been written to your billing data.</p>}
      </div>
      {error && (
        <p className="feedback feedback-error" role="alert">
          Could not preview the sync: {error}
        </p>
      )}
      {guard && <GuardNotice message={preview.massChange!} />}
      {preview?.status === 'ready' && <PlanView preview={preview} />}
    </Modal>
  );
}

function describeRequest(r: SyncRequest): string {
  if (r.type === 'contract') return `Contracts with your SKU prefix; expired contracts ${r.endExpired ? 'are ended too' : 'are not ended'}.`;
  return `Time entries worked ${formatCalendarDate(r.from)} to ${formatCalendarDate(r.to)}.`;
}

function Working({ progress }: { progress: SyncProgress | null }) {
  const pct = progress?.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  return (
    <div className="preview-working">
      <p>Working out the plan{progress ? `: ${progress.phase}` : '…'} (reading Autotask, writing nothing).</p>
      <div
        className={`progress${pct === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Preview progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className="progress-bar" style={{ width: pct === null ? undefined : `${pct}%` }} />
      </div>
    </div>
  );
}

function GuardNotice({ message }: { message: string }) {
  return (
    <div className="notice notice-warning preview-guard" data-testid="preview-guard">
      <div className="notice-text">
        <strong>The mass-change check would stop this sync.</strong> {guardSentence(message)} Check Autotask first. If these changes are right, <strong>Allow this once</strong>{' '}
        runs this sync with the check lifted for this one run only; the next run is checked again.
      </div>
    </div>
  );
}

/** The guard's own words without its "how to allow" tail (the button below is that). */
function guardSentence(message: string): string {
  const core = message.replace(/^Stopped before writing anything: /, '').replace(/ Check Autotask; if the change is intended,.*$/, '');
  return core.charAt(0).toUpperCase() + core.slice(1);
}

const LIST_TITLES: Record<PlanListName, string> = { creates: 'Creates', updates: 'Updates', ends: 'Ends', flags: 'Flags', skips: 'Skips', errors: 'Errors' };

/** The figures the run will report (its counts), with ends and flags apart. */
function figures(p: SyncPreview): [key: string, label: string, n: number][] {
  const c = p.counts;
  return [
    ['create', 'Created', c.create],
    ['update', 'Updated', c.update],
    ['ends', 'Ended', p.totals.ends],
    ['flags', 'Flagged', p.totals.flags],
    ['skip', 'Skipped', c.skip],
    ['error', 'Errors', c.error],
    ['unchanged', 'Unchanged', c.unchanged],
  ];
}

function summaryText(p: SyncPreview): string {
  return figures(p)
    .map(([, label, n]) => `${label.toLowerCase()} ${formatCount(n)}`)
    .join(', ');
}

function PlanView({ preview }: { preview: SyncPreview }) {
  const { plan, totals } = preview;
  return (
    <div className="preview-plan">
      <ul className="preview-counts" aria-label="What the run will report" data-testid="preview-counts">
        {figures(preview).map(([key, label, n]) => (
          <li key={key} data-count={key}>
            <span className="num preview-count">{formatCount(n)}</span> {label}
          </li>
        ))}
      </ul>
      <p className="muted preview-note">
        These are the figures the run will report: an end counts as an update and a flag as a warning; new seat-count rows count as created and are listed with their contract line.
      </p>
      {(Object.keys(LIST_TITLES) as PlanListName[]).map((k) => (totals[k] > 0 ? <PlanSection key={k} name={k} plan={plan} total={totals[k]} /> : null))}
      {PLAN_EMPTY(totals) && <p className="muted">Nothing to change: every record already matches Autotask.</p>}
    </div>
  );
}

const PLAN_EMPTY = (t: Record<PlanListName, number>) => Object.values(t).every((n) => n === 0);

function PlanSection({ name, plan, total }: { name: PlanListName; plan: PlanSummary; total: number }) {
  const id = `preview-${name}`;
  const shown = plan[name].length;
  return (
    <section aria-labelledby={id} className="preview-section">
      <h3 id={id}>
        {LIST_TITLES[name]} <span className="muted num">({formatCount(total)})</span>
      </h3>
      {shown < total && (
        <p className="muted">
          Showing the first {formatCount(shown)} of {formatCount(total)}; every one is applied by the run.
        </p>
      )}
      <div className="table-wrap" role="region" aria-label={`${LIST_TITLES[name]}, scrollable table`} tabIndex={0}>
        <table className="data-table compact" data-testid={id}>
          <caption className="sr-only">{LIST_TITLES[name]} this sync would make</caption>
          <PlanRows name={name} plan={plan} />
        </table>
      </div>
    </section>
  );
}

const ID_COLUMNS = new Set(['Autotask id', 'Contract line', 'Contract', 'Time entry']);

function PlanRows({ name, plan }: { name: PlanListName; plan: PlanSummary }) {
  const head = (...cols: string[]) => (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col" className={ID_COLUMNS.has(c) ? 'num' : undefined}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
  switch (name) {
    case 'creates':
      return (
        <>
          {head('Type', 'Autotask id', 'What')}
          <tbody>
            {plan.creates.map((c, i) => (
              <tr key={i}>
                <td>{syncTypeLabel(c.syncType)}</td>
                <td className="num">{c.autotaskId}</td>
                <td className="wrap">{c.message}</td>
              </tr>
            ))}
          </tbody>
        </>
      );
    case 'updates':
      return (
        <>
          {head('Type', 'Autotask id', 'What', 'Before → after')}
          <tbody>
            {plan.updates.map((u, i) => (
              <tr key={i}>
                <td>{syncTypeLabel(u.syncType)}</td>
                <td className="num">{u.autotaskId}</td>
                <td className="wrap">{u.message}</td>
                <td>
                  <Changes changed={u.changed} />
                </td>
              </tr>
            ))}
          </tbody>
        </>
      );
    case 'ends':
      return (
        <>
          {head('Contract line', 'Contract', 'Why it ends')}
          <tbody>
            {plan.ends.map((e, i) => (
              <tr key={i}>
                <td className="num">{e.autotaskId}</td>
                <td className="num">{e.contractId}</td>
                <td className="wrap">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </>
      );
    case 'flags':
      return (
        <>
          {head('Time entry', 'Why it is flagged')}
          <tbody>
            {plan.flags.map((f, i) => (
              <tr key={i}>
                <td className="num">{f.autotaskId}</td>
                <td className="wrap">{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </>
      );
    case 'skips':
      return (
        <>
          {head('Type', 'Autotask id', 'Why it is skipped')}
          <tbody>
            {plan.skips.map((s, i) => (
              <tr key={i}>
                <td>{syncTypeLabel(s.syncType)}</td>
                <td className="num">{s.autotaskId}</td>
                <td className="wrap">{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </>
      );
    case 'errors':
      return (
        <>
          {head('Type', 'Autotask id', 'Error')}
          <tbody>
            {plan.errors.map((e, i) => (
              <tr key={i}>
                <td>{syncTypeLabel(e.syncType)}</td>
                <td className="num">{e.autotaskId ?? '—'}</td>
                <td className="wrap">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </>
      );
  }
}

/** Field-by-field before → after, money and dates through the locale's formats. */
function Changes({ changed }: { changed: PlanSummary['updates'][number]['changed'] }) {
  const entries = Object.entries(changed);
  if (entries.length === 0) return <span className="muted">see the description</span>;
  return (
    <dl className="preview-changes">
      {entries.map(([field, c]) => (
        <div key={field}>
          <dt>{fieldLabel(field)}</dt>
          <dd>
            <del>{showValue(field, c.before)}</del> <span aria-hidden="true">→</span>
            <span className="sr-only">becomes</span> <ins>{showValue(field, c.after)}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

const MONEY_FIELDS = new Set(['unitPrice', 'rate', 'amount']);

function fieldLabel(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function showValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string' && MONEY_FIELDS.has(field)) return formatMoney(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatCalendarDate(v);
  return String(v);
}
