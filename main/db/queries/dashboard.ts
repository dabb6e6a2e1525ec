import type Database from 'better-sqlite3';
import type { BreakdownRow, DashboardData, RunSummary, SyncProgress, SyncType } from '../../../shared/domain';
import { SYNC_TYPES } from '../../../shared/domain';
import { LOG_LIST_COLUMNS, toLogRow, type RawLogRow } from './log-rows';
import { toRunSummary, type RawRunRow } from './runs';

/** Dashboard figures; per-type counts come from the sync_log_counts summary table (kept by log-writes.ts). */
export function dashboard(sqlite: Database.Database, running: SyncProgress | null): DashboardData {
  const runs = sqlite
    .prepare(
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(status = 'success'), 0) AS successful,
              COALESCE(SUM(status = 'partial'), 0) AS partial,
              COALESCE(SUM(status = 'failed'), 0) AS failed,
              COALESCE(SUM(status = 'cancelled'), 0) AS cancelled
         FROM sync_runs WHERE status <> 'running' AND dry_run = 0`,
    )
    .get() as { total: number; successful: number; partial: number; failed: number; cancelled: number };
  const last = sqlite.prepare(`SELECT * FROM sync_runs WHERE status <> 'running' AND dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1`).get() as RawRunRow | undefined;
  const lastRun: RunSummary | null = last ? toRunSummary(last) : null;

  const counts = sqlite.prepare('SELECT sync_type, status, SUM(count) AS n FROM sync_log_counts GROUP BY sync_type, status').all() as {
    sync_type: string;
    status: string;
    n: number;
  }[];
  const byType = new Map<SyncType, BreakdownRow>(SYNC_TYPES.map((type) => [type, { type, success: 0, error: 0, warning: 0, total: 0 }]));
  for (const c of counts) {
    const row = byType.get(c.sync_type as SyncType);
    if (!row) continue;
    if (c.status === 'success' || c.status === 'error' || c.status === 'warning') row[c.status] += c.n;
    row.total += c.n;
  }
  const recent = sqlite.prepare(`SELECT ${LOG_LIST_COLUMNS} FROM sync_logs ORDER BY created_at DESC, id DESC LIMIT 10`).all() as RawLogRow[];
  return {
    lastSyncAt: lastRun?.finishedAt ?? lastRun?.startedAt ?? null,
    lastRun,
    totalSyncs: runs.total,
    successful: runs.successful,
    partial: runs.partial,
    failed: runs.failed,
    cancelled: runs.cancelled,
    breakdown: [...byType.values()],
    recent: recent.map((r) => toLogRow(r, false)),
    running,
  };
}
