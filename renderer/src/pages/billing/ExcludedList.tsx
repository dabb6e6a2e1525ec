import type { BillingExclusionJson } from '../../../../shared/billing';
import { centsToDecimal, decimalToCents } from '../../../../shared/money';
import { formatCalendarDate, formatCount, formatMoney } from '../../lib/format';
import { KIND_LABEL, REASON_LABEL, sourceText } from './billing-text';

export type ReleaseAsk = { kind: 'held'; exclusion: BillingExclusionJson } | { kind: 'posted'; exclusion: BillingExclusionJson; itemId: number };

interface ListProps {
  excluded: BillingExclusionJson[];
  currency: string;
  open: boolean;
  onRelease: (ask: ReleaseAsk) => void;
}

/**
 * What this month leaves out and why; held lines can be released, posted-in-Autotask items billed anyway.
 * What lies before billing started (adopting the app never back-bills history) can be hundreds of
 * entries, so it sits in a collapsed group with its count and total, below what the bookkeeper acts on.
 */
export function ExcludedList({ excluded, currency, open, onRelease }: ListProps) {
  if (excluded.length === 0) return <p className="muted empty-note">Nothing is left out of this month.</p>;
  const history = excluded.filter((x) => x.reason === 'before-billing-started');
  const actionable = excluded.filter((x) => x.reason !== 'before-billing-started');
  const historyTotal = centsToDecimal(history.reduce((sum, x) => sum + decimalToCents(x.amount), 0));
  return (
    <>
      {actionable.length > 0 && <ExclusionTable excluded={actionable} currency={currency} open={open} onRelease={onRelease} label="Left out" testId="excluded-table" />}
      {history.length > 0 && (
        <details className="excluded-history" data-testid="excluded-history">
          <summary>
            {formatCount(history.length)} {history.length === 1 ? 'entry' : 'entries'} dated before billing started ({formatMoney(historyTotal, currency)}): not billed here, so
            adopting the app never back-bills history
          </summary>
          <ExclusionTable excluded={history} currency={currency} open={open} onRelease={onRelease} label="Before billing started" testId="excluded-history-table" />
        </details>
      )}
    </>
  );
}

function ExclusionTable({ excluded, currency, open, onRelease, label, testId }: ListProps & { label: string; testId: string }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table stackable compact" data-testid={testId}>
        <caption className="sr-only">{label}</caption>
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
