import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import type { LogFilter } from '../../shared/domain';
import { LOG_CSV_HEADER } from '../../shared/export-name';
import { logsSource, resolveLogFilter, whereOf, type ResolvedLogFilter } from '../db/queries/log-filter';

// The log CSV of SPEC §2: the exact header `ID,Sync Type,Operation,Status,Message,Duration (ms),Created At`,
// rows in the log viewer's order (newest first) for the same filter, written through csv-stringify:
// RFC 4180 quoting only where a value needs it (a comma, a double quote, CR or LF), lines ending in LF
// (what csv-stringify and most tools emit; Excel and LibreOffice read it), no BOM so the first line is
// exactly the header.
//
// Formula injection: a message comes from Autotask data (contract names, error texts) and a cell that
// starts with = + - @ (or a tab / CR, or their full-width forms) is run as a formula by Excel. Such text
// values get a leading single quote (csv-stringify's `escape_formulas`), which spreadsheets show as text;
// numbers (ID, Duration) are never changed. Secrets never reach the log, so never reach the file.
//
// Memory stays flat at any size: rows are read in keyset chunks (created_at, id) of a few thousand and
// pushed through a stream pipeline that respects backpressure. A chunk is read in one synchronous call
// rather than with a long-lived better-sqlite3 `.iterate()`: an open iterator keeps the shared connection
// busy across the awaits, so the app could not read or write anything else until the export finished.

const CHUNK_ROWS = 2_000;

type CsvRow = [number, string, string, string, string, number, string];

export interface WriteCsvOptions {
  /** End the destination when done (default true; pass false for process.stdout). */
  end?: boolean;
  chunkRows?: number;
}

/** Row chunks, newest first, each read by one short query so the connection is free in between. */
function* logChunks(sqlite: Database.Database, r: ResolvedLogFilter, chunkRows: number): Generator<CsvRow[]> {
  const where = whereOf(r);
  const cols = 'id, sync_type, operation, status, message, duration_ms, created_at';
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  const first = sqlite.prepare(`SELECT ${cols} FROM ${logsSource(r)} ${where.sql} ORDER BY created_at DESC, id DESC LIMIT @take`).raw();
  // `created_at <= @c` is the index range; the OR only drops the few rows of the same instant already sent.
  const next = sqlite
    .prepare(`SELECT ${cols} FROM ${logsSource(r)} ${and} created_at <= @c AND (created_at < @c OR id < @id) ORDER BY created_at DESC, id DESC LIMIT @take`)
    .raw();
  let chunk = first.all({ ...where.params, take: chunkRows }) as CsvRow[];
  while (chunk.length > 0) {
    yield chunk;
    if (chunk.length < chunkRows) return;
    const last = chunk[chunk.length - 1]!;
    chunk = next.all({ ...where.params, take: chunkRows, c: last[6], id: last[0] }) as CsvRow[];
  }
}

/**
 * Streams the filtered log rows as CSV into `out`. Resolves with the number of data rows once everything
 * has been handed to `out` (and `out` has finished, when it is ended).
 */
export async function writeLogsCsv(sqlite: Database.Database, filter: LogFilter, out: Writable, opts: WriteCsvOptions = {}): Promise<{ rows: number }> {
  const r = resolveLogFilter(filter);
  let rows = 0;
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const records = Readable.from(
    (function* () {
      for (const chunk of logChunks(sqlite, r, chunkRows)) {
        for (const row of chunk) {
          rows++;
          yield row;
        }
      }
    })(),
    { objectMode: true, highWaterMark: 256 },
  );
  const csv = stringify({
    header: true,
    columns: [...LOG_CSV_HEADER],
    escape_formulas: true,
    record_delimiter: 'unix',
  });
  await pipeline(records, csv, out, { end: opts.end ?? true });
  return { rows };
}

/**
 * Writes the CSV to `file` atomically: into a temporary file in the same folder, flushed to disk, then
 * renamed over `file`. On any failure the temporary file is removed and `file` is left as it was, so a
 * half-written CSV never appears under the chosen name.
 */
export async function exportLogsToFile(sqlite: Database.Database, filter: LogFilter, file: string): Promise<{ rows: number; path: string }> {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const out = fs.createWriteStream(tmp, { flags: 'wx', flush: true });
    const { rows } = await writeLogsCsv(sqlite, filter, out);
    await fs.promises.rename(tmp, target);
    return { rows, path: target };
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}
