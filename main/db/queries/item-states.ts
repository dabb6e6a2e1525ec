import type Database from 'better-sqlite3';
import type { ItemFilter, ItemListQuery, ItemListRow, ItemPage, ItemState, ItemTotals } from '../../../shared/items';
import { centsToDecimal } from '../../../shared/money';
import { BILLED_LINES } from './billed-lines';
import { ITEM_SEARCH, ITEM_SELECT, ITEMS_FROM, like, toItemRow, type RawItem } from './lists';

// The Engineering Items page's filters (issue #14): customer, month and billing state, with the billing
// module's definitions (main/billing/compute.ts, over the snapshot of billing-snapshot.ts):
// - billed: a time line of a closed, not reopened run names the item (the BILLED_LINES fragment);
// - flagged: the item's flag (it stopped qualifying in Autotask);
// - posted: a labour posting in Autotask names its time entry and no active release-posted decision
//   lets it be billed here anyway;
// - held: an active hold on the item or on its customer;
// - open: none of these.
// One state per item, in the order the billing preview picks its reason (billed, then flagged, posted,
// held), so the states split the list and their totals add up to the whole.

const STATE_SQL = `CASE
  WHEN EXISTS (SELECT 1 FROM ${BILLED_LINES} WHERE l.item_id = i.id AND l.kind = 'time') THEN 'billed'
  WHEN i.flagged = 1 THEN 'flagged'
  WHEN EXISTS (SELECT 1 FROM labour_postings p WHERE p.autotask_time_entry_id = i.autotask_time_entry_id)
   AND NOT EXISTS (SELECT 1 FROM billing_holds h WHERE h.kind = 'release-posted' AND h.item_id = i.id AND h.released_at IS NULL) THEN 'posted'
  WHEN EXISTS (SELECT 1 FROM billing_holds h WHERE h.kind = 'hold' AND h.released_at IS NULL
                  AND (h.item_id = i.id OR h.customer_id = s.customer_id)) THEN 'held'
  ELSE 'open' END`;

type RawStateItem = RawItem & { state: ItemState };

/** The filtered rows (with their state) as a subquery `f`, and its parameters. */
function filtered(f: ItemFilter): { sql: string; params: Record<string, unknown> } {
  const conds: string[] = [];
  const s = like(f.search);
  if (s) conds.push(ITEM_SEARCH);
  if (f.customerId !== undefined) conds.push('s.customer_id = @customerId');
  // Dates are 'YYYY-MM-DD' text: the month is the range of its day strings (the date index serves it).
  if (f.month !== undefined) conds.push("i.date_worked BETWEEN @month || '-01' AND @month || '-31'");
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const inner = `SELECT ${ITEM_SELECT}, ${STATE_SQL} AS state FROM ${ITEMS_FROM} ${where}`;
  const sql = f.state !== undefined ? `(SELECT * FROM (${inner}) WHERE state = @state) f` : `(${inner}) f`;
  return { sql, params: { s, customerId: f.customerId ?? null, month: f.month ?? null, state: f.state ?? null } };
}

/** Ten-thousandths of an hour (hours carry at most 4 places) as decimal text with 2 to 4 places. */
function hoursFromE4(e4: number): string {
  const sign = e4 < 0 ? '-' : '';
  const abs = Math.abs(e4);
  const frac = String(abs % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${Math.floor(abs / 10_000)}.${frac}`;
}

export function itemTotals(sqlite: Database.Database, f: ItemFilter): ItemTotals {
  const { sql, params } = filtered(f);
  const r = sqlite
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(CAST(ROUND(CAST(f.hours AS REAL) * 10000) AS INTEGER)), 0) AS e4,
                     COALESCE(SUM(f.amount_cents), 0) AS cents FROM ${sql}`,
    )
    .get(params) as { n: number; e4: number; cents: number };
  return { count: r.n, hours: hoursFromE4(r.e4), amount: centsToDecimal(r.cents) };
}

const toRow = (r: RawStateItem): ItemListRow => ({ ...toItemRow(r), state: r.state });
const ORDER = 'ORDER BY f.date_worked DESC, f.id DESC';

/** One page of the filtered items (clamped to 1…last page) with the totals of every matching row. */
export function listFilteredItems(sqlite: Database.Database, q: ItemListQuery): ItemPage {
  const { page: wanted, perPage: per, ...f } = q;
  const totals = itemTotals(sqlite, f);
  const perPage = Math.max(1, Math.floor(per));
  const page = Math.min(Math.max(1, Math.floor(wanted) || 1), Math.max(1, Math.ceil(totals.count / perPage)));
  const { sql, params } = filtered(f);
  const rows = sqlite.prepare(`SELECT * FROM ${sql} ${ORDER} LIMIT @limit OFFSET @offset`).all({ ...params, limit: perPage, offset: (page - 1) * perPage }) as RawStateItem[];
  return { total: totals.count, page, perPage, rows: rows.map(toRow), totals };
}

/**
 * Every filtered item in the page's order, read in keyset chunks (date worked, id) so an export of 200,000
 * items never sits in memory and the connection is free between chunks (as the log CSV does).
 */
export function* filteredItemChunks(sqlite: Database.Database, f: ItemFilter, chunk = 2_000): Generator<ItemListRow[]> {
  const { sql, params } = filtered(f);
  const first = sqlite.prepare(`SELECT * FROM ${sql} ${ORDER} LIMIT @take`);
  const next = sqlite.prepare(`SELECT * FROM ${sql} WHERE f.date_worked < @d OR (f.date_worked = @d AND f.id < @id) ${ORDER} LIMIT @take`);
  let rows = first.all({ ...params, take: chunk }) as RawStateItem[];
  while (rows.length > 0) {
    yield rows.map(toRow);
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1]!;
    rows = next.all({ ...params, take: chunk, d: last.date_worked, id: last.id }) as RawStateItem[];
  }
}
