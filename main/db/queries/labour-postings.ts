// labour_postings as the sync engine reads them (BillingItems that post an imported time entry).
import type Database from 'better-sqlite3';
import type { ItemRecord, LabourPostingRecord } from '../rows';
import { chunk, placeholders } from './in-list';

/** A posting with its item's date (null when read by id, not through an item of the window). */
export type PostingRow = Pick<LabourPostingRecord, 'id' | 'autotaskTimeEntryId' | 'billingItemType' | 'postedDate' | 'autotaskInvoiceId'> & {
  dateWorked: ItemRecord['dateWorked'] | null;
};

const POSTING_COLUMNS = `p.id, p.autotask_time_entry_id AS autotaskTimeEntryId, p.billing_item_type AS billingItemType, p.posted_date AS postedDate,
       p.autotask_invoice_id AS autotaskInvoiceId`;

/** Postings of items dated from … to. */
export function selectPostingsOfItemsDated(sqlite: Database.Database, from: string, to: string): PostingRow[] {
  return sqlite
    .prepare(
      `SELECT ${POSTING_COLUMNS}, i.date_worked AS dateWorked
         FROM labour_postings p JOIN engineering_items i ON i.autotask_time_entry_id = p.autotask_time_entry_id
        WHERE i.date_worked BETWEEN ? AND ?`,
    )
    .all(from, to) as PostingRow[];
}

/** Postings by BillingItem id, one query per 900 ids. */
export function selectPostingsByIds(sqlite: Database.Database, ids: readonly number[]): PostingRow[] {
  const out: PostingRow[] = [];
  for (const part of chunk(ids, 900)) {
    out.push(...(sqlite.prepare(`SELECT ${POSTING_COLUMNS}, NULL AS dateWorked FROM labour_postings p WHERE p.id IN (${placeholders(part.length)})`).all(...part) as PostingRow[]));
  }
  return out;
}

/** True when the item (by local id) has a labour posting. */
export function itemHasPosting(sqlite: Database.Database, itemId: number): boolean {
  return sqlite.prepare('SELECT 1 FROM labour_postings p JOIN engineering_items i ON i.autotask_time_entry_id = p.autotask_time_entry_id WHERE i.id = ?').get(itemId) !== undefined;
}
