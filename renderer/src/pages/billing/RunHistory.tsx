import type { BillingRunJson } from '../../../../shared/billing';
import { formatCount, formatDateTime, formatMoney, formatMonth } from '../../lib/format';
import { formatHash } from '../../lib/route';
import { FORMAT_LABEL } from './billing-text';

/** Every closed month with its exports (format, file, SHA-256, time); the latest closed run can be reopened. */
export function RunHistory({
  runs,
  currency,
  latestRunId,
  onReopen,
}: {
  runs: BillingRunJson[];
  currency: string;
  latestRunId: number | null;
  onReopen: (run: BillingRunJson) => void;
}) {
  if (runs.length === 0) return <p className="muted empty-note">No month has been closed yet.</p>;
  const sorted = [...runs].sort((a, b) => (a.period === b.period ? b.runId - a.runId : a.period < b.period ? 1 : -1));
  return (
    <div className="table-wrap" role="region" aria-label="Billing history" tabIndex={0}>
      <table className="data-table stackable compact" data-testid="runs-table">
        <caption className="sr-only">Closed months</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Closed</th>
            <th scope="col" className="num">
              Invoices
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Exports</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.runId} className={r.reopenedAt ? 'is-reopened' : undefined}>
              <td data-label="Month">
                <a href={formatHash('billing', { month: r.period })}>{formatMonth(r.period)}</a>
                <span className="cell-sub">run {r.runId}</span>
              </td>
              <td data-label="Closed">
                <time dateTime={r.closedAt}>{formatDateTime(r.closedAt)}</time>
                {r.reopenedAt && (
                  <span className="cell-sub">
                    Reopened <time dateTime={r.reopenedAt}>{formatDateTime(r.reopenedAt)}</time>; its numbers are retired
                  </span>
                )}
              </td>
              <td data-label="Invoices" className="num">
                {formatCount(r.invoices)}
              </td>
              <td data-label="Total" className="num">
                {formatMoney(r.total, currency)}
              </td>
              <td data-label="Exports" className="col-exports">
                {r.exports.length === 0 ? (
                  <span className="muted">None yet</span>
                ) : (
                  <ul className="export-records">
                    {r.exports.map((x, i) => (
                      <li key={i}>
                        <span className="strong">{(FORMAT_LABEL as Record<string, string>)[x.format] ?? x.format}</span> · {x.file} ·{' '}
                        <time dateTime={x.at}>{formatDateTime(x.at)}</time>
                        <span className="cell-sub">
                          SHA-256 <code className="sha">{x.sha256}</code>
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td data-label="Actions">
                {r.runId === latestRunId && (
                  <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => onReopen(r)}>
                    Reopen<span className="sr-only"> {formatMonth(r.period)}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
