import { createColumnHelper } from '@tanstack/react-table';
import type { ServiceRow } from '../../../../shared/domain';
import { call } from '../../api';
import { formatAmount, formatCalendarDate } from '../../lib/format';
import type { PageName, RouteParams } from '../../lib/route';
import { ListPage } from './ListPage';

const col = createColumnHelper<ServiceRow>();
const columns = [
  col.accessor('customerName', { header: 'Customer', cell: (c) => c.getValue(), meta: { className: 'col-name' } }),
  col.accessor('contractName', { header: 'Contract', cell: (c) => <span className="strong">{c.getValue()}</span>, meta: { className: 'col-name' } }),
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
  col.accessor('serviceNum', { header: 'Service number', cell: (c) => (c.getValue() ? <span className="mono">{c.getValue()}</span> : '—') }),
  col.accessor('unitPrice', { header: 'Monthly fee', cell: (c) => formatAmount(c.getValue()), meta: { numeric: true } }),
  col.accessor('startDate', { header: 'Start', cell: (c) => formatCalendarDate(c.getValue()), meta: { className: 'nowrap' } }),
  col.accessor('endDate', { header: 'End', cell: (c) => formatCalendarDate(c.getValue()), meta: { className: 'nowrap' } }),
  col.accessor('ended', {
    header: 'State',
    cell: (c) => (c.getValue() ? <span className="badge badge-gray">Ended</span> : <span className="badge badge-green">Active</span>),
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
