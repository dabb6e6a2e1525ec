import { afterEach, describe, expect, it } from 'vitest';
import { cleanupOldLogs, retentionCutoff } from '../../../main/db/queries/retention';
import { countLogs } from '../../../main/db/queries/logs';
import { insertLogRows, type NewLogRow } from '../../../main/db/queries/log-writes';
import { makeTestDatabase } from '../../helpers/test-database';
import { recomputedCounts, storedCounts } from './support/log-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const NOW = new Date('2026-11-24T12:00:00.000Z');
const DAY = 86_400_000;

/** One row every 3 hours for 200 days before NOW, types and statuses rotating (counted as the sync counts them). */
function seeded() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  const sqlite = t.database.sqlite;
  const rows: NewLogRow[] = [];
  const add = (syncType: string, status: string, createdAt: string) => rows.push({ runId: null, syncType, operation: 'create', status, message: 'm', createdAt });
  for (let i = 0; i < 200 * 8; i++) {
    add(['contract', 'time_entry', 'company'][i % 3]!, ['success', 'warning', 'error', 'skip'][i % 4]!, new Date(NOW.getTime() - 200 * DAY + i * 3 * 3_600_000).toISOString());
  }
  // Exactly at the cutoff (kept) and 1 ms before it (deleted).
  const cutoff = retentionCutoff(180, NOW);
  add('contract', 'success', cutoff);
  add('contract', 'success', new Date(Date.parse(cutoff) - 1).toISOString());
  insertLogRows(sqlite, rows);
  expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
  return { sqlite, instants: rows.map((r) => r.createdAt) };
}

describe('log retention', () => {
  it('deletes exactly the rows older than the retention period, in batches, keeping the counts table exact', () => {
    const { sqlite, instants } = seeded();
    const cutoff = retentionCutoff(180, NOW);
    expect(cutoff).toBe('2026-05-28T12:00:00.000Z');
    const expectedDeleted = instants.filter((at) => at < cutoff).length;
    const result = cleanupOldLogs(sqlite, 180, NOW, { batchSize: 37 });
    expect(result).toEqual({ deleted: expectedDeleted, cutoff, complete: true });
    const left = sqlite.prepare('SELECT MIN(created_at) AS oldest, COUNT(*) AS n FROM sync_logs').get() as { oldest: string; n: number };
    expect(left).toEqual({ oldest: cutoff, n: instants.length - expectedDeleted });
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    // Emptied hourly buckets are dropped, and totals come out right from the summary table.
    const zero = sqlite.prepare('SELECT COUNT(*) AS n FROM sync_log_counts WHERE count = 0').get() as { n: number };
    expect(zero.n).toBe(0);
    expect(countLogs(sqlite, {})).toBe(left.n);
    expect(cleanupOldLogs(sqlite, 180, NOW)).toEqual({ deleted: 0, cutoff, complete: true });
  });

  it('maxBatches bounds one call; the next call carries on', () => {
    const { sqlite, instants } = seeded();
    const expectedDeleted = instants.filter((at) => at < retentionCutoff(30, NOW)).length;
    const first = cleanupOldLogs(sqlite, 30, NOW, { batchSize: 100, maxBatches: 2 });
    expect(first).toMatchObject({ deleted: 200, complete: false });
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    const rest = cleanupOldLogs(sqlite, 30, NOW, { batchSize: 100 });
    expect(first.deleted + rest.deleted).toBe(expectedDeleted);
    expect(rest.complete).toBe(true);
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
  });

  it('refuses a nonsensical retention period', () => {
    const { sqlite } = seeded();
    expect(() => cleanupOldLogs(sqlite, 0, NOW)).toThrow(RangeError);
    expect(() => cleanupOldLogs(sqlite, 1.5, NOW)).toThrow(RangeError);
  });
});
