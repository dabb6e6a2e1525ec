import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLogsToFile, writeLogsCsv } from '../../../main/export/log-csv';
import { listLogs } from '../../../main/db/queries/logs';
import { LOG_CSV_HEADER } from '../../../shared/export-name';
import type { LogFilter } from '../../../shared/domain';
import { makeTestDatabase } from '../../helpers/test-database';
import { insertFixtureLogs } from './support/log-fixture';
import { recountLogCounts } from '../../../main/db/queries/log-writes';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function db() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  return { sqlite: t.database.sqlite, dir: t.dir };
}

/** Collects everything written; optionally slow (each chunk acknowledged on a later turn) to exercise backpressure. */
function sink(opts: { slow?: boolean } = {}) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const out = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      if (opts.slow) setImmediate(done);
      else done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8'), maxBuffered: () => maxBuffered };
}

/** A small RFC 4180 reader for checking round trips (quoted fields, doubled quotes, LF records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

function insert(sqlite: ReturnType<typeof db>['sqlite'], rows: { message: string; status?: string; type?: string; duration?: number; at: string }[]) {
  const stmt = sqlite.prepare("INSERT INTO sync_logs (sync_type, operation, status, message, duration_ms, details, created_at) VALUES (?, 'update', ?, ?, ?, ?, ?)");
  for (const r of rows) stmt.run(r.type ?? 'contract', r.status ?? 'success', r.message, r.duration ?? 12, JSON.stringify({ secretless: true }), r.at);
  recountLogCounts(sqlite);
}

describe('log CSV', () => {
  it('starts with the exact header line of docs/product-rules.md#log-csv, even with no rows', async () => {
    const { sqlite } = db();
    const s = sink();
    expect(await writeLogsCsv(sqlite, {}, s.out)).toEqual({ rows: 0 });
    expect(s.text()).toBe('\uFEFFID,Sync Type,Operation,Status,Message,Duration (ms),Created At\n'); // UTF-8 BOM first (docs/product-rules.md#accounting-exports)
    expect(LOG_CSV_HEADER.join(',')).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
  });

  it('quotes only values that need it; commas, quotes, newlines and unicode survive; formulas are neutralised', async () => {
    const { sqlite } = db();
    insert(sqlite, [
      { message: 'Imported time entry 42', at: '2026-03-01T00:00:00.009Z' },
      { message: 'Contract "PRACBILL, Ltd" — 5 h × $150', at: '2026-03-01T00:00:00.008Z' },
      { message: 'line one\nline two\r\nline three', at: '2026-03-01T00:00:00.007Z' },
      { message: 'Zürich 東京 😀 naïve', at: '2026-03-01T00:00:00.006Z' },
      { message: '=HYPERLINK("http://evil","x")', at: '2026-03-01T00:00:00.005Z' },
      { message: '-2+3', at: '2026-03-01T00:00:00.004Z' },
      { message: '+1', at: '2026-03-01T00:00:00.003Z' },
      { message: '@SUM(A1)', at: '2026-03-01T00:00:00.002Z' },
      { message: 'ends with -', status: 'error', type: 'time_entry', duration: 0, at: '2026-03-01T00:00:00.001Z' },
    ]);
    const s = sink();
    expect((await writeLogsCsv(sqlite, {}, s.out)).rows).toBe(9);
    expect(s.text()).toBe(
      [
        '\uFEFFID,Sync Type,Operation,Status,Message,Duration (ms),Created At',
        '1,contract,update,success,Imported time entry 42,12,2026-03-01T00:00:00.009Z',
        '2,contract,update,success,"Contract ""PRACBILL, Ltd"" — 5 h × $150",12,2026-03-01T00:00:00.008Z',
        '3,contract,update,success,"line one\nline two\r\nline three",12,2026-03-01T00:00:00.007Z',
        '4,contract,update,success,Zürich 東京 😀 naïve,12,2026-03-01T00:00:00.006Z',
        `5,contract,update,success,"'=HYPERLINK(""http://evil"",""x"")",12,2026-03-01T00:00:00.005Z`,
        "6,contract,update,success,'-2+3,12,2026-03-01T00:00:00.004Z",
        "7,contract,update,success,'+1,12,2026-03-01T00:00:00.003Z",
        "8,contract,update,success,'@SUM(A1),12,2026-03-01T00:00:00.002Z",
        '9,time_entry,update,error,ends with -,0,2026-03-01T00:00:00.001Z',
        '',
      ].join('\n'),
    );
    const parsed = parseCsv(s.text().replace(/^\uFEFF/, ''));
    expect(parsed[3]![4]).toBe('line one\nline two\r\nline three');
    expect(parsed[2]![4]).toBe('Contract "PRACBILL, Ltd" — 5 h × $150');
    expect(parsed.every((r) => r.length === 7)).toBe(true);
  });

  it('exports exactly the filtered rows in the log viewer’s order, across chunk boundaries and ties', async () => {
    const { sqlite } = db();
    insertFixtureLogs(sqlite, 5, 600);
    const filters: LogFilter[] = [
      {},
      { type: 'time_entry' },
      { status: 'error', from: '2026-03-03', to: '2026-03-07' },
      { type: 'company', status: 'skip', to: '2026-03-05' },
      { runId: 2 },
    ];
    for (const filter of filters) {
      const page = listLogs(sqlite, filter, 1, 500);
      const viewerIds: number[] = [];
      for (let p = 1; p <= page.pageCount; p++) viewerIds.push(...listLogs(sqlite, filter, p, 500).rows.map((r) => r.id));
      const s = sink({ slow: true });
      // Chunks of 7 rows: the 30 rows sharing one instant span several chunks.
      const { rows } = await writeLogsCsv(sqlite, filter, s.out, { chunkRows: 7 });
      const records = parseCsv(s.text().replace(/^\uFEFF/, ''));
      expect(records[0]).toEqual([...LOG_CSV_HEADER]);
      expect(rows).toBe(page.total);
      expect(records.slice(1).map((r) => Number(r[0]))).toEqual(viewerIds);
      // A slow reader never has more than a little queued: the stream waited for it.
      expect(s.maxBuffered()).toBeLessThan(64 * 1024);
    }
  });

  it('can leave the destination open (stdout)', async () => {
    const { sqlite } = db();
    insert(sqlite, [{ message: 'x', at: '2026-03-01T00:00:00.000Z' }]);
    const s = sink();
    await writeLogsCsv(sqlite, {}, s.out, { end: false });
    expect(s.out.writableEnded).toBe(false);
    s.out.end();
  });

  it('exportLogsToFile writes the file atomically and replaces an older one', async () => {
    const { sqlite, dir } = db();
    insert(sqlite, [
      { message: 'a', at: '2026-03-01T00:00:00.000Z' },
      { message: 'b', status: 'error', at: '2026-03-02T00:00:00.000Z' },
    ]);
    const file = path.join(dir, 'autotask_logs_1_20260302_101500.csv');
    fs.writeFileSync(file, 'old');
    const result = await exportLogsToFile(sqlite, { status: 'error' }, file);
    expect(result).toEqual({ rows: 1, path: file });
    expect(fs.readFileSync(file, 'utf8')).toBe('\uFEFFID,Sync Type,Operation,Status,Message,Duration (ms),Created At\n2,contract,update,error,b,12,2026-03-02T00:00:00.000Z\n');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('a failed export leaves the previous file untouched and no temporary file behind', async () => {
    const { sqlite, dir } = db();
    insert(sqlite, [{ message: 'a', at: '2026-03-01T00:00:00.000Z' }]);
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'previous export');
    sqlite.exec('DROP INDEX sync_logs_created_idx'); // the export's query now fails mid-pipeline
    await expect(exportLogsToFile(sqlite, {}, file)).rejects.toThrow(/no such index/);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous export');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    await expect(exportLogsToFile(sqlite, {}, path.join(dir, 'missing-folder', 'x.csv'))).rejects.toThrow();
  });
});
