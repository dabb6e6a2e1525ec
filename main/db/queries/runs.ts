import type Database from 'better-sqlite3';
import type { Paged, RunDay, RunStatus, RunSummary, RunType, Trigger } from '../../../shared/domain';
import { addDays, toLocalDate } from '../../../shared/dates';
import type { SqlRow, SyncRunRecord } from '../rows';

/** A sync_runs row as SQLite returns it (`SELECT *`). */
export type RawRunRow = SqlRow<
  Pick<
    SyncRunRecord,
    | 'id'
    | 'type'
    | 'trigger'
    | 'dryRun'
    | 'startedAt'
    | 'finishedAt'
    | 'status'
    | 'countCreate'
    | 'countUpdate'
    | 'countUnchanged'
    | 'countSkip'
    | 'countError'
    | 'countWarning'
    | 'apiCalls'
    | 'message'
  >
>;

export function toRunSummary(r: RawRunRow): RunSummary {
  return {
    runId: r.id,
    type: r.type as RunType,
    trigger: r.trigger as Trigger,
    status: r.status as RunStatus,
    dryRun: r.dry_run === 1,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: {
      create: r.count_create,
      update: r.count_update,
      unchanged: r.count_unchanged,
      skip: r.count_skip,
      error: r.count_error,
      warning: r.count_warning,
    },
    apiCalls: r.api_calls,
    durationMs: r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
    message: r.message,
  };
}

/** Run summaries for the statistics view, newest first; `page` clamped to 1…last page. */
/** The latest real (not dry) run, for the tray's "Last sync" line. */
export function latestRun(sqlite: Database.Database): RunSummary | null {
  const row = sqlite.prepare('SELECT * FROM sync_runs WHERE dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1').get() as RawRunRow | undefined;
  return row ? toRunSummary(row) : null;
}

export function listRuns(sqlite: Database.Database, page: number, perPage: number): Paged<RunSummary> {
  const size = Math.max(1, Math.floor(perPage));
  const { n } = sqlite.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as { n: number };
  const current = Math.min(Math.max(1, Math.floor(page) || 1), Math.max(1, Math.ceil(n / size)));
  const rows = sqlite.prepare('SELECT * FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?').all(size, (current - 1) * size) as RawRunRow[];
  return { total: n, page: current, perPage: size, rows: rows.map(toRunSummary) };
}

/**
 * Run history per local calendar day (the bookkeeper's time zone, DST included) for the `days` days up to
 * and including `today`, every day present (zeros where nothing ran), oldest first. Dry runs and runs
 * still going are left out.
 */
export function runsPerDay(sqlite: Database.Database, opts: { today: string; days: number }): RunDay[] {
  const days = Math.max(1, Math.min(366, Math.floor(opts.days)));
  const first = addDays(opts.today, -(days - 1));
  const out: RunDay[] = [];
  const byDay = new Map<string, RunDay>();
  for (let i = 0; i < days; i++) {
    const day: RunDay = { day: addDays(first, i), runs: 0, success: 0, partial: 0, failed: 0, cancelled: 0, created: 0, updated: 0, errors: 0, apiCalls: 0, durationMs: 0 };
    out.push(day);
    byDay.set(day.day, day);
  }
  // A day either side of the window in UTC covers every time zone; the local day decides.
  const rows = sqlite
    .prepare(`SELECT * FROM sync_runs WHERE status <> 'running' AND dry_run = 0 AND started_at >= ? AND started_at < ? ORDER BY started_at`)
    .all(`${addDays(first, -1)}T00:00:00.000Z`, `${addDays(opts.today, 2)}T00:00:00.000Z`) as RawRunRow[];
  for (const raw of rows) {
    const started = new Date(raw.started_at);
    if (Number.isNaN(started.getTime())) continue;
    const d = byDay.get(toLocalDate(started));
    if (!d) continue;
    const r = toRunSummary(raw);
    d.runs += 1;
    if (r.status === 'success' || r.status === 'partial' || r.status === 'failed' || r.status === 'cancelled') d[r.status] += 1;
    d.created += r.counts.create;
    d.updated += r.counts.update;
    d.errors += r.counts.error;
    d.apiCalls += r.apiCalls;
    d.durationMs += Math.max(0, r.durationMs ?? 0);
  }
  return out;
}

/** The newest scheduled or catch-up run that completed (success or partial), not a dry run. */
export function lastSuccessfulScheduledRun(sqlite: Database.Database): RunSummary | null {
  const row = sqlite
    .prepare(
      `SELECT * FROM sync_runs WHERE trigger IN ('schedule', 'catch-up') AND status IN ('success', 'partial') AND dry_run = 0
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .get() as RawRunRow | undefined;
  return row ? toRunSummary(row) : null;
}

/** One run by id (it must exist). */
export function runById(sqlite: Database.Database, runId: number): RunSummary {
  return toRunSummary(sqlite.prepare('SELECT * FROM sync_runs WHERE id = ?').get(runId) as RawRunRow);
}
