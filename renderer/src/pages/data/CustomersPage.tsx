import { createColumnHelper } from '@tanstack/react-table';
import type { CustomerRow } from '../../../../shared/domain';
import { call } from '../../api';
import { dateAndTime, formatCount, formatDateTime } from '../../lib/format';
import { formatHash, type PageName, type RouteParams } from '../../lib/route';
import { AccountingNameCell } from './AccountingNameCell';
import { ListPage } from './ListPage';

const col = createColumnHelper<CustomerRow>();
const columns = [
  col.accessor('name', { header: 'Customer', cell: (c) => <span className="strong">{c.getValue()}</span>, meta: { className: 'col-name' } }),
  col.display({ id: 'accountingName', header: 'Accounting name', cell: (c) => <AccountingNameCell row={c.row.original} />, meta: { className: 'col-name' } }),
  col.accessor('autotaskCompanyId', { header: 'Autotask ID', cell: (c) => c.getValue(), meta: { numeric: true } }),
  col.accessor('companyNumber', { header: 'Company no.', cell: (c) => c.getValue() ?? '—' }),
  col.accessor('phone', { header: 'Phone', cell: (c) => c.getValue() ?? '—', meta: { className: 'nowrap' } }),
  col.accessor('city', { header: 'City', cell: (c) => c.getValue() ?? '—' }),
  col.accessor('serviceCount', {
    header: 'Services',
    cell: (c) =>
      c.getValue() > 0 ? (
        <a href={formatHash('services', { search: c.row.original.name })} aria-label={`${c.getValue()} services of ${c.row.original.name}`}>
          {formatCount(c.getValue())}
        </a>
      ) : (
        '0'
      ),
    meta: { numeric: true },
  }),
  col.accessor('createdAt', {
    header: 'Imported',
    cell: (c) => (
      <time dateTime={c.getValue()} title={formatDateTime(c.getValue())}>
        {dateAndTime(c.getValue())[0]}
      </time>
    ),
    meta: { className: 'nowrap' },
  }),
];

export function CustomersPage(props: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  return (
    <ListPage
      page="customers"
      title="Customers"
      subtitle="Created on demand when a synced contract needs its company; never bulk-imported."
      noun={['customer', 'customers']}
      searchLabel="Search customers"
      searchPlaceholder="Search by name, company number or Autotask ID"
      columns={columns}
      load={(q) => call('customers:list', q)}
      getRowId={(r) => String(r.id)}
      emptyHint="No customers yet. Run a contract sync from the dashboard."
      {...props}
    />
  );
}
