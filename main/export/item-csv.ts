import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { ItemFilter, ItemListRow } from '../../shared/items';
import { ITEM_CSV_HEADER } from '../../shared/export-name';
import { csvCell, quoteCsvField, UTF8_BOM } from './spreadsheet-cell';
import { databaseFiles, writeFileSafely } from './safe-file';
import { filteredItemChunks } from '../db/queries/item-states';

// The Engineering Items CSV (issue #14): the filtered rows of the page, in its order, after a UTF-8 BOM,
// streamed in keyset chunks like the log CSV (log-csv.ts). Text cells (names from Autotask) go through
// spreadsheet-cell.ts, so a contract named "=HYPERLINK(…)" stays text; numbers (ids, hours, money) are
// written as plain numbers and stay numbers, negative ones included.

function itemLine(r: ItemListRow): string {
  const num = (v: string | number) => quoteCsvField(String(v));
  const text = [r.dateWorked, r.customerName, r.contractName, r.serviceName].map(csvCell);
  return `${[num(r.id), ...text, num(r.autotaskTimeEntryId), num(r.hours), num(r.rate), num(r.amount), csvCell(r.state), csvCell(r.flagReason)].join(',')}\n`;
}

/** Streams the filtered items as CSV into `out`; resolves with the number of data rows. */
export async function writeItemsCsv(sqlite: Database.Database, filter: ItemFilter, out: Writable, opts: { end?: boolean } = {}): Promise<{ rows: number }> {
  let rows = 0;
  const lines = Readable.from(
    (function* () {
      yield UTF8_BOM + ITEM_CSV_HEADER.map(csvCell).join(',') + '\n';
      for (const chunk of filteredItemChunks(sqlite, filter)) {
        rows += chunk.length;
        yield chunk.map(itemLine).join('');
      }
    })(),
    { objectMode: false, highWaterMark: 4 },
  );
  await pipeline(lines, out, { end: opts.end ?? true });
  return { rows };
}

/** Writes the CSV to `file` with writeFileSafely (atomic, 0600, never over the database or its side files). */
export async function exportItemsToFile(sqlite: Database.Database, filter: ItemFilter, file: string): Promise<{ rows: number; path: string }> {
  const protect = sqlite.memory ? {} : databaseFiles(sqlite.name);
  const { path: written, result } = await writeFileSafely(file, (out) => writeItemsCsv(sqlite, filter, out), protect);
  return { rows: result.rows, path: written };
}
