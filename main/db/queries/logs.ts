import type Database from 'better-sqlite3';
import type { LogFilter, LogPage, LogRow } from '../../../shared/domain';
import { localDayEndExclusiveIso, localDayStartIso } from '../../../shared/dates';
import { LOG_LIST_COLUMNS, toLogRow, type RawLogRow } from './log-rows';

export interface SqlWhere {
  sql: string;
  params: Record<string, string | number>;
}

export function logWhere(filter: LogFilter): SqlWhere {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.type) {
    parts.push('sync_type = @type');
    params.type = filter.type;
  }
  if (filter.status) {
    parts.push('status = @status');
    params.status = filter.status;
  }
  if (filter.from) {
    parts.push('created_at >= @from');
    params.from = localDayStartIso(filter.from);
  }
  if (filter.to) {
    parts.push('created_at < @to');
    params.to = localDayEndExclusiveIso(filter.to);
  }
  if (filter.runId !== undefined) {
    parts.push('run_id = @runId');
    params.runId = filter.runId;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function countLogs(sqlite: Database.Database, filter: LogFilter): number {
  const where = logWhere(filter);
  const row = sqlite.prepare(`SELECT COUNT(*) AS n FROM sync_logs ${where.sql}`).get(where.params) as { n: number };
  return row.n;
}

export function listLogs(sqlite: Database.Database, filter: LogFilter, page: number, perPage: number): LogPage {
  const total = countLogs(sqlite, filter);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(page, pageCount);
  const where = logWhere(filter);
  const rows = sqlite
    .prepare(`SELECT ${LOG_LIST_COLUMNS} FROM sync_logs ${where.sql} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...where.params, limit: perPage, offset: (current - 1) * perPage }) as RawLogRow[];
  return { total, page: current, perPage, pageCount, rows: rows.map((r) => toLogRow(r, false)) };
}

export function getLog(sqlite: Database.Database, id: number): LogRow | null {
  const row = sqlite.prepare('SELECT * FROM sync_logs WHERE id = ?').get(id) as RawLogRow | undefined;
  return row ? toLogRow(row, true) : null;
}
