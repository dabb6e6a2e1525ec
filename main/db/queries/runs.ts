import type Database from 'better-sqlite3';
import type { Paged, RunStatus, RunSummary, RunType, Trigger } from '../../../shared/domain';

export interface RawRunRow {
  id: number;
  type: string;
  trigger: string;
  dry_run: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  count_create: number;
  count_update: number;
  count_unchanged: number;
  count_skip: number;
  count_error: number;
  count_warning: number;
  api_calls: number;
  message: string | null;
}

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
export function listRuns(sqlite: Database.Database, page: number, perPage: number): Paged<RunSummary> {
  const size = Math.max(1, Math.floor(perPage));
  const { n } = sqlite.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as { n: number };
  const current = Math.min(Math.max(1, Math.floor(page) || 1), Math.max(1, Math.ceil(n / size)));
  const rows = sqlite
    .prepare('SELECT * FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?')
    .all(size, (current - 1) * size) as RawRunRow[];
  return { total: n, page: current, perPage: size, rows: rows.map(toRunSummary) };
}
