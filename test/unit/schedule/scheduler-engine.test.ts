// The scheduler driving the REAL sync engine against the sandbox over HTTP: a missed run catches up
// once, is recorded with its trigger, and a missing secret becomes a "could not run" with the reason.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { createSyncService } from '../../../main/sync/sync-service';
import { createScheduler, type SchedulerEvent } from '../../../main/schedule/scheduler';
import { createSqliteScheduleStateStore } from '../../../main/schedule/schedule-state';
import { lastEngineSuccessAt, runScheduledWith } from '../../../main/schedule/engine-adapter';
import { systemTimeZone } from '../../../main/schedule/zoned-time';
import { toRunSummary, type RawRunRow } from '../../../main/db/queries/runs';
import { Scenario, daysAgo, startHarness } from '../sync/support/harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(env?: Record<string, string>) {
  const h = await startHarness({ size: 'empty' });
  cleanups.push(() => h.cleanup());
  const s = new Scenario(h.sb);
  const c = s.contract(s.company('New Company Inc'), 'PRACBILL-Website-Hosting');
  s.line(c, s.service('Website Hosting'));
  s.entry(c, daysAgo(2), 5);
  const database = openDatabase(path.join(h.dir, 'app.db'), { migrationsFolder: sourceMigrationsFolder() });
  cleanups.push(() => database.close());
  const engine = createSyncService({ database, secrets: createMemorySecretStore(), env: env ? { ...h.env, ...env } : h.env, emit: () => {}, backupDir: false });
  const state = createSqliteScheduleStateStore(database.sqlite);
  const day = 86_400_000;
  // The app ran until three days ago, then stayed closed.
  state.write({ notBefore: new Date(Date.now() - 30 * day), lastSuccessAt: new Date(Date.now() - 3 * day - 60_000), lastAttemptAt: new Date(Date.now() - 3 * day - 120_000) });
  const events: SchedulerEvent[] = [];
  const latestRun = () => {
    const row = database.sqlite.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1').get() as RawRunRow | undefined;
    return row ? toRunSummary(row) : null;
  };
  const scheduler = createScheduler({
    now: () => new Date(),
    timeZone: systemTimeZone,
    // A slot about five hours ago, so the trigger is 'catch-up' whatever the time of day the test runs.
    settings: () => ({ scheduleTime: `${String((new Date().getHours() + 19) % 24).padStart(2, '0')}:00`, schedulePaused: false }),
    state,
    runScheduled: runScheduledWith(engine, latestRun),
    lastEngineSuccessAt: () => lastEngineSuccessAt(engine),
    armTimer: () => ({ cancel: () => undefined }),
    setInterval: () => 1,
    clearInterval: () => undefined,
    onEvent: (e) => events.push(e),
  });
  cleanups.push(() => scheduler.stop());
  return { database, scheduler, state, events };
}

describe('scheduler with the real sync engine', () => {
  it('app closed for three days: one catch-up at start-up runs contracts then time, recorded as catch-up', async () => {
    const { database, scheduler, state } = await setup();
    const r = scheduler.start();
    expect(r).toMatchObject({ started: true, trigger: 'catch-up' });
    if (!r.started) return;
    await expect(r.done).resolves.toMatchObject({ kind: 'completed', status: 'success' });
    const runs = database.sqlite.prepare('SELECT type, trigger, status FROM sync_runs ORDER BY id').all();
    expect(runs).toEqual([
      { type: 'contract', trigger: 'catch-up', status: 'success' },
      { type: 'time_entry', trigger: 'catch-up', status: 'success' },
    ]);
    expect(state.read().lastRun).toMatchObject({ trigger: 'catch-up', result: 'success' });
    // Every later trigger today says no.
    expect(scheduler.check('interval')).toEqual({ started: false, reason: 'already-succeeded' });
    expect(scheduler.resume()).toEqual({ started: false, reason: 'already-succeeded' });
    expect(database.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_runs').get()).toEqual({ n: 2 });
  });

  it('a missing secret: the run could not start, with the engine’s reason, and is not retried today', async () => {
    const { scheduler, events } = await setup({ AUTOTASK_SECRET: '' });
    const r = scheduler.start();
    expect(r.started).toBe(true);
    if (!r.started) return;
    const outcome = await r.done;
    expect(outcome.kind).toBe('not-run');
    expect(outcome.message).toMatch(/credentials are incomplete: missing API secret/);
    expect(events.find((e) => e.type === 'run-finished')).toMatchObject({ outcome: { kind: 'not-run' } });
    expect(scheduler.check('interval')).toEqual({ started: false, reason: 'already-attempted' });
  });
});
