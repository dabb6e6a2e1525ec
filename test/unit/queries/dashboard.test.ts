import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_TYPES } from '../../../shared/domain';
import { dashboard } from '../../../main/db/queries/dashboard';
import { makeTestDatabase } from '../../helpers/test-database';
import { insertFixtureLogs, referenceFilter } from './support/log-fixture';
import { deleteLogRows } from '../../../main/db/queries/log-writes';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function db() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  return t.database.sqlite;
}

function addRun(sqlite: ReturnType<typeof db>, r: { type?: string; status: string; startedAt: string; finishedAt: string | null; dryRun?: boolean }) {
  sqlite
    .prepare('INSERT INTO sync_runs (type, trigger, dry_run, started_at, finished_at, status) VALUES (?, ?, ?, ?, ?, ?)')
    .run(r.type ?? 'contract', 'manual', r.dryRun ? 1 : 0, r.startedAt, r.finishedAt, r.status);
}

describe('dashboard', () => {
  it('an empty database: Never, zeros, a zero row per sync type, no recent activity', () => {
    const d = dashboard(db(), null);
    expect(d).toMatchObject({ lastSyncAt: null, lastRun: null, totalSyncs: 0, successful: 0, partial: 0, failed: 0, cancelled: 0, recent: [], running: null });
    expect(d.breakdown).toEqual(SYNC_TYPES.map((type) => ({ type, success: 0, error: 0, warning: 0, total: 0 })));
  });

  it('counts finished non-dry-run runs (successful, partial, failed and cancelled apart) and gives the last one’s finish instant', () => {
    const sqlite = db();
    addRun(sqlite, { status: 'success', startedAt: '2026-03-01T02:00:00.000Z', finishedAt: '2026-03-01T02:05:00.000Z' });
    addRun(sqlite, { status: 'partial', type: 'time_entry', startedAt: '2026-03-02T02:00:00.000Z', finishedAt: '2026-03-02T02:07:00.000Z' });
    addRun(sqlite, { status: 'failed', startedAt: '2026-03-03T02:00:00.000Z', finishedAt: '2026-03-03T02:00:05.000Z' });
    addRun(sqlite, { status: 'cancelled', startedAt: '2026-03-03T08:00:00.000Z', finishedAt: '2026-03-03T08:00:09.000Z' });
    addRun(sqlite, { status: 'success', startedAt: '2026-03-03T09:00:00.000Z', finishedAt: '2026-03-03T09:01:00.000Z' });
    // Neither a dry run nor a run still going counts, nor becomes the "last sync".
    addRun(sqlite, { status: 'success', dryRun: true, startedAt: '2026-03-04T10:00:00.000Z', finishedAt: '2026-03-04T10:01:00.000Z' });
    addRun(sqlite, { status: 'running', startedAt: '2026-03-04T11:00:00.000Z', finishedAt: null });
    const d = dashboard(sqlite, null);
    expect(d).toMatchObject({ totalSyncs: 5, successful: 2, partial: 1, failed: 1, cancelled: 1, lastSyncAt: '2026-03-03T09:01:00.000Z' });
    expect(d.lastRun).toMatchObject({ status: 'success', startedAt: '2026-03-03T09:00:00.000Z', dryRun: false });
  });

  it('breakdown by sync type and the 10 most recent rows agree with a brute-force count, and follow deletes', () => {
    const sqlite = db();
    const rows = insertFixtureLogs(sqlite, 11, 800);
    const check = (all: typeof rows) => {
      const d = dashboard(sqlite, null);
      for (const type of SYNC_TYPES) {
        const mine = all.filter((r) => r.syncType === type);
        expect(d.breakdown.find((b) => b.type === type)).toEqual({
          type,
          success: mine.filter((r) => r.status === 'success').length,
          error: mine.filter((r) => r.status === 'error').length,
          warning: mine.filter((r) => r.status === 'warning').length,
          total: mine.length, // skips included
        });
      }
      expect(d.recent.map((r) => r.id)).toEqual(
        referenceFilter(all, {})
          .slice(0, 10)
          .map((r) => r.id),
      );
      expect(d.recent[0]).toMatchObject({ syncType: expect.any(String), hasDetails: expect.any(Boolean), details: null });
    };
    check(rows);
    deleteLogRows(sqlite, "status = 'error' AND sync_type = 'company'");
    check(rows.filter((r) => !(r.status === 'error' && r.syncType === 'company')));
  });

  it('passes the running sync through', () => {
    const running = {
      runId: 9,
      type: 'contract' as const,
      trigger: 'manual' as const,
      phase: 'contracts',
      done: 3,
      total: 10,
      counts: { create: 1, update: 0, unchanged: 2, skip: 0, error: 0, warning: 0 },
      startedAt: '2026-03-01T00:00:00.000Z',
      message: 'Reading contracts',
    };
    expect(dashboard(db(), running).running).toEqual(running);
  });
});

describe('runs per day', () => {
  it('every day of the window, oldest first, with outcomes counted apart and totals per day', async () => {
    const { runsPerDay } = await import('../../../main/db/queries/runs');
    const sqlite = db();
    const local = (d: string, h: number) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), h).toISOString();
    const add = (status: string, start: string, secs: number, create: number, errors: number, dry = 0) =>
      sqlite
        .prepare(
          'INSERT INTO sync_runs (type, trigger, dry_run, started_at, finished_at, status, count_create, count_update, count_error, api_calls) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 3)',
        )
        .run('contract', 'manual', dry, start, new Date(Date.parse(start) + secs * 1000).toISOString(), status, create, errors);
    add('success', local('2026-03-02', 23), 2, 5, 0);
    add('partial', local('2026-03-02', 1), 1, 1, 2);
    add('failed', local('2026-03-04', 9), 1, 0, 1);
    add('cancelled', local('2026-03-04', 10), 4, 2, 0);
    add('success', local('2026-03-04', 11), 1, 9, 0, 1); // dry run: left out
    add('success', local('2026-02-20', 11), 1, 9, 0); // before the window
    const days = runsPerDay(sqlite, { today: '2026-03-04', days: 3 });
    expect(days.map((d) => d.day)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(days[0]).toEqual({ day: '2026-03-02', runs: 2, success: 1, partial: 1, failed: 0, cancelled: 0, created: 6, updated: 2, errors: 2, apiCalls: 6, durationMs: 3000 });
    expect(days[1]).toMatchObject({ runs: 0, created: 0 });
    expect(days[2]).toMatchObject({ runs: 2, failed: 1, cancelled: 1, created: 2, errors: 1, durationMs: 5000 });
  });
});
