import { useState } from 'react';
import type { BillingInvoiceJson, BillingLineJson } from '../../../../shared/billing';
import { formatDateRange, formatMoney, formatMoneyChange, formatQuantity } from '../../lib/format';
import { changeCents, holdTargetOf, KIND_LABEL, plural, sourceText } from './billing-text';

export type HoldAsk =
  | { scope: 'line'; target: { itemId: number } | { serviceId: number }; customer: string; description: string; amount: string }
  | { scope: 'customer'; customerId: number; customer: string; release: boolean };

export interface InvoiceListProps {
  invoices: BillingInvoiceJson[];
  currency: string;
  /** Open months offer Hold; closed ones are read-only. */
  open: boolean;
  onHold: (ask: HoldAsk) => void;
}

/** One collapsible invoice per customer: the total, the change against last month, and its lines. */
export function InvoiceList({ invoices, currency, open, onHold }: InvoiceListProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const allOpen = invoices.length > 0 && invoices.every((i) => expanded.has(i.customerId));
  const toggle = (id: number) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (invoices.length === 0) return <p className="muted empty-note">No invoices for this month.</p>;
  return (
    <>
      <div className="list-toolbar invoice-toolbar">
        <button type="button" className="btn btn-small" onClick={() => setExpanded(allOpen ? new Set() : new Set(invoices.map((i) => i.customerId)))}>
          {allOpen ? 'Collapse all' : 'Expand all'}
        </button>
      </div>
      <ul className="invoice-list" aria-label="Invoices">
        {invoices.map((inv) => (
          <InvoiceCard
            key={inv.customerId}
            invoice={inv}
            currency={currency}
            open={open}
            expanded={expanded.has(inv.customerId)}
            onToggle={() => toggle(inv.customerId)}
            onHold={onHold}
          />
        ))}
      </ul>
    </>
  );
}

function InvoiceCard({
  invoice: inv,
  currency,
  open,
  expanded,
  onToggle,
  onHold,
}: {
  invoice: BillingInvoiceJson;
  currency: string;
  open: boolean;
  expanded: boolean;
  onToggle: () => void;
  onHold: (ask: HoldAsk) => void;
}) {
  const linesId = `invoice-lines-${inv.customerId}`;
  const change = changeCents(inv.total, inv.previousTotal);
  const credit = inv.total.startsWith('-');
  return (
    <li className={`invoice${inv.held ? ' is-held' : ''}`} data-testid={`invoice-${inv.customerId}`}>
      <div className="invoice-head">
        <h3 className="invoice-title">
          <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={linesId} onClick={onToggle}>
            <span className="disclosure-icon" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            <span className="invoice-name">{inv.accountingName}</span>
            <span className="sr-only">, {plural(inv.lines.length, 'line')}</span>
          </button>
        </h3>
        <div className="invoice-meta">
          {inv.accountingName !== inv.customer && <span className="cell-sub">Autotask: {inv.customer}</span>}
          <span className={inv.invoiceNumber ? 'mono' : 'muted'}>{inv.invoiceNumber ?? 'not numbered until closed'}</span>
          {inv.held && <span className="badge badge-yellow">Held</span>}
          {credit && <span className="badge badge-blue">Credit</span>}
        </div>
        <div className="invoice-figures">
          <span className="invoice-total strong" data-testid="invoice-total">
            {formatMoney(inv.total, currency)}
          </span>
          <span className="cell-sub" data-testid="invoice-change">
            {change === null ? 'no invoice last month' : `${formatMoneyChange(change, currency)} vs last month`}
          </span>
        </div>
        {open && (
          <div className="invoice-actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onHold({ scope: 'customer', customerId: inv.customerId, customer: inv.accountingName, release: inv.held })}
            >
              {inv.held ? 'Release customer' : 'Hold customer'}
              <span className="sr-only"> {inv.accountingName}</span>
            </button>
          </div>
        )}
      </div>
      <div id={linesId} hidden={!expanded}>
        {expanded && <LinesTable invoice={inv} currency={currency} open={open} onHold={onHold} />}
      </div>
    </li>
  );
}

function LinesTable({ invoice: inv, currency, open, onHold }: { invoice: BillingInvoiceJson; currency: string; open: boolean; onHold: (ask: HoldAsk) => void }) {
  return (
    <div className="table-wrap" role="region" aria-label={`Lines of ${inv.accountingName}`} tabIndex={0}>
      <table className="data-table stackable compact lines-table">
        <caption className="sr-only">Lines of {inv.accountingName}</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Date</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Source</th>
            {open && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((line, i) => (
            <LineRow key={i} line={line} invoice={inv} currency={currency} open={open} onHold={onHold} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5} className="num">
              Total
            </th>
            <td className="num strong">{formatMoney(inv.total, currency)}</td>
            <td colSpan={open ? 2 : 1} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function LineRow({
  line,
  invoice,
  currency,
  open,
  onHold,
}: {
  line: BillingLineJson;
  invoice: BillingInvoiceJson;
  currency: string;
  open: boolean;
  onHold: (ask: HoldAsk) => void;
}) {
  const target = holdTargetOf(line.source);
  return (
    <tr className={line.late ? 'is-late' : undefined}>
      <td data-label="Kind">
        {KIND_LABEL[line.kind]}
        {line.late && (
          <span className="badge badge-yellow badge-inline" title="Dated in a month already closed; billed now">
            Late
          </span>
        )}
      </td>
      <td data-label="Date" className="nowrap">
        {formatDateRange(line.date, line.dateTo)}
      </td>
      <td data-label="Description" className="col-description">
        {line.description}
        {line.serviceNum && <span className="cell-sub">{line.serviceNum}</span>}
      </td>
      <td data-label="Quantity" className="num">
        {formatQuantity(line.quantity)}
      </td>
      <td data-label="Unit price" className="num">
        {formatMoney(line.unitPrice, currency)}
      </td>
      <td data-label="Amount" className="num strong">
        {formatMoney(line.amount, currency)}
      </td>
      <td data-label="Source" className="cell-source">
        {sourceText(line.source)}
      </td>
      {open && (
        <td data-label="Actions">
          {target && line.kind !== 'adjustment' && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onHold({ scope: 'line', target, customer: invoice.accountingName, description: line.description, amount: line.amount })}
            >
              Hold<span className="sr-only"> {line.description}</span>
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
