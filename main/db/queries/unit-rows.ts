// The sync's reads of contract_service_units (docs/product-rules.md#billing-sync): the stored rows of some
// contract lines inside a date window, and which of them a closed billing run names (billed-ness is derived,
// BILLED_LINES). The writes are the plan applier's (main/db/queries/sync-writes.ts).
import type Database from 'better-sqlite3';
import type { UnitRowRecord } from '../rows';
import { BILLED_LINES } from './billed-lines';
import { chunk, placeholders } from './in-list';

/** A stored ContractServiceUnits row as the sync compares it (its own timestamps left out). */
export type StoredUnitRow = Omit<UnitRowRecord, 'createdAt' | 'updatedAt'>;

/** The stored rows of these contract lines whose period overlaps `from` … `to` (calendar dates), removed ones included. */
export function loadUnitRowsInWindow(sqlite: Database.Database, lineIds: readonly number[], from: string, to: string): Map<number, StoredUnitRow> {
  const out = new Map<number, StoredUnitRow>();
  for (const part of chunk(lineIds, 900)) {
    const rows = sqlite
      .prepare(
        `SELECT id, autotask_contract_id AS autotaskContractId, autotask_contract_service_id AS autotaskContractServiceId,
                autotask_service_id AS autotaskServiceId, units, start_date AS startDate, end_date AS endDate,
                price_cents AS priceCents, approve_and_post_date AS approveAndPostDate, removed_at AS removedAt
           FROM contract_service_units
          WHERE autotask_contract_service_id IN (${placeholders(part.length)}) AND start_date <= ? AND end_date >= ?`,
      )
      .all(...part, to, from) as StoredUnitRow[];
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Unit row ids named by a line of a closed, not reopened billing run. */
export function billedUnitRowIds(sqlite: Database.Database, ids: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const part of chunk(ids, 900)) {
    const rows = sqlite.prepare(`SELECT DISTINCT l.unit_row_id AS id FROM ${BILLED_LINES} WHERE l.unit_row_id IN (${placeholders(part.length)})`).all(...part) as { id: number }[];
    for (const r of rows) out.add(r.id);
  }
  return out;
}
