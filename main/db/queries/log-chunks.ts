// The log CSV export's reads: the filtered log rows, newest first, in chunks by keyset (main/export/log-csv.ts
// turns them into CSV). Each chunk is one short query, so the connection is free in between.
import type Database from 'better-sqlite3';
import { logsSource, whereOf, type ResolvedLogFilter } from './log-filter';

/** id, sync_type, operation, status, message, duration_ms, created_at (the CSV's columns, in order). */
export type CsvRow = [number, string, string, string, string, number, string];

/** Row chunks, newest first, each read by one short query so the connection is free in between. */
export function* logChunks(sqlite: Database.Database, r: ResolvedLogFilter, chunkRows: number): Generator<CsvRow[]> {
  const where = whereOf(r);
  const cols = 'id, sync_type, operation, status, message, duration_ms, created_at';
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  const first = sqlite.prepare(`SELECT ${cols} FROM ${logsSource(r)} ${where.sql} ORDER BY created_at DESC, id DESC LIMIT @take`).raw();
  // `created_at <= @c` is the index range; the OR only drops the few rows of the same instant already sent.
  const next = sqlite.prepare(`SELECT ${cols} FROM ${logsSource(r)} ${and} created_at <= @c AND (created_at < @c OR id < @id) ORDER BY created_at DESC, id DESC LIMIT @take`).raw();
  let chunk = first.all({ ...where.params, take: chunkRows }) as CsvRow[];
  while (chunk.length > 0) {
    yield chunk;
    if (chunk.length < chunkRows) return;
    const last = chunk[chunk.length - 1]!;
    chunk = next.all({ ...where.params, take: chunkRows, c: last[6], id: last[0] }) as CsvRow[];
  }
}
