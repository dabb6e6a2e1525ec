import type { BreakdownRow } from '../../../shared/domain';
import { formatCount, syncTypeLabel } from '../lib/format';

/**
 * Seed "Sync Type Breakdown": per type, success / error / warning / total log operations. Skipped records
 * are counted in the total too; their column makes the row add up.
 */
function skipped(r: BreakdownRow): number {
  return Math.max(0, r.total - r.success - r.error - r.warning);
}

export function BreakdownTable({ rows }: { rows: BreakdownRow[] }) {
  const sum = rows.reduce((acc, r) => ({ success: acc.success + r.success, error: acc.error + r.error, warning: acc.warning + r.warning, total: acc.total + r.total }), {
    success: 0,
    error: 0,
    warning: 0,
    total: 0,
  });
  return (
    <div className="table-wrap" role="region" aria-label="Sync type breakdown, scrollable table" tabIndex={0}>
      <table className="data-table breakdown-table" data-testid="breakdown">
        <caption className="sr-only">Sync type breakdown</caption>
        <thead>
          <tr>
            <th scope="col">Sync Type</th>
            <th scope="col" className="num">
              Success
            </th>
            <th scope="col" className="num">
              Error
            </th>
            <th scope="col" className="num">
              Warning
            </th>
            <th scope="col" className="num col-skipped">
              Skipped
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.type}>
              <th scope="row">
                {syncTypeLabel(r.type)} <span className="code-hint">{r.type}</span>
              </th>
              <td className="num tone-green-text">{formatCount(r.success)}</td>
              <td className={`num${r.error > 0 ? ' tone-red-text strong' : ''}`}>{formatCount(r.error)}</td>
              <td className={`num${r.warning > 0 ? ' tone-yellow-text' : ''}`}>{formatCount(r.warning)}</td>
              <td className="num muted col-skipped">{formatCount(skipped(r))}</td>
              <td className="num strong">{formatCount(r.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All types</th>
            <td className="num">{formatCount(sum.success)}</td>
            <td className="num">{formatCount(sum.error)}</td>
            <td className="num">{formatCount(sum.warning)}</td>
            <td className="num col-skipped">{formatCount(sum.total - sum.success - sum.error - sum.warning)}</td>
            <td className="num strong">{formatCount(sum.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
