import { createColumnHelper } from '@tanstack/react-table';
import type { ServiceRow } from '../../../../shared/domain';
import { call } from '../../api';
import { formatAmount, formatCalendarDate } from '../../lib/format';
import type { PageName, RouteParams } from '../../lib/route';
import { ListPage } from './ListPage';

/** Contract names longer than this may be cut with "…" (styles.css): focusable, so the keyboard can show all of it. */
const LONG_NAME = 40;
const col = createColumnHelper<ServiceRow>();

/** "1 Jan 2025 – 28 Feb 2026", "from 1 Jan 2026", or "No dates" when Autotask has none. */
export function servicePeriod(start: string | null, end: string | null): string {
  // Non-breaking spaces inside a date: a narrow column wraps after the dash, never inside "28 Feb 2025".
  const d = (v: string) => formatCalendarDate(v).replace(/ /g, '\u00a0');
  if (start && end) return `${d(start)} – ${d(end)}`;
  if (start) return `from ${d(start)}`;
  if (end) return `until ${d(end)}`;
  return 'No dates';
}
const columns = [
  col.accessor('contractName', {
    header: 'Contract',
    cell: (c) => (
      <>
        <span className="strong contract-name" title={c.getValue()} tabIndex={c.getValue().length > LONG_NAME ? 0 : undefined}>
          {c.getValue()}
        </span>
        <span className="cell-sub">{c.row.original.customerName}</span>
      </>
    ),
    meta: { className: 'col-name' },
  }),
  col.accessor('serviceName', {
    header: 'Service',
    cell: (c) => (
      <>
        {c.getValue()}
        {c.row.original.invoiceDescription && <span className="cell-sub">{c.row.original.invoiceDescription}</span>}
      </>
    ),
    meta: { className: 'col-name' },
  }),
  col.accessor('serviceNum', { header: 'Service no.', cell: (c) => (c.getValue() ? <span className="mono">{c.getValue()}</span> : '—') }),
  col.accessor('unitPrice', { header: 'Monthly fee', cell: (c) => formatAmount(c.getValue()), meta: { numeric: true } }),
  col.accessor('ended', {
    header: 'State',
    cell: (c) => (
      <>
        {c.getValue() ? <span className="badge badge-gray">Ended</span> : <span className="badge badge-green">Active</span>}
        <span className="cell-sub">{servicePeriod(c.row.original.startDate, c.row.original.endDate)}</span>
      </>
    ),
    meta: { className: 'col-period' },
  }),
];

export function ServicesPage(props: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  return (
    <ListPage
      page="services"
      title="Engineering Services"
      subtitle="One per contract service line of a synced contract. Ended services stay for reporting."
      noun={['service', 'services']}
      searchLabel="Search engineering services"
      searchPlaceholder="Search by customer, contract, service or service number"
      columns={columns}
      load={(q) => call('services:list', q)}
      getRowId={(r) => String(r.id)}
      emptyHint="No services yet. Run a contract sync from the dashboard."
      rowClassName={(r) => (r.ended ? 'row-muted' : undefined)}
      {...props}
    />
  );
}
