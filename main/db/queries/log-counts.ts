import type Database from 'better-sqlite3';
import { LOG_STATUSES, SYNC_TYPES, type LogFilter } from '../../../shared/domain';
import { cachedStatement } from './statement-cache';
import { ceilHour, hourKey, hourOf, hourStartIso, logsSource, resolveLogFilter, whereOf, type ResolvedLogFilter } from './log-filter';

// Counting log rows without scanning them. sync_log_counts (kept by log-writes.ts) holds the number of rows per
// UTC hour × type × status; the covering index (sync_type, status, hour, count) turns any "type/status in a
// range of whole hours" total into at most 12 short index range scans. Only the partial hours at the edges
// of a range (local midnights in time zones with a non-whole-hour offset, or the page reader's boundaries)
// are counted from sync_logs itself, as an index range bounded by one hour of rows.

function summarySum(sqlite: Database.Database, r: ResolvedLogFilter, fromHour: number | undefined, toHour: number | undefined): number {
  if (fromHour !== undefined && toHour !== undefined && fromHour >= toHour) return 0;
  const types = r.type ? [r.type] : [...SYNC_TYPES];
  const statuses = r.status ? [r.status] : [...LOG_STATUSES];
  const params: (string | number)[] = [...types, ...statuses];
  let sql = `SELECT COALESCE(SUM(count), 0) AS n FROM sync_log_counts
    WHERE sync_type IN (${types.map(() => '?').join(', ')}) AND status IN (${statuses.map(() => '?').join(', ')})`;
  if (fromHour !== undefined) {
    sql += ' AND hour >= ?';
    params.push(hourKey(fromHour));
  }
  if (toHour !== undefined) {
    sql += ' AND hour < ?';
    params.push(hourKey(toHour));
  }
  return (cachedStatement(sqlite, sql).get(...params) as { n: number }).n;
}

/** Exact count of matching rows with lo <= created_at < hi, read from the log's indexes (bounded ranges only). */
function indexCount(sqlite: Database.Database, r: ResolvedLogFilter, lo: string | undefined, hi: string | undefined): number {
  if (lo !== undefined && hi !== undefined && lo >= hi) return 0;
  const where = whereOf(r, { lo, hi });
  return (cachedStatement(sqlite, `SELECT COUNT(*) AS n FROM ${logsSource(r)} ${where.sql}`).get(where.params) as { n: number }).n;
}

/**
 * Rows matching the filter's type/status (and run) with lo <= created_at < hi; an undefined bound is open.
 * A run filter is counted from the (run_id, created_at) index: a run's rows are bounded by its size.
 */
export function countBetween(sqlite: Database.Database, r: ResolvedLogFilter, lo: string | undefined, hi: string | undefined): number {
  if (r.runId !== undefined) return indexCount(sqlite, r, lo, hi);
  if (lo !== undefined && hi !== undefined && lo >= hi) return 0;
  // Whole hours [firstHour, endHour); the rest are partial edge hours.
  const firstHour = lo === undefined ? undefined : ceilHour(lo);
  const endHour = hi === undefined ? undefined : hourOf(hi);
  if (firstHour !== undefined && endHour !== undefined && firstHour >= endHour) return indexCount(sqlite, r, lo, hi);
  let n = summarySum(sqlite, r, firstHour, endHour);
  if (lo !== undefined && firstHour !== undefined) n += indexCount(sqlite, r, lo, hourStartIso(firstHour));
  if (hi !== undefined && endHour !== undefined) n += indexCount(sqlite, r, hourStartIso(endHour), hi);
  return n;
}

export function countResolved(sqlite: Database.Database, r: ResolvedLogFilter): number {
  return countBetween(sqlite, r, r.lo, r.hi);
}

/** Total log rows matching a viewer filter (the log page's `total`). */
export function countLogs(sqlite: Database.Database, filter: LogFilter): number {
  return countResolved(sqlite, resolveLogFilter(filter));
}
