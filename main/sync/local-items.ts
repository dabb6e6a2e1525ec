// Local engineering items, loaded one page at a time by Autotask time entry id.
import type Database from 'better-sqlite3';
import { centsToDecimal } from '../../shared/money';
import type { ItemValues } from './plan';
import { chunk, placeholders } from './sync-context';

export interface LocalItem extends ItemValues {
  id: number;
}

/** An engineering_items row as SQLite returns it. */
export interface LocalItemRow {
  id: number;
  service_id: number;
  autotask_time_entry_id: number;
  autotask_contract_id: number | null;
  date_worked: string;
  hours: string;
  rate_cents: number;
  amount_cents: number;
  summary: string | null;
  autotask_last_modified: string | null;
  flagged: number;
  flag_reason: string | null;
}

const COLUMNS = `id, service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents, amount_cents, summary,
  autotask_last_modified, flagged, flag_reason`;

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
  for (const part of chunk(entryIds, 900)) {
    const rows = sqlite.prepare(`SELECT ${COLUMNS} FROM engineering_items WHERE autotask_time_entry_id IN (${placeholders(part.length)})`).all(...part) as LocalItemRow[];
    for (const r of rows) out.set(r.autotask_time_entry_id, toLocalItem(r));
  }
  return out;
}

export const ITEM_KEYS: readonly (keyof ItemValues)[] = ['serviceId', 'autotaskContractId', 'dateWorked', 'hours', 'rate', 'amount', 'summary', 'flagged', 'flagReason'];

export function itemValuesOf(i: LocalItem): ItemValues {
  const { id: _id, ...values } = i;
  return values;
}
