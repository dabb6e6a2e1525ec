// Local engineering items, loaded one page at a time by Autotask time entry id (SQL: main/db/queries/items.ts).
import type Database from 'better-sqlite3';
import { centsToDecimal } from '../../shared/money';
import type { ItemValues } from './plan';
import { selectItemsByEntryIds, type ItemRow } from '../db/queries/items';

export interface LocalItem extends ItemValues {
  id: number;
}

/** An engineering_items row as SQLite returns it (declared by main/db/queries/items.ts from the schema). */
export type LocalItemRow = ItemRow;

export function toLocalItem(r: LocalItemRow): LocalItem {
  return {
    id: r.id,
    serviceId: r.service_id,
    autotaskTimeEntryId: r.autotask_time_entry_id,
    autotaskContractId: r.autotask_contract_id,
    dateWorked: r.date_worked,
    hours: r.hours,
    rate: centsToDecimal(r.rate_cents),
    amount: centsToDecimal(r.amount_cents),
    summary: r.summary,
    autotaskLastModified: r.autotask_last_modified,
    flagged: r.flagged === 1,
    flagReason: r.flag_reason,
  };
}

/** The local items for these Autotask time entry ids, in one query per 900 ids. */
export function loadItemsByEntryIds(sqlite: Database.Database, entryIds: readonly number[]): Map<number, LocalItem> {
  const out = new Map<number, LocalItem>();
  for (const r of selectItemsByEntryIds(sqlite, entryIds)) out.set(r.autotask_time_entry_id, toLocalItem(r));
  return out;
}

export const ITEM_KEYS: readonly (keyof ItemValues)[] = ['serviceId', 'autotaskContractId', 'dateWorked', 'hours', 'rate', 'amount', 'summary', 'flagged', 'flagReason'];

export function itemValuesOf(i: LocalItem): ItemValues {
  const { id: _id, ...values } = i;
  return values;
}
