// sync_log_counts is kept by the code that writes log rows (no triggers since 0005): the run recorder's
// grouped upsert per page, the accounting-name log row, retention deletes. Each test compares the stored
// counts with a recount of the rows.
import { afterEach, describe, expect, it } from 'vitest';
import { RunRecorder } from '../../../main/sync/run-recorder';
import { setAccountingName } from '../../../main/sync/customer-import';
import { cleanupOldLogs } from '../../../main/db/queries/retention';
import { addLogCounts, deleteLogRows, insertLogRows, LogCountTally, recountLogCounts } from '../../../main/db/queries/log-writes';
import { makeTestDatabase } from '../../helpers/test-database';
import { startHarness, type SyncHarness } from '../sync/support/harness';
import { recomputedCounts, storedCounts } from './support/log-fixture';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function db() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  return t.database.sqlite;
}

const upserts = (sqlite: ReturnType<typeof db>) => {
  // Counts the statements that reach sync_log_counts by watching its rows' changes: total_changes moves by
  // one per upserted bucket.
  const before = (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return () => (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before;
};

describe('log counts kept by the writers', () => {
  it('the recorder tallies a page in memory and adds ONE upsert per hour × type × status at the flush', () => {
    const sqlite = db();
    let clock = Date.parse('2026-11-24T02:59:59.000Z');
    const rec = new RunRecorder(sqlite, { type: 'time_entry', trigger: 'manual', options: {}, dryRun: false, now: () => new Date(clock) });
    const changes = upserts(sqlite);
    sqlite.transaction(() => {
      for (let i = 0; i < 300; i++) {
        if (i === 200) clock += 2000; // the page crosses an hour
        rec.log({ syncType: 'time_entry', operation: 'create', status: i % 3 ? 'success' : 'skip', message: `entry ${i}` }, 1);
      }
      // Nothing counted yet: the rows are in, their buckets are not.
      expect(storedCounts(sqlite).size).toBe(0);
      rec.flushLogCounts();
    })();
    // 300 log rows + 4 bucket upserts (2 hours × 2 statuses), not 300 upserts.
    expect(changes()).toBe(304);
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    expect(storedCounts(sqlite).get('2026-11-24T02|time_entry|success')).toBe(133);
  });

  it('a rolled-back page leaves no count behind; a log outside a transaction is counted at once', () => {
    const sqlite = db();
    const rec = new RunRecorder(sqlite, { type: 'contract', trigger: 'manual', options: {}, dryRun: false, now: () => new Date('2026-11-24T05:00:00.000Z') });
    expect(() =>
      sqlite.transaction(() => {
        rec.log({ syncType: 'contract', operation: 'create', status: 'success', message: 'rolled back' }, 0);
        throw new Error('page failed');
      })(),
    ).toThrow('page failed');
    rec.discardLogCounts();
    rec.log({ syncType: 'contract', operation: 'error', status: 'error', message: 'run failed' }, 0);
    sqlite.transaction(() => rec.flushLogCounts())();
    expect(storedCounts(sqlite)).toEqual(new Map([['2026-11-24T05|contract|error', 1]]));
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
  });

  it('the accounting-name log row, insertLogRows, deleteLogRows and a recount keep the counts exact', () => {
    const sqlite = db();
    sqlite.prepare("INSERT INTO customers (id, autotask_company_id, name) VALUES (1, 42, 'Acme Corporation')").run();
    expect(setAccountingName(sqlite, 1, 'ACME01', new Date('2026-11-24T07:15:00.000Z')).found).toBe(true);
    expect(storedCounts(sqlite)).toEqual(new Map([['2026-11-24T07|company|success', 1]]));
    insertLogRows(sqlite, [
      { runId: null, syncType: 'contract', operation: 'update', status: 'warning', message: 'a', createdAt: '2026-11-24T07:30:00.000Z' },
      { runId: null, syncType: 'company', operation: 'update', status: 'success', message: 'b', createdAt: '2026-11-24T07:45:00.000Z' },
    ]);
    expect(storedCounts(sqlite).get('2026-11-24T07|company|success')).toBe(2);
    expect(deleteLogRows(sqlite, 'message = ?', ['b'])).toBe(1);
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    // Deltas of zero are skipped; negative ones subtract.
    const tally = new LogCountTally();
    tally.add('2026-11-24T07:00:00.000Z', 'contract', 'warning', 2);
    tally.add('2026-11-24T07:59:00.000Z', 'contract', 'warning', -2);
    addLogCounts(sqlite, tally.take());
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    sqlite.prepare('UPDATE sync_log_counts SET count = 99').run();
    recountLogCounts(sqlite);
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
  });

  it('the tally sums runs of the same bucket and switches correctly between buckets and hours', () => {
    const tally = new LogCountTally();
    const adds: [string, string, string][] = [
      ['2026-11-24T07:10:00.000Z', 'time_entry', 'success'],
      ['2026-11-24T07:11:00.000Z', 'time_entry', 'success'],
      ['2026-11-24T07:12:00.000Z', 'time_entry', 'skip'],
      ['2026-11-24T07:13:00.000Z', 'time_entry', 'success'],
      ['2026-11-24T08:00:00.000Z', 'time_entry', 'success'],
      ['2026-11-24T08:01:00.000Z', 'contract', 'success'],
      ['2026-11-24T07:59:00.000Z', 'time_entry', 'success'],
    ];
    for (const [at, type, status] of adds) tally.add(at, type, status);
    const byKey = (d: { hour: string; syncType: string; status: string; count: number }[]) => Object.fromEntries(d.map((x) => [`${x.hour}|${x.syncType}|${x.status}`, x.count]));
    expect(byKey(tally.take())).toEqual({
      '2026-11-24T07|time_entry|success': 4,
      '2026-11-24T07|time_entry|skip': 1,
      '2026-11-24T08|time_entry|success': 1,
      '2026-11-24T08|contract|success': 1,
    });
    // Emptied by take: the next add starts a new bucket, not the last one taken.
    tally.add('2026-11-24T08:02:00.000Z', 'contract', 'success');
    expect(byKey(tally.take())).toEqual({ '2026-11-24T08|contract|success': 1 });
    tally.add('2026-11-24T08:03:00.000Z', 'contract', 'success');
    tally.clear();
    tally.add('2026-11-24T08:04:00.000Z', 'contract', 'success');
    expect(byKey(tally.take())).toEqual({ '2026-11-24T08|contract|success': 1 });
  });

  it('a real sync (contracts, then time entries) and a retention cleanup leave the counts equal to a recount', async () => {
    const h: SyncHarness = await startHarness({ size: 'demo', seed: 5 });
    cleanups.push(() => h.cleanup());
    expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
    expect((await h.cli(['sync', 'time', '--json'])).code).toBe(0);
    const sqlite = h.db();
    const rows = (sqlite.prepare('SELECT COUNT(*) AS n FROM sync_logs').get() as { n: number }).n;
    expect(rows).toBeGreaterThan(100);
    expect(storedCounts(sqlite)).toEqual(recomputedCounts(sqlite));
    // Retention one minute into the future removes everything, in small batches.
    const result = cleanupOldLogs(sqlite, 1, new Date(Date.now() + 86_400_000 + 60_000), { batchSize: 37 });
    expect(result).toMatchObject({ deleted: rows, complete: true });
    expect(storedCounts(sqlite)).toEqual(new Map());
    expect(recomputedCounts(sqlite)).toEqual(new Map());
  });
});
