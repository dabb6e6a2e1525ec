// The run row (sync_runs) and its log rows (sync_logs): created when a run starts, counts saved with
// every applied page (so a crash leaves an honest partial record), finished with status and API usage.
import type Database from 'better-sqlite3';
import type { Counts, RunStatus, RunSummary, RunType, Trigger } from '../../shared/domain';
import { toRunSummary, type RawRunRow } from '../db/queries/runs';
import { LogBatch } from '../db/queries/log-writes';
import type { ClientAccounting } from '../autotask';
import { addCounts, zeroCounts, type LogSpec } from './plan';

export interface RunRecorderInit {
  type: RunType;
  trigger: Trigger;
  options: unknown;
  dryRun: boolean;
  now: () => Date;
}

export class RunRecorder {
  readonly runId: number;
  readonly startedAt: string;
  readonly counts: Counts = zeroCounts();
  readonly dryRun: boolean;
  private readonly now: () => Date;
  private readonly logs: LogBatch;
  private readonly saveCountsStmt: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    init: RunRecorderInit,
  ) {
    this.now = init.now;
    this.dryRun = init.dryRun;
    this.startedAt = init.now().toISOString();
    const info = sqlite
      .prepare(
        `INSERT INTO sync_runs (type, trigger, options, dry_run, started_at, status, owner_pid, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(init.type, init.trigger, JSON.stringify(init.options ?? {}), init.dryRun ? 1 : 0, this.startedAt, process.pid, this.startedAt);
    this.runId = Number(info.lastInsertRowid);
    this.logs = new LogBatch(sqlite);
    this.saveCountsStmt = sqlite.prepare(
      `UPDATE sync_runs SET count_create = ?, count_update = ?, count_unchanged = ?, count_skip = ?, count_error = ?,
         count_warning = ?, heartbeat_at = ? WHERE id = ?`,
    );
  }

  /**
   * One log row; call inside the page's transaction so rows and data changes land together. There its
   * sync_log_counts bucket is only tallied: call flushLogCounts before the transaction commits (and
   * discardLogCounts when it rolled back). Outside a transaction the row and its count are written at once.
   */
  log(spec: LogSpec, durationMs: number): void {
    const message = this.dryRun ? `Dry run: ${spec.message}` : spec.message;
    const details = spec.details === undefined || spec.details === null ? null : JSON.stringify(spec.details);
    const row = {
      runId: this.runId,
      syncType: spec.syncType,
      operation: spec.operation,
      status: spec.status,
      message,
      durationMs: Math.max(0, Math.round(durationMs)),
      details,
      createdAt: this.now().toISOString(),
    };
    if (this.sqlite.inTransaction) this.logs.insert(row);
    else
      this.sqlite.transaction(() => {
        this.logs.insert(row);
        this.logs.flush();
      })();
  }

  /** Adds the tallied counts of this transaction's log rows to sync_log_counts (one upsert per bucket). */
  flushLogCounts(): void {
    this.logs.flush();
  }

  /** Forgets tallied counts whose rows were rolled back. */
  discardLogCounts(): void {
    this.logs.discard();
  }

  /** Adds to the run's counts and saves them (inside the page transaction when there is one). */
  add(counts: Counts): void {
    addCounts(this.counts, counts);
    this.saveCounts();
  }

  saveCounts(): void {
    const c = this.counts;
    this.saveCountsStmt.run(c.create, c.update, c.unchanged, c.skip, c.error, c.warning, this.now().toISOString(), this.runId);
  }

  finish(status: Exclude<RunStatus, 'running'>, message: string, accounting: ClientAccounting | null): RunSummary {
    const c = this.counts;
    this.sqlite
      .prepare(
        `UPDATE sync_runs SET status = ?, finished_at = ?, message = ?, api_calls = ?, api_details = ?,
           count_create = ?, count_update = ?, count_unchanged = ?, count_skip = ?, count_error = ?, count_warning = ?
         WHERE id = ?`,
      )
      .run(
        status,
        this.now().toISOString(),
        message,
        accounting?.totalCalls ?? 0,
        accounting ? JSON.stringify(accounting) : null,
        c.create,
        c.update,
        c.unchanged,
        c.skip,
        c.error,
        c.warning,
        this.runId,
      );
    return toRunSummary(this.sqlite.prepare('SELECT * FROM sync_runs WHERE id = ?').get(this.runId) as RawRunRow);
  }
}

/**
 * Runs left `running` by a process that died (crash, kill, power loss) are marked failed. Call only while
 * holding the run lock: then no other live process can own a running run.
 */
export function failInterruptedRuns(sqlite: Database.Database): number {
  const info = sqlite
    .prepare(
      `UPDATE sync_runs SET status = 'failed', finished_at = COALESCE(heartbeat_at, started_at),
         message = 'Interrupted: the process running this sync stopped before it finished (it was closed, killed or crashed). Data from pages it completed was kept; the next run picks up the rest.'
       WHERE status = 'running'`,
    )
    .run();
  return info.changes;
}
