import { useEffect, useRef, useState } from 'react';
import type { BillingHoldRequest, BillingRunJson } from '../../../../shared/billing';
import type { BillingExportFormat } from '../../../../shared/settings';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useApiQuery } from '../../hooks/use-api-query';
import { errorMessage, formatMoney, formatMonth } from '../../lib/format';
import type { PageName, RouteParams } from '../../lib/route';
import { ActionDialog } from './ActionDialog';
import { holdTargetOf, isMonth, latestClosedRun, plural, previousMonth, shiftMonth } from './billing-text';
import { ExcludedList, type ReleaseAsk } from './ExcludedList';
import { ExportPanel } from './ExportPanel';
import { InvoiceList, type HoldAsk } from './InvoiceList';
import { Preflight } from './Preflight';
import { RunHistory } from './RunHistory';

type Dialog = { type: 'hold'; ask: HoldAsk } | { type: 'release'; ask: ReleaseAsk } | { type: 'close' } | { type: 'reopen'; run: BillingRunJson };

export interface BillingPageProps {
  params: URLSearchParams;
  navigate: (page: PageName, params?: RouteParams) => void;
  /** For tests: the clock that picks the default month. */
  now?: () => Date;
}

/**
 * The bookkeeper's month-end (docs/product-rules.md#billing): pick a month, check the pre-flight, read each customer's
 * invoice and what is left out, hold or release, close, export, and see the history of closed months.
 */
export function BillingPage({ params, navigate, now = () => new Date() }: BillingPageProps) {
  const requested = params.get('month');
  const month = isMonth(requested) ? requested : previousMonth(now());
  const monthLabel = formatMonth(month);
  const preview = useApiQuery(() => call('billing:preview', { period: month }), `preview|${month}`);
  const runs = useApiQuery(() => call('billing:runs'), 'runs');
  const [format, setFormat] = useState<BillingExportFormat>('csv');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [releaseScope, setReleaseScope] = useState<'line' | 'customer'>('line');
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const focusFallback = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    call('settings:get')
      .then((s) => setFormat(s.billingExportFormat))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    setStatus(null);
    setProblem(null);
  }, [month]);

  // A button that did its job may be gone after the reload (Close month → Reopen, a held line moved to
  // "Left out"): put focus on the month's status heading instead of letting it fall to the page.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) focusFallback.current?.focus();
  }, [preview.data, runs.data]);

  const data = preview.dataKey === `preview|${month}` ? preview.data : null;
  const shown = data ?? preview.data;
  const isOpen = shown?.state === 'open';
  const currency = shown?.currency ?? 'USD';
  const latest = runs.data ? latestClosedRun(runs.data) : null;
  const reloadAll = () => {
    preview.reload();
    runs.reload();
  };
  const done = (message: string) => {
    setDialog(null);
    setProblem(null);
    setStatus(message);
    reloadAll();
  };

  const chooseFormat = (f: BillingExportFormat) => {
    setFormat(f);
    call('settings:update', { billingExportFormat: f }).catch((e: unknown) => setProblem(`Could not remember the format: ${errorMessage(e)}`));
  };

  const goMonth = (m: string) => navigate('billing', { month: m });

  return (
    <div className="page billing-page">
      <PageHeader title="Billing" subtitle="A month's invoices from the synced data: check them, close the month, and take them into your accounting package." />
      <div className="month-picker" role="group" aria-label="Billing month">
        <button type="button" className="btn" onClick={() => goMonth(shiftMonth(month, -1))} aria-label={`Previous month, ${formatMonth(shiftMonth(month, -1))}`}>
          <span aria-hidden="true">‹</span> Previous
        </button>
        <label htmlFor="billing-month" className="month-label">
          Month
        </label>
        <input
          id="billing-month"
          type="month"
          value={month}
          onChange={(e) => {
            if (isMonth(e.target.value)) goMonth(e.target.value);
          }}
        />
        <button type="button" className="btn" onClick={() => goMonth(shiftMonth(month, 1))} aria-label={`Next month, ${formatMonth(shiftMonth(month, 1))}`}>
          Next <span aria-hidden="true">›</span>
        </button>
        {month !== previousMonth(now()) && (
          <button type="button" className="btn btn-quiet" onClick={() => goMonth(previousMonth(now()))}>
            Last month
          </button>
        )}
      </div>

      <div role="status" className="billing-status-live" data-testid="billing-status">
        {status && (
          <div className="notice notice-success">
            <div className="notice-text">{status}</div>
          </div>
        )}
      </div>
      <div role="alert">
        {problem && (
          <div className="notice notice-error">
            <div className="notice-text">{problem}</div>
          </div>
        )}
      </div>
      {preview.error && (
        <Notice tone="error">
          Could not load the billing preview for {monthLabel}: {preview.error}
        </Notice>
      )}

      <section className="panel month-status" aria-labelledby="month-status-title" aria-busy={preview.loading || undefined}>
        <div className="month-status-row">
          <div>
            <h2 id="month-status-title" className="panel-title" tabIndex={-1} ref={focusFallback}>
              {monthLabel}{' '}
              {shown && shown.period.month === month && (
                <span className={`badge ${isOpen ? 'badge-blue' : 'badge-green'} badge-inline`} data-testid="month-state">
                  {isOpen ? 'Open' : 'Closed'}
                </span>
              )}
            </h2>
            <p className="panel-text" data-testid="month-summary">
              {!data
                ? preview.error
                  ? '—'
                  : 'Loading…'
                : `${plural(data.invoices.length, 'invoice')}, total ${formatMoney(data.total, currency)}${data.excluded.length > 0 ? `; ${plural(data.excluded.length, 'line')} left out` : ''}.`}
            </p>
          </div>
          {data && (
            <div className="month-actions">
              {data.state === 'open' ? (
                <>
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-disabled={!data.closable.ok || undefined}
                    aria-describedby={!data.closable.ok ? 'close-reason' : undefined}
                    onClick={() => data.closable.ok && setDialog({ type: 'close' })}
                  >
                    Close {monthLabel}
                  </button>
                  {!data.closable.ok && data.closable.reason && (
                    <span id="close-reason" className="cell-sub close-reason" data-testid="close-reason">
                      {data.closable.reason}
                    </span>
                  )}
                </>
              ) : (
                <>
                  <span className="cell-sub">Closed; its invoices are numbered and locked{data.runId !== null ? ` (run ${data.runId})` : ''}.</span>
                  {latest && latest.runId === data.runId && (
                    <button type="button" className="btn btn-quiet-danger" onClick={() => setDialog({ type: 'reopen', run: latest })}>
                      Reopen {monthLabel}
                    </button>
                  )}
                </>
              )}
            </div>
          )}
        </div>
      </section>

      {data && <Preflight preflight={data.preflight} format={format} open={data.state === 'open'} />}

      {data && (
        <section className="billing-section" aria-labelledby="invoices-title">
          <h2 id="invoices-title" className="section-title">
            Invoices <span className="muted">({data.invoices.length})</span>
          </h2>
          <InvoiceList invoices={data.invoices} currency={currency} open={data.state === 'open'} onHold={(ask) => setDialog({ type: 'hold', ask })} />
        </section>
      )}

      {data && (
        <section className="billing-section" aria-labelledby="excluded-title">
          <h2 id="excluded-title" className="section-title">
            Left out <span className="muted">({data.excluded.length})</span>
          </h2>
          <ExcludedList
            excluded={data.excluded}
            currency={currency}
            open={data.state === 'open'}
            onRelease={(ask) => {
              setReleaseScope(ask.kind === 'held' && !holdTargetOf(ask.exclusion.source) ? 'customer' : 'line');
              setDialog({ type: 'release', ask });
            }}
          />
        </section>
      )}

      {data && (
        <ExportPanel
          period={month}
          monthLabel={monthLabel}
          open={data.state === 'open'}
          currency={currency}
          format={format}
          onFormat={chooseFormat}
          missing={data.preflight.missingForFormat[format] ?? []}
          onExported={() => runs.reload()}
        />
      )}

      <section className="billing-section" aria-labelledby="history-title">
        <h2 id="history-title" className="section-title">
          History
        </h2>
        {runs.error && <Notice tone="error">Could not load the closed months: {runs.error}</Notice>}
        {runs.data && <RunHistory runs={runs.data} currency={currency} latestRunId={latest?.runId ?? null} onReopen={(run) => setDialog({ type: 'reopen', run })} />}
      </section>

      {dialog && data && (
        <BillingDialog
          dialog={dialog}
          monthLabel={monthLabel}
          month={month}
          invoices={data.invoices.length}
          total={formatMoney(data.total, currency)}
          currency={currency}
          releaseScope={releaseScope}
          onReleaseScope={setReleaseScope}
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function BillingDialog({
  dialog,
  monthLabel,
  month,
  invoices,
  total,
  currency,
  releaseScope,
  onReleaseScope,
  onDone,
  onClose,
}: {
  dialog: Dialog;
  monthLabel: string;
  month: string;
  invoices: number;
  total: string;
  currency: string;
  releaseScope: 'line' | 'customer';
  onReleaseScope: (s: 'line' | 'customer') => void;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  if (dialog.type === 'close') {
    return (
      <ActionDialog
        title={`Close ${monthLabel}?`}
        confirmLabel={`Close ${monthLabel}`}
        onClose={onClose}
        onConfirm={async () => {
          const r = await call('billing:close', { period: month });
          const numbers =
            r.invoices.length > 0 ? ` numbered ${r.invoices[0]!.invoiceNumber}${r.invoices.length > 1 ? ` to ${r.invoices[r.invoices.length - 1]!.invoiceNumber}` : ''}` : '';
          onDone(`Closed ${monthLabel}: ${plural(r.invoices.length, 'invoice')}${numbers}, total ${formatMoney(r.total, currency)}.`);
        }}
      >
        <p>
          This locks <strong>{plural(invoices, 'invoice')}</strong> totalling <strong>{total}</strong> and gives each its invoice number.
        </p>
        <p>Later changes in Autotask become adjustment lines in the next open month; this month stays as it is.</p>
      </ActionDialog>
    );
  }
  if (dialog.type === 'reopen') {
    const label = formatMonth(dialog.run.period);
    return (
      <ActionDialog
        title={`Reopen ${label}?`}
        confirmLabel={`Reopen ${label}`}
        danger
        onClose={onClose}
        onConfirm={async () => {
          const r = await call('billing:reopen', { period: dialog.run.period });
          onDone(r.message || `Reopened ${label}.`);
        }}
      >
        <p>
          Its {plural(dialog.run.invoices, 'invoice')} ({formatMoney(dialog.run.total, currency)}) are withdrawn and their numbers retired: they are never issued again. The lines
          become open again and get new numbers when the month is closed next.
        </p>
        <p>If you already imported these invoices into your accounting package, void them there.</p>
      </ActionDialog>
    );
  }
  if (dialog.type === 'hold') {
    const ask = dialog.ask;
    const req: BillingHoldRequest = ask.scope === 'line' ? { ...ask.target } : ask.release ? { customerId: ask.customerId, release: true } : { customerId: ask.customerId };
    const releasing = ask.scope === 'customer' && ask.release;
    return (
      <ActionDialog
        title={ask.scope === 'line' ? 'Hold this line?' : releasing ? `Release ${ask.customer}?` : `Hold ${ask.customer}?`}
        confirmLabel={ask.scope === 'line' ? 'Hold line' : releasing ? 'Release customer' : 'Hold customer'}
        withNote
        onClose={onClose}
        onConfirm={async (note) => {
          const r = await call('billing:hold', { ...req, ...(note ? { note } : {}) });
          onDone(r.message);
        }}
      >
        {ask.scope === 'line' ? (
          <p>
            “{ask.description}” ({formatMoney(ask.amount, currency)}) for {ask.customer} stays out of every close until you release it. Nothing is lost: released, it appears in the
            earliest open month, marked late.
          </p>
        ) : releasing ? (
          <p>{ask.customer}&apos;s held lines come back into the earliest open month, marked late with their own dates.</p>
        ) : (
          <p>Every line of {ask.customer} stays out of every close until you release the customer. The lines are kept and listed under Left out.</p>
        )}
      </ActionDialog>
    );
  }
  const ask = dialog.ask;
  if (ask.kind === 'posted') {
    return (
      <ActionDialog
        title="Bill an item Autotask has posted?"
        confirmLabel="Bill it here"
        danger
        withNote
        onClose={onClose}
        onConfirm={async (note) => {
          const r = await call('billing:release-posted', { itemId: ask.itemId, release: true, ...(note ? { note } : {}) });
          onDone(r.message);
        }}
      >
        <p>
          “{ask.exclusion.description}” ({formatMoney(ask.exclusion.amount, currency)}) for {ask.exclusion.customer} was {ask.exclusion.reasonText || 'posted in Autotask'}.
        </p>
        <p>
          <strong>Billing it here too may bill the customer twice.</strong> Do this only when the Autotask invoice was not sent.
        </p>
      </ActionDialog>
    );
  }
  const target = holdTargetOf(ask.exclusion.source);
  return (
    <ActionDialog
      title="Release held lines?"
      confirmLabel="Release"
      withNote
      onClose={onClose}
      onConfirm={async (note) => {
        const base: BillingHoldRequest = releaseScope === 'line' && target ? { ...target } : { customerId: ask.exclusion.customerId };
        const r = await call('billing:hold', { ...base, release: true, ...(note ? { note } : {}) });
        onDone(r.message);
      }}
    >
      <fieldset className="release-scope">
        <legend>What to release</legend>
        <label className="checkbox-field">
          <input type="radio" name="release-scope" checked={releaseScope === 'line'} disabled={!target} onChange={() => onReleaseScope('line')} /> Only “{ask.exclusion.description}
          ” ({formatMoney(ask.exclusion.amount, currency)})
        </label>
        <label className="checkbox-field">
          <input type="radio" name="release-scope" checked={releaseScope === 'customer'} onChange={() => onReleaseScope('customer')} /> The hold on {ask.exclusion.customer} (all
          its held lines)
        </label>
      </fieldset>
      <p>Released lines appear in the earliest open month, marked late with their own dates.</p>
    </ActionDialog>
  );
}
