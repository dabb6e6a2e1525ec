// The baseline for issue 9 point 4: a bare better-sqlite3 prepared-insert loop of the same engineering_items
// rows, one transaction per 500, on a database opened exactly like the app's (openDatabase: WAL,
// synchronous=FULL, foreign keys on, same schema and indexes). Whatever the real sync path does beyond
// this — parsing, planning, diffing, log rows, run counts — shows up as the gap between the two rates.
import type Database from 'better-sqlite3';
import { LogBatch } from '../../main/db/queries/log-writes';

export interface BareItemRow {
  serviceId: number;
  autotaskTimeEntryId: number;
  autotaskContractId: number | null;
  dateWorked: string;
  hours: string;
  rateCents: number;
  amountCents: number;
  summary: string | null;
  autotaskLastModified: string | null;
}

export interface RateResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
}

export const BATCH = 500;

export function bareInsert(sqlite: Database.Database, rows: readonly BareItemRow[], batch = BATCH): RateResult {
  const insert = sqlite.prepare(
    `INSERT INTO engineering_items (service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents,
       amount_cents, summary, autotask_last_modified, flagged, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const insertBatch = sqlite.transaction((part: readonly BareItemRow[], now: string) => {
    for (const r of part) {
      insert.run(r.serviceId, r.autotaskTimeEntryId, r.autotaskContractId, r.dateWorked, r.hours, r.rateCents, r.amountCents, r.summary, r.autotaskLastModified, now, now);
    }
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batch) insertBatch(rows.slice(i, i + batch), new Date().toISOString());
  const ms = performance.now() - started;
  return { rows: rows.length, ms, rowsPerSecond: rows.length / (ms / 1000) };
}

export interface BareLogRow {
  run_id: number | null;
  sync_type: string;
  operation: string;
  status: string;
  message: string;
  duration_ms: number;
  details: string | null;
  created_at: string;
}

/**
 * The same loop over the item rows plus the log rows the real path wrote (messages and JSON details as
 * written, counted in sync_log_counts as the recorder counts them: one upsert per bucket and batch), a
 * transaction per 500 of each: what the writes SPEC asks
 * for cost at the floor, without any of our parsing, planning or bookkeeping.
 */
export function bareInsertWithLogs(sqlite: Database.Database, items: readonly BareItemRow[], logs: readonly BareLogRow[], batch = BATCH): RateResult {
  const logWriter = new LogBatch(sqlite);
  const logBatch = sqlite.transaction((part: readonly BareLogRow[]) => {
    for (const l of part)
      logWriter.insert({
        runId: l.run_id,
        syncType: l.sync_type,
        operation: l.operation,
        status: l.status,
        message: l.message,
        durationMs: l.duration_ms,
        details: l.details,
        createdAt: l.created_at,
      });
    logWriter.flush();
  });
  const started = performance.now();
  const itemsPart = bareInsert(sqlite, items, batch);
  for (let i = 0; i < logs.length; i += batch) logBatch(logs.slice(i, i + batch));
  const ms = performance.now() - started;
  return { rows: itemsPart.rows, ms, rowsPerSecond: itemsPart.rows / (ms / 1000) };
}
