import type { ReactNode } from 'react';
import type { BillingPreflight } from '../../../../shared/billing';
import type { BillingExportFormat } from '../../../../shared/settings';
import { useNow } from '../../hooks/use-now';
import { formatCount, formatDateTime, relativeTime } from '../../lib/format';
import { FORMAT_LABEL, formulaWarning, settingLabel } from './billing-text';

const DAY_MS = 24 * 3600 * 1000;

/** What to look at before closing: the sync's age, items that need a decision, what the export still needs. */
export function Preflight({ preflight: p, format, open }: { preflight: BillingPreflight; format: BillingExportFormat; open: boolean }) {
  const now = useNow();
  const syncAge = p.lastSuccessfulSyncAt ? now.getTime() - new Date(p.lastSuccessfulSyncAt).getTime() : null;
  const staleSync = syncAge === null || syncAge > DAY_MS;
  const missing = p.missingForFormat[format] ?? [];
  const warning = formulaWarning(p);
  const item = (label: string, value: ReactNode, tone: 'ok' | 'attention' | 'neutral', testId?: string) => (
    <div className={`preflight-item preflight-${tone}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section className="panel preflight" aria-labelledby="preflight-title">
      <h2 id="preflight-title" className="panel-title">
        {open ? 'Before you close' : 'Checks'}
      </h2>
      <dl className="preflight-grid">
        {item(
          'Last successful sync',
          p.lastSuccessfulSyncAt ? (
            <>
              <time dateTime={p.lastSuccessfulSyncAt} title={formatDateTime(p.lastSuccessfulSyncAt)}>
                {relativeTime(p.lastSuccessfulSyncAt, now)}
              </time>
              {staleSync && open && <span className="cell-sub">Sync before closing so the month is complete.</span>}
            </>
          ) : (
            <>
              Never<span className="cell-sub">Run a sync from the dashboard first.</span>
            </>
          ),
          staleSync ? 'attention' : 'ok',
          'preflight-sync',
        )}
        {item('Flagged items', p.flaggedItems > 0 ? <a href="#/items">{formatCount(p.flaggedItems)}</a> : '0', p.flaggedItems > 0 ? 'attention' : 'ok', 'preflight-flagged')}
        {item('Posted in Autotask', formatCount(p.postedInAutotask), p.postedInAutotask > 0 ? 'attention' : 'neutral', 'preflight-posted')}
        {item('Late lines', formatCount(p.lateLines), p.lateLines > 0 ? 'attention' : 'neutral', 'preflight-late')}
        {item('Held lines', formatCount(p.heldLines), p.heldLines > 0 ? 'attention' : 'neutral', 'preflight-held')}
        {item(
          `${FORMAT_LABEL[format]} export needs`,
          missing.length === 0 ? (
            'Nothing more'
          ) : (
            <>
              {missing.map(settingLabel).join(', ')}
              <span className="cell-sub">
                Set {missing.length === 1 ? 'it' : 'them'} in <a href="#/config">Configuration → Billing</a>.
              </span>
            </>
          ),
          missing.length === 0 ? 'ok' : 'attention',
          'preflight-missing',
        )}
        {item(
          'Dates in files',
          <>
            {p.dateFormat} <span className="cell-sub">e.g. {p.dateSample}</span>
          </>,
          'neutral',
        )}
      </dl>
      {warning && (
        <p className="feedback feedback-warning formula-warning" data-testid="formula-warning">
          {warning} The CSV working file adds a leading <code>&apos;</code> to them so a spreadsheet never runs them as formulas; the Xero, QuickBooks Online and IIF files carry
          them unchanged because those importers match names character for character.
        </p>
      )}
    </section>
  );
}
