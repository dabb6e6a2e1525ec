// The writes of a run's record: its sync_runs row (started, counts per page, finished, or failed when its
// process died); its sync_logs rows go through log-writes.ts (LogBatch), which keeps sync_log_counts.
// main/sync/run-recorder.ts decides what to write and when.
import type Database from 'better-sqlite3';
import type { Counts } from '../../../shared/domain';
import type { SyncRunRecord } from '../rows';

export type NewRun = Pick<SyncRunRecord, 'type' | 'trigger' | 'options' | 'startedAt'> & { dryRun: 0 | 1 };

/** Inserts a `running` run owned by this process; returns its id. */
export function insertRun(sqlite: Database.Database, run: NewRun): number {
  const info = sqlite
    .prepare(
      `INSERT INTO sync_runs (type, trigger, options, dry_run, started_at, status, owner_pid, heartbeat_at)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
    )
    .run(run.type, run.trigger, run.options, run.dryRun, run.startedAt, process.pid, run.startedAt);
  return Number(info.lastInsertRowid);
}

/** Saves a running run's counts with a heartbeat. */
export function prepareCountsSave(sqlite: Database.Database, runId: number): (c: Counts, heartbeatAt: string) => void {
  const stmt = sqlite.prepare(
    `UPDATE sync_runs SET count_create = ?, count_update = ?, count_unchanged = ?, count_skip = ?, count_error = ?,
       count_warning = ?, heartbeat_at = ? WHERE id = ?`,
  );
  return (c, at) => void stmt.run(c.create, c.update, c.unchanged, c.skip, c.error, c.warning, at, runId);
}

export interface RunEnd {
  status: string;
  finishedAt: string;
  message: string;
  apiCalls: number;
  apiDetails: string | null;
  counts: Counts;
}

export function finishRun(sqlite: Database.Database, runId: number, end: RunEnd): void {
  const c = end.counts;
  sqlite
    .prepare(
      `UPDATE sync_runs SET status = ?, finished_at = ?, message = ?, api_calls = ?, api_details = ?,
         count_create = ?, count_update = ?, count_unchanged = ?, count_skip = ?, count_error = ?, count_warning = ?
       WHERE id = ?`,
    )
    .run(end.status, end.finishedAt, end.message, end.apiCalls, end.apiDetails, c.create, c.update, c.unchanged, c.skip, c.error, c.warning, runId);
}

/** Marks every `running` run failed (their process stopped); returns how many. */
export function failRunningRuns(sqlite: Database.Database, message: string): number {
  return sqlite.prepare(`UPDATE sync_runs SET status = 'failed', finished_at = COALESCE(heartbeat_at, started_at), message = ? WHERE status = 'running'`).run(message).changes;
}
