import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { ItemFilter, ItemListRow, ItemPage } from '../../../../shared/items';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { formatAmount, formatCalendarDate, formatCount, formatHours, formatMonth } from '../../lib/format';
import type { PageName, RouteParams } from '../../lib/route';
import { ExportButton } from '../logs/ExportButton';
import { ItemFilters, ITEM_STATE_LABEL, itemDraftFromParams, type ItemFilterDraft } from './ItemFilters';
import { ListPage } from './ListPage';

/** Contract names longer than this may be cut with "…" (styles.css): focusable, so the keyboard can show all of it. */
const LONG_NAME = 40;
const STATE_BADGE: Record<ItemListRow['state'], string> = {
  open: 'badge-blue',
  billed: 'badge-green',
  held: 'badge-gray',
  flagged: 'badge-yellow',
  posted: 'badge-gray',
};
const col = createColumnHelper<ItemListRow>();
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
  // One column for the billing state; a flagged item says why under its badge (the page fits 800 px).
  col.accessor('state', {
    header: 'State',
    cell: (c) => (
      <span className="flag">
        <span className={`badge ${STATE_BADGE[c.getValue()]}`}>
          {c.getValue() === 'flagged' && (
            <span className="badge-glyph" aria-hidden="true">
              !
            </span>
          )}
          {ITEM_STATE_LABEL[c.getValue()]}
        </span>
        {c.row.original.flagged && <span className="cell-sub">{c.row.original.flagReason ?? 'No longer qualifies in Autotask'}</span>}
      </span>
    ),
    meta: { className: 'col-flag' },
  }),
];

/** The applied filters as the core's ItemFilter (search included) and as address parameters. */
function filterOf(d: ItemFilterDraft, search: string): ItemFilter {
  return {
    ...(search ? { search } : {}),
    ...(d.customerId ? { customerId: Number(d.customerId) } : {}),
    ...(d.month ? { month: d.month } : {}),
    ...(d.state ? { state: d.state } : {}),
  };
}

function Totals({ data }: { data: ItemPage }) {
  const t = data.totals;
  return (
    <p className="item-totals" data-testid="item-totals" aria-label="Totals of the filtered items">
      <span>
        <span className="muted">Items</span> <span className="strong">{formatCount(t.count)}</span>
      </span>
      <span>
        <span className="muted">Hours</span> <span className="strong">{formatHours(t.hours)}</span>
      </span>
      <span>
        <span className="muted">Amount</span> <span className="strong">{formatAmount(t.amount)}</span>
      </span>
    </p>
  );
}

export function ItemsPage(props: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  const applied = itemDraftFromParams(props.params);
  const search = props.params.get('search') ?? '';
  const filters: RouteParams = { customer: applied.customerId, month: applied.month, state: applied.state };
  const filter = filterOf(applied, search);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const narrowed = applied.customerId || applied.month || applied.state;
  return (
    <ListPage<ItemListRow>
      page="items"
      title="Engineering Items"
      subtitle="Billable, approved time entries priced at your fixed hourly rate, linked to their service."
      noun={['item', 'items']}
      searchLabel="Search engineering items"
      searchPlaceholder="Search by customer, contract, service, date (YYYY-MM-DD) or time entry ID"
      columns={columns}
      load={(q) => call('items:list', { ...filter, page: q.page, perPage: q.perPage })}
      getRowId={(r) => String(r.id)}
      emptyHint={narrowed ? 'No items match these filters.' : 'No items yet. Run a time entry sync from the dashboard.'}
      filteredEmpty={narrowed ? `No items match these filters${applied.month ? ` in ${formatMonth(applied.month)}` : ''}.` : undefined}
      rowClassName={(r) => (r.flagged ? 'row-flagged' : undefined)}
      filters={filters}
      toolbar={
        <>
          <ItemFilters applied={applied} onApply={(d) => props.navigate('items', { customer: d.customerId, month: d.month, state: d.state, search })} />
          {notice && (
            <Notice tone={notice.tone} onDismiss={() => setNotice(null)}>
              {notice.text}
            </Notice>
          )}
        </>
      }
      summary={(data) => (
        <div className="item-summary">
          <Totals data={data as ItemPage} />
          <ExportButton export={() => call('items:export', filter)} noun="item rows" onResult={setNotice} />
        </div>
      )}
      {...props}
    />
  );
}
