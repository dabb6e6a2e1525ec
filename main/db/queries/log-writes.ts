// Writing and deleting sync_logs rows while keeping sync_log_counts exact. The counts are kept by the code
// that writes (no triggers since migration 0005): a writer tallies its rows per UTC hour × type × status and
// adds the tally with ONE upsert per key, in the same transaction as the rows. A sync page of 500 log rows
// then costs a handful of upserts instead of 500 (the trigger's cost, bench/RESULTS.md).
// Every INSERT into or DELETE from sync_logs goes through this module (or calls recountLogCounts after a
// bulk load), so the dashboard and log viewer totals stay equal to a count of the rows.
import type Database from 'better-sqlite3';

/** One sync_logs row to insert. */
export interface NewLogRow {
  runId: number | null;
  syncType: string;
  operation: string;
  status: string;
  message: string;
  durationMs?: number;
  details?: string | null;
  /** ISO-8601 UTC instant. */
  createdAt: string;
}

/** A change to one sync_log_counts bucket (negative for deleted rows). */
export interface LogCountDelta {
  /** The bucket: the first 13 characters of created_at ("2026-11-24T02"), a UTC hour. */
  hour: string;
  syncType: string;
  status: string;
  count: number;
}

/** The sync_log_counts bucket of a row created at this ISO instant. */
export function logHour(createdAt: string): string {
  return createdAt.slice(0, 13);
}

/** Per-bucket sums of log rows, kept in memory until added to sync_log_counts. */
export class LogCountTally {
  private readonly byKey = new Map<string, LogCountDelta>();

  // The delta of the last add: a page's rows mostly fall in one bucket, so most adds skip the key building.
  private last: LogCountDelta | null = null;

  add(createdAt: string, syncType: string, status: string, n = 1): void {
    const last = this.last;
    if (last && last.syncType === syncType && last.status === status && createdAt.startsWith(last.hour)) {
      last.count += n;
      return;
    }
    const hour = logHour(createdAt);
    // \u0000 never occurs in the three key parts.
    const key = `${hour}\u0000${syncType}\u0000${status}`;
    let d = this.byKey.get(key);
    if (d) d.count += n;
    else this.byKey.set(key, (d = { hour, syncType, status, count: n }));
    this.last = d;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The pending deltas, and the tally emptied. */
  take(): LogCountDelta[] {
    const out = [...this.byKey.values()];
    this.clear();
    return out;
  }

  clear(): void {
    this.byKey.clear();
    this.last = null;
  }
}

const UPSERT_COUNT = `INSERT INTO sync_log_counts (hour, sync_type, status, count) VALUES (?, ?, ?, ?)
  ON CONFLICT (hour, sync_type, status) DO UPDATE SET count = count + excluded.count`;
const INSERT_LOG = `INSERT INTO sync_logs (run_id, sync_type, operation, status, message, duration_ms, details, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

const upserts = new WeakMap<Database.Database, Database.Statement>();
function upsertStatement(sqlite: Database.Database): Database.Statement {
  let s = upserts.get(sqlite);
  if (!s) {
    s = sqlite.prepare(UPSERT_COUNT);
    upserts.set(sqlite, s);
  }
  return s;
}

/** Adds grouped deltas to sync_log_counts, one upsert per key; call in the transaction that wrote the rows. */
export function addLogCounts(sqlite: Database.Database, deltas: Iterable<LogCountDelta>): void {
  const stmt = upsertStatement(sqlite);
  for (const d of deltas) if (d.count !== 0) stmt.run(d.hour, d.syncType, d.status, d.count);
}

/**
 * A writer of log rows that counts them in memory: `insert` writes the row, `flush` adds the counts (one
 * upsert per bucket). Call flush in the same transaction as the inserts, `discard` when it rolled back.
 */
export class LogBatch {
  private readonly insertStmt: Database.Statement;
  private readonly tally = new LogCountTally();

  constructor(private readonly sqlite: Database.Database) {
    this.insertStmt = sqlite.prepare(INSERT_LOG);
  }

  insert(row: NewLogRow): void {
    this.insertStmt.run(row.runId, row.syncType, row.operation, row.status, row.message, row.durationMs ?? 0, row.details ?? null, row.createdAt);
    this.tally.add(row.createdAt, row.syncType, row.status);
  }

  /** Rows inserted since the last flush or discard. */
  get pending(): boolean {
    return this.tally.size > 0;
  }

  flush(): void {
    addLogCounts(this.sqlite, this.tally.take());
  }

  /** Forgets the pending counts (their rows were rolled back). */
  discard(): void {
    this.tally.clear();
  }
}

/** Inserts log rows and their counts in one transaction (nested in the caller's, if any). */
export function insertLogRows(sqlite: Database.Database, rows: Iterable<NewLogRow>): void {
  const batch = new LogBatch(sqlite);
  const tx = sqlite.transaction(() => {
    for (const r of rows) batch.insert(r);
    batch.flush();
  });
  tx();
}

/**
 * Deletes the log rows matching a WHERE clause over sync_logs (e.g. `id IN (SELECT …)`, which must pick the
 * same rows twice in one transaction) and subtracts them from their buckets, in one transaction. Returns
 * the number of rows deleted.
 */
export function deleteLogRows(sqlite: Database.Database, where: string, params: readonly unknown[] = []): number {
  const tx = sqlite.transaction(() => {
    const groups = sqlite.prepare(`SELECT substr(created_at, 1, 13) AS hour, sync_type, status, COUNT(*) AS n FROM sync_logs WHERE ${where} GROUP BY 1, 2, 3`).all(...params) as {
      hour: string;
      sync_type: string;
      status: string;
      n: number;
    }[];
    const changes = sqlite.prepare(`DELETE FROM sync_logs WHERE ${where}`).run(...params).changes;
    addLogCounts(
      sqlite,
      groups.map((g) => ({ hour: g.hour, syncType: g.sync_type, status: g.status, count: -g.n })),
    );
    return changes;
  });
  return tx();
}

/** Rebuilds sync_log_counts from sync_logs (after a bulk load, and in migration 0005). */
export function recountLogCounts(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.exec(`DELETE FROM sync_log_counts;
      INSERT INTO sync_log_counts (hour, sync_type, status, count)
        SELECT substr(created_at, 1, 13), sync_type, status, COUNT(*) FROM sync_logs GROUP BY 1, 2, 3;`);
  })();
}
