import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { LogFilter } from '../../shared/domain';
import { LOG_CSV_HEADER } from '../../shared/export-name';
import { csvLine, UTF8_BOM } from './spreadsheet-cell';
import { databaseFiles, writeFileSafely } from './safe-file';
import { resolveLogFilter } from '../db/queries/log-filter';
import { logChunks } from '../db/queries/log-chunks';

// The log CSV of docs/product-rules.md#log-csv: the exact header `ID,Sync Type,Operation,Status,Message,Duration (ms),Created At`
// after a UTF-8 byte-order mark (docs/product-rules.md#accounting-exports), rows in the log viewer's order (newest first) for the same
// filter, lines ending in LF.
//
// Formula injection: a message comes from Autotask data (contract names, error texts). Every cell goes
// through spreadsheet-cell.ts: a text cell starting with = + - @, a tab, CR or NUL (or their full-width
// forms) gets a leading single quote, numbers (ID, Duration) are never changed, and any cell holding a
// CR, LF, NUL, comma or quote is quoted (a bare CR ends a row in LibreOffice, issue #17). Secrets never
// reach the log, so never reach the file.
//
// Memory stays flat at any size: rows are read in keyset chunks (created_at, id) of a few thousand and
// pushed through a stream pipeline that respects backpressure. A chunk is read in one synchronous call
// rather than with a long-lived better-sqlite3 `.iterate()`: an open iterator keeps the shared connection
// busy across the awaits, so the app could not read or write anything else until the export finished.

const CHUNK_ROWS = 2_000;

export interface WriteCsvOptions {
  /** End the destination when done (default true; pass false for process.stdout). */
  end?: boolean;
  chunkRows?: number;
}

/**
 * Streams the filtered log rows as CSV into `out`. Resolves with the number of data rows once everything
 * has been handed to `out` (and `out` has finished, when it is ended).
 */
export async function writeLogsCsv(sqlite: Database.Database, filter: LogFilter, out: Writable, opts: WriteCsvOptions = {}): Promise<{ rows: number }> {
  const r = resolveLogFilter(filter);
  let rows = 0;
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const lines = Readable.from(
    (function* () {
      yield UTF8_BOM + csvLine(LOG_CSV_HEADER);
      for (const chunk of logChunks(sqlite, r, chunkRows)) {
        // One string per chunk: a few thousand rows per write keeps the stream cheap.
        let text = '';
        for (const row of chunk) {
          rows++;
          text += csvLine(row);
        }
        yield text;
      }
    })(),
    { objectMode: false, highWaterMark: 4 },
  );
  await pipeline(lines, out, { end: opts.end ?? true });
  return { rows };
}

/**
 * Writes the CSV to `file` with writeFileSafely: atomically, 0600, never over this database, its side
 * files or its backups (UnsafeTargetError, nothing written), never through a symlink or a hard link.
 */
export async function exportLogsToFile(sqlite: Database.Database, filter: LogFilter, file: string): Promise<{ rows: number; path: string }> {
  const protect = sqlite.memory ? {} : databaseFiles(sqlite.name);
  const { path: written, result } = await writeFileSafely(file, (out) => writeLogsCsv(sqlite, filter, out), protect);
  return { rows: result.rows, path: written };
}
