// engineering_items as the sync engine reads them: one page of items by Autotask time entry id, and the
// unbilled items priced at another rate than a rate period's (the rate history's re-pricing).
import type Database from 'better-sqlite3';
import type { ItemRecord, SqlRow } from '../rows';
import { BILLED_LINES } from './billed-lines';
import { chunk, placeholders } from './in-list';
import { cachedStatement } from './statement-cache';

/** An engineering item as priced from a time entry: the record's columns, money as decimal text ("750.00") instead of cents. */
export type ItemValues = Pick<
  ItemRecord,
  'serviceId' | 'autotaskTimeEntryId' | 'autotaskContractId' | 'dateWorked' | 'hours' | 'summary' | 'flagged' | 'flagReason' | 'autotaskLastModified'
> & { rate: string; amount: string };

/** An engineering_items row as SQLite returns it (the columns the sync compares). */
export type ItemRow = SqlRow<
  Pick<
    ItemRecord,
    | 'id'
    | 'serviceId'
    | 'autotaskTimeEntryId'
    | 'autotaskContractId'
    | 'dateWorked'
    | 'hours'
    | 'rateCents'
    | 'amountCents'
    | 'summary'
    | 'autotaskLastModified'
    | 'flagged'
    | 'flagReason'
  >
>;

const COLUMNS = `id, service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents, amount_cents, summary,
  autotask_last_modified, flagged, flag_reason`;

/** The items of these Autotask time entry ids, in one query per 900 ids. */
export function selectItemsByEntryIds(sqlite: Database.Database, entryIds: readonly number[]): ItemRow[] {
  const out: ItemRow[] = [];
  for (const part of chunk(entryIds, 900)) {
    out.push(...(cachedStatement(sqlite, `SELECT ${COLUMNS} FROM engineering_items WHERE autotask_time_entry_id IN (${placeholders(part.length)})`).all(...part) as ItemRow[]));
  }
  return out;
}

/** Iterates the unbilled items dated from ≤ date < until whose rate is not `rateCents`, by date then id. */
export function prepareMispricedItems(sqlite: Database.Database): (from: string, until: string, rateCents: number) => IterableIterator<ItemRow> {
  const stmt = sqlite.prepare(
    `SELECT ${COLUMNS} FROM engineering_items i
      WHERE i.date_worked >= @from AND i.date_worked < @until AND i.rate_cents <> @rate
        AND NOT EXISTS (SELECT 1 FROM ${BILLED_LINES} WHERE l.item_id = i.id)
      ORDER BY i.date_worked, i.id`,
  );
  return (from, until, rate) => stmt.iterate({ from, until, rate }) as IterableIterator<ItemRow>;
}

/** Item id → invoice number, for items named by a line of a closed, not reopened billing run. */
export function billedItemInvoices(sqlite: Database.Database, itemIds: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of chunk(itemIds, 900)) {
    const rows = cachedStatement(
      sqlite,
      `SELECT l.item_id AS id, MAX(v.invoice_number) AS invoice FROM ${BILLED_LINES}
          WHERE l.item_id IN (${placeholders(part.length)}) GROUP BY l.item_id`,
    ).all(...part) as { id: number; invoice: string }[];
    for (const r of rows) out.set(r.id, r.invoice);
  }
  return out;
}
