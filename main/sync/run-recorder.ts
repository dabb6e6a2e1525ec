// The run row (sync_runs) and its log rows (sync_logs): created when a run starts, counts saved with
// every applied page (so a crash leaves an honest partial record), finished with status and API usage.
import type Database from 'better-sqlite3';
import type { Counts, RunStatus, RunSummary, RunType, Trigger } from '../../shared/domain';
import { runById } from '../db/queries/runs';
import { failRunningRuns, finishRun, insertRun, prepareCountsSave } from '../db/queries/run-writes';
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
  private readonly saveCountsOf: (c: Counts, heartbeatAt: string) => void;

  constructor(
    private readonly sqlite: Database.Database,
    init: RunRecorderInit,
  ) {
    this.now = init.now;
    this.dryRun = init.dryRun;
    this.startedAt = init.now().toISOString();
    this.runId = insertRun(sqlite, {
      type: init.type,
      trigger: init.trigger,
      options: JSON.stringify(init.options ?? {}),
      dryRun: init.dryRun ? 1 : 0,
      startedAt: this.startedAt,
    });
    this.logs = new LogBatch(sqlite);
    this.saveCountsOf = prepareCountsSave(sqlite, this.runId);
  }

  /**
   * One log row; call inside the page's transaction so rows and data changes land together. There its
   * sync_log_counts bucket is only tallied: call flushLogCounts before the transaction commits (and
   * discardLogCounts when it rolled back). Outside a transaction the row and its count are written at once.
   * `at`: the row's time (ISO instant) when the caller already read the clock for its page; default now.
   */
  log(spec: LogSpec, durationMs: number, at?: string): void {
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
      createdAt: at ?? this.now().toISOString(),
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
    this.saveCountsOf(this.counts, this.now().toISOString());
  }

  finish(status: Exclude<RunStatus, 'running'>, message: string, accounting: ClientAccounting | null): RunSummary {
    finishRun(this.sqlite, this.runId, {
      status,
      finishedAt: this.now().toISOString(),
      message,
      apiCalls: accounting?.totalCalls ?? 0,
      apiDetails: accounting ? JSON.stringify(accounting) : null,
      counts: this.counts,
    });
    return runById(this.sqlite, this.runId);
  }
}

/**
 * Runs left `running` by a process that died (crash, kill, power loss) are marked failed. Call only while
 * holding the run lock: then no other live process can own a running run.
 */
export function failInterruptedRuns(sqlite: Database.Database): number {
  return failRunningRuns(
    sqlite,
    'Interrupted: the process running this sync stopped before it finished (it was closed, killed or crashed). Data from pages it completed was kept; the next run picks up the rest.',
  );
}
