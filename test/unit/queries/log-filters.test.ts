import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_STATUSES, SYNC_TYPES, type LogFilter } from '../../../shared/domain';
import { countLogs, listLogs } from '../../../main/db/queries/logs';
import { resolveLogFilter } from '../../../main/db/queries/log-filter';
import { makeTestDatabase } from '../../helpers/test-database';
import { insertFixtureLogs, recomputedCounts, referenceFilter, storedCounts, type FixtureRow } from './support/log-fixture';

// Every filter combination of the log viewer against a brute-force reference, in three time zones: UTC,
// Asia/Kolkata (+05:30, so local midnights fall mid-hour and the partial-hour edge counts are used) and
// America/New_York (a DST change inside the data). TZ is switched for this file's process (Node re-reads
// it on assignment); each block checks the offset really changed.

const db = makeTestDatabase();
const sqlite = db.database.sqlite;
let rows: FixtureRow[] = [];
const originalTz = process.env.TZ;

beforeAll(() => {
  rows = insertFixtureLogs(sqlite);
});
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
  db.cleanup();
});

const DATE_RANGES: { from?: string; to?: string }[] = [
  {},
  { from: '2026-03-04' },
  { to: '2026-03-09' },
  { from: '2026-03-04', to: '2026-03-09' },
  { from: '2026-03-06', to: '2026-03-06' },
  { from: '2026-03-08', to: '2026-03-08' }, // the US DST change: a 23-hour local day in New York
  { from: '2026-04-01' }, // after every row
];

function filters(): LogFilter[] {
  const out: LogFilter[] = [];
  for (const type of [undefined, ...SYNC_TYPES]) {
    for (const status of [undefined, ...LOG_STATUSES]) {
      for (const d of DATE_RANGES) out.push({ ...(type && { type }), ...(status && { status }), ...d });
    }
  }
  return out;
}

/** Checks total, pageCount, clamping and the ids of a spread of pages; returns the differences found. */
function checkFilter(filter: LogFilter, perPage: number): string[] {
  const expected = referenceFilter(rows, filter);
  const problems: string[] = [];
  const pageCount = Math.max(1, Math.ceil(expected.length / perPage));
  const pages = [...new Set([0, 1, 2, Math.ceil(pageCount / 2), Math.ceil(pageCount / 3), pageCount - 1, pageCount, pageCount + 3])];
  for (const page of pages) {
    const want = Math.min(Math.max(1, page), pageCount);
    const wantIds = expected.slice((want - 1) * perPage, want * perPage).map((r) => r.id);
    // Default strategy, and the boundary search forced for every page.
    for (const directOffsetMax of [undefined, 0]) {
      const got = listLogs(sqlite, filter, page, perPage, directOffsetMax === undefined ? {} : { directOffsetMax });
      const tag = `${JSON.stringify(filter)} perPage ${perPage} page ${page} direct≤${directOffsetMax ?? 'default'}`;
      if (got.total !== expected.length) problems.push(`${tag}: total ${got.total} ≠ ${expected.length}`);
      if (got.pageCount !== pageCount) problems.push(`${tag}: pageCount ${got.pageCount} ≠ ${pageCount}`);
      if (got.page !== want) problems.push(`${tag}: page ${got.page} ≠ ${want}`);
      const ids = got.rows.map((r) => r.id);
      if (JSON.stringify(ids) !== JSON.stringify(wantIds)) problems.push(`${tag}: ids ${ids.slice(0, 5).join(',')}… ≠ ${wantIds.slice(0, 5).join(',')}…`);
    }
  }
  return problems;
}

describe.each([
  { tz: 'UTC', offsetMinutes: 0 },
  { tz: 'Asia/Kolkata', offsetMinutes: -330 },
  { tz: 'America/New_York', offsetMinutes: 300 },
])('log filters in $tz', ({ tz, offsetMinutes }) => {
  beforeAll(() => {
    process.env.TZ = tz;
  });

  it('really runs in that time zone (local midnights at the expected instants)', () => {
    expect(new Date(Date.UTC(2026, 2, 1)).getTimezoneOffset()).toBe(offsetMinutes);
    const lo = resolveLogFilter({ from: '2026-03-04' }).lo!;
    expect(lo).toBe(new Date(Date.UTC(2026, 2, 4) + offsetMinutes * 60_000).toISOString());
    if (tz === 'Asia/Kolkata') expect(lo).toBe('2026-03-03T18:30:00.000Z'); // mid-hour: partial-hour edges
  });

  it('total, page count and every page agree with the brute-force reference for every filter combination', () => {
    const problems: string[] = [];
    for (const f of filters()) for (const perPage of [25, 7]) problems.push(...checkFilter(f, perPage));
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('a run filter, alone and with other filters, pages the same way', () => {
    const problems: string[] = [];
    for (const runId of [1, 2]) {
      for (const f of [{ runId }, { runId, type: 'contract' as const }, { runId, status: 'error' as const, from: '2026-03-03', to: '2026-03-10' }]) {
        problems.push(...checkFilter(f, 10));
      }
    }
    expect(problems).toEqual([]);
  });

  it('countLogs matches the reference, including date ranges that start and end mid-hour', () => {
    for (const f of filters()) expect(countLogs(sqlite, f)).toBe(referenceFilter(rows, f).length);
  });
});

describe('the data under test', () => {
  it('has the awkward shapes it claims: ties, a dense hour, rows on both sides of hour edges', () => {
    const byInstant = new Map<string, number>();
    for (const r of rows) byInstant.set(r.createdAt, (byInstant.get(r.createdAt) ?? 0) + 1);
    expect(Math.max(...byInstant.values())).toBeGreaterThanOrEqual(30);
    expect(rows.some((r) => r.createdAt.endsWith('T18:30:00.000Z'))).toBe(true);
    expect(rows.some((r) => r.createdAt.endsWith('T18:29:59.999Z'))).toBe(true);
    expect(rows.some((r) => r.createdAt.endsWith(':59:59.999Z'))).toBe(true);
    expect(rows.length).toBeGreaterThan(2500);
  });

  it('the trigger-maintained summary table equals a GROUP BY of the rows', () => {
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
  });
});
