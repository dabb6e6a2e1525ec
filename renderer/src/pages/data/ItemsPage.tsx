import { createColumnHelper } from '@tanstack/react-table';
import type { ItemRow } from '../../../../shared/domain';
import { call } from '../../api';
import { formatAmount, formatCalendarDate, formatHours } from '../../lib/format';
import type { PageName, RouteParams } from '../../lib/route';
import { ListPage } from './ListPage';

/** Contract names longer than this may be cut with "…" (styles.css): focusable, so the keyboard can show all of it. */
const LONG_NAME = 40;
const col = createColumnHelper<ItemRow>();
const columns = [
  col.accessor('dateWorked', { header: 'Date worked', cell: (c) => formatCalendarDate(c.getValue()), meta: { className: 'nowrap' } }),
  col.accessor('customerName', {
    header: 'Customer',
    cell: (c) => (
      <span className="cell-clamp" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
    meta: { className: 'col-name' },
  }),
  col.accessor('contractName', {
    header: 'Service',
    cell: (c) => (
      <>
        <span className="strong contract-name" title={c.getValue()} tabIndex={c.getValue().length > LONG_NAME ? 0 : undefined}>
          {c.getValue()}
        </span>
        <span className="cell-sub cell-clamp" title={c.row.original.serviceName}>
          {c.row.original.serviceName} · time entry {c.row.original.autotaskTimeEntryId}
        </span>
      </>
    ),
    meta: { className: 'col-service' },
  }),
  col.accessor('hours', { header: 'Hours', cell: (c) => formatHours(c.getValue()), meta: { numeric: true } }),
  col.accessor('rate', { header: 'Rate', cell: (c) => `${formatAmount(c.getValue())}/h`, meta: { numeric: true, className: 'nowrap' } }),
  col.accessor('amount', { header: 'Amount', cell: (c) => <span className="strong">{formatAmount(c.getValue())}</span>, meta: { numeric: true } }),
  col.accessor('flagged', {
    header: 'Flag',
    cell: (c) =>
      c.getValue() ? (
        <span className="flag">
          <span className="badge badge-yellow">
            <span className="badge-glyph" aria-hidden="true">!</span>Flagged
          </span>
          <span className="cell-sub">{c.row.original.flagReason ?? 'No longer qualifies in Autotask'}</span>
        </span>
      ) : (
        <span className="muted">—</span>
      ),
    meta: { className: 'col-flag' },
  }),
];

export function ItemsPage(props: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  return (
    <ListPage
      page="items"
      title="Engineering Items"
      subtitle="Billable, approved time entries priced at your fixed hourly rate, linked to their service."
      noun={['item', 'items']}
      searchLabel="Search engineering items"
      searchPlaceholder="Search by customer, contract, service, date (YYYY-MM-DD) or time entry ID"
      columns={columns}
      load={(q) => call('items:list', q)}
      getRowId={(r) => String(r.id)}
      emptyHint="No items yet. Run a time entry sync from the dashboard."
      rowClassName={(r) => (r.flagged ? 'row-flagged' : undefined)}
      {...props}
    />
  );
}
