// The SyncController behind the UI: queued in the background with the seed's confirmation, one run at a
// time, progress and finished events, the scheduled sequence, and log retention after runs.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { createSyncService } from '../../../main/sync/sync-service';
import { createCore } from '../../../main/app/create-core';
import { dispatch } from '../../../main/api/dispatch';
import { Scenario, daysAgo, startHarness, today } from './support/harness';
import { insertLogRows } from '../../../main/db/queries/log-writes';
import { recomputedCounts, storedCounts } from '../queries/support/log-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const h = await startHarness({ size: 'empty' });
  cleanups.push(() => h.cleanup());
  const s = new Scenario(h.sb);
  const c = s.contract(s.company('New Company Inc'), 'PRACBILL-Website-Hosting');
  s.line(c, s.service('Website Hosting'));
  s.entry(c, daysAgo(2), 5);
  const database = openDatabase(path.join(h.dir, 'app.db'), { migrationsFolder: sourceMigrationsFolder() });
  cleanups.push(() => database.close());
  const events: { channel: string; payload: any }[] = [];
  const service = createSyncService({
    database,
    secrets: createMemorySecretStore(),
    env: h.env,
    emit: (channel, payload) => events.push({ channel, payload }),
    backupDir: false,
  });
  return { h, database, events, service };
}

describe('sync service', () => {
  it('queues runs and returns the confirmation at once; runs one at a time and emits progress and the outcome', async () => {
    const { database, events, service } = await setup();
    const a = await service.start({ type: 'contract', endExpired: false }, 'manual');
    expect(a).toEqual({ queued: true, message: 'Contract sync has been queued. Check the logs for progress.' });
    const b = await service.start({ type: 'time_entry', from: daysAgo(7), to: today() }, 'tray');
    expect(b.message).toBe('Time entry sync has been queued. Check the logs for progress.');
    await service.idle();
    expect(service.current()).toBeNull();

    const runs = database.sqlite.prepare('SELECT type, trigger, status, started_at, finished_at FROM sync_runs ORDER BY id').all() as any[];
    expect(runs.map((r) => [r.type, r.trigger, r.status])).toEqual([
      ['contract', 'manual', 'success'],
      ['time_entry', 'tray', 'success'],
    ]);
    expect(runs[1].started_at >= runs[0].finished_at).toBe(true); // never overlapping

    const finished = events.filter((e) => e.channel === 'sync:finished').map((e) => e.payload);
    expect(finished.map((f) => f.type)).toEqual(['contract', 'time_entry']);
    expect(finished[1].counts.create).toBe(1);
    const progress = events.filter((e) => e.channel === 'sync:progress').map((e) => e.payload);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ type: 'contract', trigger: 'manual', runId: 1 });
    expect(progress.some((p) => p.phase === 'Reading contracts')).toBe(true);
    const item = database.sqlite.prepare('SELECT amount_cents FROM engineering_items').get() as any;
    expect(item.amount_cents).toBe(75000);
  });

  it('runs the scheduled sequence and reports the last successful scheduled run', async () => {
    const { service } = await setup();
    expect(service.lastSuccessfulScheduledRun()).toBeNull();
    const runs = await service.runScheduled('catch-up');
    expect(runs.map((r) => [r.type, r.trigger, r.status])).toEqual([
      ['contract', 'catch-up', 'success'],
      ['time_entry', 'catch-up', 'success'],
    ]);
    expect(service.lastSuccessfulScheduledRun()).toMatchObject({ runId: runs[1]!.runId, trigger: 'catch-up' });
  });

  it('reports missing credentials to the caller instead of queuing', async () => {
    const { h, database } = await setup();
    const service = createSyncService({ database, secrets: createMemorySecretStore(), env: { ...h.env, AUTOTASK_SECRET: '' }, emit: () => {}, backupDir: false });
    await expect(service.start({ type: 'contract', endExpired: false }, 'manual')).rejects.toThrow(/credentials are incomplete/);
    expect((database.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as any).n).toBe(0);
  });

  it('removes log rows older than the retention setting after a run', async () => {
    const { database, service } = await setup();
    insertLogRows(database.sqlite, [
      { runId: null, syncType: 'contract', operation: 'create', status: 'success', message: 'old', createdAt: new Date(Date.now() - 200 * 86_400_000).toISOString() },
    ]);
    await service.start({ type: 'contract', endExpired: false }, 'manual');
    await service.idle();
    expect((database.sqlite.prepare("SELECT COUNT(*) AS n FROM sync_logs WHERE message = 'old'").get() as any).n).toBe(0);
    expect((database.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_logs').get() as any).n).toBeGreaterThan(0);
    // The run's log rows and the retention delete kept the summary counts exact.
    expect(storedCounts(database.sqlite)).toEqual(recomputedCounts(database.sqlite));
  });

  it('is wired into createCore: sync:start through the handler table queues a run', async () => {
    const { h } = await setup();
    const events: string[] = [];
    const core = createCore({
      now: () => new Date(),
      databaseFile: path.join(h.dir, 'core.db'),
      migrationsFolder: sourceMigrationsFolder(),
      secrets: createMemorySecretStore(),
      env: h.env,
      mode: 'test',
      version: 'test',
      emit: (channel) => events.push(channel),
    });
    cleanups.push(() => core.close());
    const r = await dispatch(core.handlers, 'sync:start', { type: 'contract', endExpired: false });
    expect(r).toEqual({ ok: true, value: { queued: true, message: 'Contract sync has been queued. Check the logs for progress.' } });
    await core.syncService.idle();
    expect(events).toContain('sync:finished');
    const bad = await dispatch(core.handlers, 'sync:start', { type: 'time_entry', from: '2026-03-10', to: '2026-03-01' });
    expect(bad.ok).toBe(false);
    const noCreds = createCore({
      now: () => new Date(),
      databaseFile: path.join(h.dir, 'core2.db'),
      migrationsFolder: sourceMigrationsFolder(),
      secrets: createMemorySecretStore(),
      env: {},
      mode: 'test',
      version: 'test',
      emit: () => {},
    });
    cleanups.push(() => noCreds.close());
    const nc = await dispatch(noCreds.handlers, 'sync:start', { type: 'contract', endExpired: false });
    expect(nc).toMatchObject({ ok: false, error: { code: 'not-configured' } });
  });
});
