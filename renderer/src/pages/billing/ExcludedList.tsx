import type { BillingExclusionJson } from '../../../../shared/billing';
import { formatCalendarDate, formatMoney } from '../../lib/format';
import { KIND_LABEL, REASON_LABEL, sourceText } from './billing-text';

export type ReleaseAsk =
  | { kind: 'held'; exclusion: BillingExclusionJson }
  | { kind: 'posted'; exclusion: BillingExclusionJson; itemId: number };

/** What this month leaves out and why; held lines can be released, posted-in-Autotask items billed anyway. */
export function ExcludedList({ excluded, currency, open, onRelease }: { excluded: BillingExclusionJson[]; currency: string; open: boolean; onRelease: (ask: ReleaseAsk) => void }) {
  if (excluded.length === 0) return <p className="muted empty-note">Nothing is left out of this month.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Left out" tabIndex={0}>
      <table className="data-table stackable compact" data-testid="excluded-table">
        <caption className="sr-only">Left out of this month</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Kind</th>
            <th scope="col">Date</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Reason</th>
            {open && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {excluded.map((x, i) => (
            <tr key={i}>
              <td data-label="Customer">{x.customer}</td>
              <td data-label="Kind">{KIND_LABEL[x.kind]}</td>
              <td data-label="Date" className="nowrap">
                {formatCalendarDate(x.date)}
              </td>
              <td data-label="Description" className="col-description">
                {x.description}
                <span className="cell-sub">{sourceText(x.source)}</span>
              </td>
              <td data-label="Amount" className="num">
                {formatMoney(x.amount, currency)}
              </td>
              <td data-label="Reason">
                <span className={`badge ${x.reason === 'posted-in-autotask' ? 'badge-blue' : x.reason === 'held' ? 'badge-yellow' : 'badge-gray'}`}>{REASON_LABEL[x.reason]}</span>
                {x.reasonText && <span className="cell-sub">{x.reasonText}</span>}
              </td>
              {open && (
                <td data-label="Actions">
                  <ReleaseButton exclusion={x} onRelease={onRelease} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReleaseButton({ exclusion: x, onRelease }: { exclusion: BillingExclusionJson; onRelease: (ask: ReleaseAsk) => void }) {
  if (x.reason === 'held') {
    return (
      <button type="button" className="btn btn-small" onClick={() => onRelease({ kind: 'held', exclusion: x })}>
        Release<span className="sr-only"> {x.description}</span>
      </button>
    );
  }
  if (x.reason === 'posted-in-autotask' && x.source.itemId !== undefined && x.kind === 'time') {
    const itemId = x.source.itemId;
    return (
      <button type="button" className="btn btn-small" onClick={() => onRelease({ kind: 'posted', exclusion: x, itemId })}>
        Bill anyway<span className="sr-only"> {x.description}</span>
      </button>
    );
  }
  return null;
}
