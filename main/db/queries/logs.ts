import type Database from 'better-sqlite3';
import type { LogFilter, LogPage, LogRow } from '../../../shared/domain';
import { toLogRow, type RawLogRow } from './log-rows';
import { resolveLogFilter, whereOf, type SqlWhere } from './log-filter';
import { countResolved } from './log-counts';
import { readLogPage, type PageReadOptions } from './log-page';

export type { SqlWhere } from './log-filter';
export { countLogs } from './log-counts';

/** The WHERE clause of a viewer filter (local dates as UTC instants), for callers building their own SQL. */
export function logWhere(filter: LogFilter): SqlWhere {
  return whereOf(resolveLogFilter(filter));
}

/**
 * One page of the log viewer, newest first. `page` is clamped to 1…pageCount (an empty result has one
 * empty page). The total comes from the hourly summary table and the rows from a bounded index read (see
 * log-counts.ts and log-page.ts), so any page of millions of rows costs milliseconds. The count and the
 * rows are read in one transaction: a consistent snapshot even while another process writes.
 */
export function listLogs(sqlite: Database.Database, filter: LogFilter, page: number, perPage: number, opts: PageReadOptions = {}): LogPage {
  const size = Math.max(1, Math.floor(perPage));
  const r = resolveLogFilter(filter);
  return sqlite.transaction((): LogPage => {
    const total = countResolved(sqlite, r);
    const pageCount = Math.max(1, Math.ceil(total / size));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
    const rows = readLogPage(sqlite, r, total, (current - 1) * size, size, opts);
    return { total, page: current, perPage: size, pageCount, rows: rows.map((row) => toLogRow(row, false)) };
  })();
}

/** One log row with its details parsed (the details modal). */
export function getLog(sqlite: Database.Database, id: number): LogRow | null {
  const row = sqlite.prepare('SELECT * FROM sync_logs WHERE id = ?').get(id) as RawLogRow | undefined;
  return row ? toLogRow(row, true) : null;
}

/** The same rows with their details parsed (one indexed read by id), for the CLI's full log rows. */
export function withDetails(sqlite: Database.Database, rows: LogRow[]): LogRow[] {
  if (rows.length === 0) return rows;
  const found = sqlite.prepare(`SELECT id, details FROM sync_logs WHERE id IN (${rows.map(() => '?').join(', ')})`).all(...rows.map((r) => r.id)) as {
    id: number;
    details: string | null;
  }[];
  const byId = new Map(found.map((f) => [f.id, f.details]));
  return rows.map((r) => {
    const raw = byId.get(r.id) ?? null;
    return toLogRow(
      {
        id: r.id,
        run_id: r.runId,
        sync_type: r.syncType,
        operation: r.operation,
        status: r.status,
        message: r.message,
        duration_ms: r.durationMs,
        details: raw,
        created_at: r.createdAt,
      },
      true,
    );
  });
}
