// The sync's reads of contract_service_units (docs/product-rules.md#billing-sync): the stored rows of some
// contract lines inside a date window, and which of them a closed billing run names (billed-ness is derived,
// BILLED_LINES). The writes are the plan applier's (main/sync/apply-plan.ts).
import type Database from 'better-sqlite3';
import type { contractServiceUnits } from '../schema';
import { BILLED_LINES } from './billed-lines';

/** A stored ContractServiceUnits row as the sync compares it (its own timestamps left out). */
export type StoredUnitRow = Omit<typeof contractServiceUnits.$inferSelect, 'createdAt' | 'updatedAt'>;

/** Ids per statement: well under SQLite's limit of bound parameters. */
const IDS_PER_STATEMENT = 900;

function* parts(ids: readonly number[]): Generator<readonly number[]> {
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) yield ids.slice(i, i + IDS_PER_STATEMENT);
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The stored rows of these contract lines whose period overlaps `from` … `to` (calendar dates), removed ones included. */
export function loadUnitRowsInWindow(sqlite: Database.Database, lineIds: readonly number[], from: string, to: string): Map<number, StoredUnitRow> {
  const out = new Map<number, StoredUnitRow>();
  for (const part of parts(lineIds)) {
    const rows = sqlite
      .prepare(
        `SELECT id, autotask_contract_id AS autotaskContractId, autotask_contract_service_id AS autotaskContractServiceId,
                autotask_service_id AS autotaskServiceId, units, start_date AS startDate, end_date AS endDate,
                price_cents AS priceCents, approve_and_post_date AS approveAndPostDate, removed_at AS removedAt
           FROM contract_service_units
          WHERE autotask_contract_service_id IN (${marks(part.length)}) AND start_date <= ? AND end_date >= ?`,
      )
      .all(...part, to, from) as StoredUnitRow[];
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Unit row ids named by a line of a closed, not reopened billing run. */
export function billedUnitRowIds(sqlite: Database.Database, ids: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const part of parts(ids)) {
    const rows = sqlite.prepare(`SELECT DISTINCT l.unit_row_id AS id FROM ${BILLED_LINES} WHERE l.unit_row_id IN (${marks(part.length)})`).all(...part) as { id: number }[];
    for (const r of rows) out.add(r.id);
  }
  return out;
}
