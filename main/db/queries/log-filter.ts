import type { LogFilter, LogStatus, SyncType } from '../../../shared/domain';
import { localDayEndExclusiveIso, localDayStartIso } from '../../../shared/dates';

/**
 * A log filter with its local calendar dates turned into UTC instants: rows match when
 * `lo <= created_at < hi`. created_at is ISO-8601 UTC text ("2026-11-24T02:00:00.000Z", what the column
 * default and Date#toISOString write), so instants compare correctly as text.
 */
export interface ResolvedLogFilter {
  type?: SyncType;
  status?: LogStatus;
  lo?: string;
  hi?: string;
  runId?: number;
}

export function resolveLogFilter(filter: LogFilter): ResolvedLogFilter {
  const r: ResolvedLogFilter = {};
  if (filter.type) r.type = filter.type;
  if (filter.status) r.status = filter.status;
  if (filter.from) r.lo = localDayStartIso(filter.from);
  if (filter.to) r.hi = localDayEndExclusiveIso(filter.to);
  if (filter.runId !== undefined) r.runId = filter.runId;
  return r;
}

export interface SqlWhere {
  /** `WHERE …` or '' */
  sql: string;
  params: Record<string, string | number>;
}

/**
 * Equality conditions first, then the created_at range, so the planner picks the composite index that
 * matches (type, status, created_at), (status, created_at), (type, created_at), (run_id, created_at) or
 * (created_at) and reads rows in order without a sort. `lo`/`hi` override the filter's own range (the
 * page reader narrows it to one side of a boundary).
 */
export function whereOf(r: ResolvedLogFilter, range: { lo?: string; hi?: string } = { lo: r.lo, hi: r.hi }): SqlWhere {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (r.runId !== undefined) {
    parts.push('run_id = @runId');
    params.runId = r.runId;
  }
  if (r.type) {
    parts.push('sync_type = @type');
    params.type = r.type;
  }
  if (r.status) {
    parts.push('status = @status');
    params.status = r.status;
  }
  if (range.lo !== undefined) {
    parts.push('created_at >= @lo');
    params.lo = range.lo;
  }
  if (range.hi !== undefined) {
    parts.push('created_at < @hi');
    params.hi = range.hi;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * `sync_logs INDEXED BY …` for the filter's shape. Without ANALYZE statistics (which an app database
 * never has) SQLite's planner may take (status, created_at) for a type + status filter and then check
 * the type row by row; naming the index that matches every equality keeps each read a bounded range.
 */
export function logsSource(r: ResolvedLogFilter): string {
  let index = 'sync_logs_created_idx';
  if (r.runId !== undefined) index = 'sync_logs_run_created_idx';
  else if (r.type && r.status) index = 'sync_logs_type_status_created_idx';
  else if (r.type) index = 'sync_logs_type_created_idx';
  else if (r.status) index = 'sync_logs_status_created_idx';
  return `sync_logs INDEXED BY ${index}`;
}

// sync_log_counts buckets are UTC hours keyed by the first 13 characters of created_at ("2026-11-24T02").

export const HOUR_MS = 3_600_000;

/** Epoch hour number of the hour that contains an ISO instant. */
export function hourOf(iso: string): number {
  return Math.floor(Date.parse(iso) / HOUR_MS);
}

/** ISO instant at the start of an epoch hour. */
export function hourStartIso(hour: number): string {
  return new Date(hour * HOUR_MS).toISOString();
}

/** The summary table's key for an epoch hour. */
export function hourKey(hour: number): string {
  return hourStartIso(hour).slice(0, 13);
}

export function isHourAligned(iso: string): boolean {
  return Date.parse(iso) % HOUR_MS === 0;
}

/** Epoch hour of the first hour boundary at or after an instant. */
export function ceilHour(iso: string): number {
  return Math.ceil(Date.parse(iso) / HOUR_MS);
}
