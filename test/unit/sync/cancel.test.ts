// Cancel (issue #16): a cancel stops a run at a page boundary, the run is recorded `cancelled`, what was
// applied is whole pages only (every item of a page or none), no time-sync cursor moves, queued runs are
// dropped, and the next run converges on the same data as an uninterrupted run. Also the "waiting for
// Autotask" state while the client backs off.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { readSettings } from '../../../main/config/settings-store';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { createSyncService, CANCEL_MESSAGES } from '../../../main/sync/sync-service';
import type { SyncProgress } from '../../../shared/domain';
import { Scenario, daysAgo, startHarness, today } from './support/harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ENTRIES = 1300; // three pages of 500 at the sandbox's page size

async function setup(opts: { onProgress?: (p: SyncProgress, cancel: () => void) => void } = {}) {
  const h = await startHarness({ size: 'empty' });
  cleanups.push(() => h.cleanup());
  const s = new Scenario(h.sb);
  const c = s.contract(s.company('New Company Inc'), 'PRACBILL-Website-Hosting');
  s.line(c, s.service('Website Hosting'));
  for (let i = 0; i < ENTRIES; i++) s.entry(c, daysAgo(1 + (i % 5)), 1);
  const database = openDatabase(path.join(h.dir, 'app.db'), { migrationsFolder: sourceMigrationsFolder() });
  cleanups.push(() => database.close());
  const events: { channel: string; payload: any }[] = [];
  let cancel = () => undefined as unknown;
  const service = createSyncService({
    database,
    secrets: createMemorySecretStore(),
    env: h.env,
    backupDir: false,
    progressIntervalMs: 0,
    // One partition, so pages arrive one after the other and "between pages" is exact.
    settings: () => ({ ...readSettings(database.db), apiConcurrency: 1 }),
    // Retries wait exactly the base delay (no jitter), long enough to be shown as "waiting".
    client: { retry: { baseDelayMs: 1500 }, random: () => 1 },
    emit: (channel, payload) => {
      events.push({ channel, payload });
      if (channel === 'sync:progress') opts.onProgress?.(payload as SyncProgress, cancel);
    },
  });
  cancel = () => service.cancel();
  return { h, database, events, service };
}

const items = (db: ReturnType<typeof openDatabase>) => (db.sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_items').get() as { n: number }).n;
const runs = (db: ReturnType<typeof openDatabase>) =>
  db.sqlite.prepare('SELECT type, status, count_create AS created, message FROM sync_runs ORDER BY id').all() as {
    type: string;
    status: string;
    created: number;
    message: string;
  }[];

describe('cancelling a sync', () => {
  it('stops a time sync between pages: whole pages kept, the run recorded cancelled, the next run converges', async () => {
    let asked = false;
    const { database, events, service } = await setup({
      onProgress: (p, cancel) => {
        if (!asked && p.phase === 'Reading time entries' && p.done >= 500) {
          asked = true;
          expect(cancel()).toEqual({ cancelled: true, message: CANCEL_MESSAGES.requested });
        }
      },
    });
    await service.start({ type: 'contract', endExpired: false }, 'manual');
    await service.idle();
    await service.start({ type: 'time_entry', from: daysAgo(7), to: today() }, 'manual');
    // Queued behind the running one: dropped by the cancel, never started.
    await service.start({ type: 'contract', endExpired: false }, 'manual');
    await service.idle();

    expect(asked).toBe(true);
    const [, cancelled, ...rest] = runs(database);
    expect(rest).toEqual([]); // the queued contract sync did not run
    expect(cancelled).toMatchObject({ type: 'time_entry', status: 'cancelled' });
    expect(cancelled!.message).toMatch(/^Time entry sync cancelled on request: \d+ created/);
    // Whole pages only: a multiple of the page size, short of everything.
    const afterCancel = items(database);
    expect(afterCancel % 500).toBe(0);
    expect(afterCancel).toBeGreaterThanOrEqual(500);
    expect(afterCancel).toBeLessThan(ENTRIES);
    expect(cancelled!.created).toBe(afterCancel);
    // The incremental cursor only moves with a completed run.
    expect(database.sqlite.prepare("SELECT COUNT(*) AS n FROM sync_state WHERE key IN ('time_entry.cursor', 'time_entry.lastFull')").get()).toMatchObject({ n: 0 });
    const finished = events.filter((e) => e.channel === 'sync:finished').map((e) => e.payload);
    expect(finished.at(-1)).toMatchObject({ status: 'cancelled', type: 'time_entry' });
    expect(events.some((e) => e.channel === 'sync:progress' && e.payload.cancelling === true)).toBe(true);

    // The next run converges: every entry once, no duplicates.
    await service.start({ type: 'time_entry', from: daysAgo(7), to: today() }, 'manual');
    await service.idle();
    expect(runs(database).at(-1)).toMatchObject({ status: 'success', created: ENTRIES - afterCancel });
    expect(items(database)).toBe(ENTRIES);
    expect(database.sqlite.prepare('SELECT COUNT(DISTINCT autotask_time_entry_id) AS n FROM engineering_items').get()).toMatchObject({ n: ENTRIES });
  });

  it('a cancel while contracts are being read writes nothing; the next contract sync imports everything', async () => {
    const { database, service } = await setup({
      onProgress: (p, cancel) => {
        if (p.phase === 'Reading contracts') cancel();
      },
    });
    await service.start({ type: 'contract', endExpired: false }, 'manual');
    await service.idle();
    expect(runs(database).map((r) => r.status)).toEqual(['cancelled']);
    expect(database.sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_services').get()).toMatchObject({ n: 0 });
    expect(database.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get()).toMatchObject({ n: 0 });
  });

  it('says there is nothing to cancel when no sync runs', async () => {
    const { service } = await setup();
    expect(service.cancel()).toEqual({ cancelled: false, message: CANCEL_MESSAGES.idle });
  });

  it('reports "waiting" while the client backs off, and clears it with the next page', async () => {
    const { h, events, service } = await setup();
    h.sb.control.injectFault({ kind: 'thread429', entity: 'Contracts', times: 1 });
    await service.start({ type: 'contract', endExpired: false }, 'manual');
    await service.idle();
    const progress = events.filter((e) => e.channel === 'sync:progress').map((e) => e.payload as SyncProgress);
    const i = progress.findIndex((p) => p.waiting);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(Date.parse(progress[i]!.waiting!.until)).toBeGreaterThan(Date.parse(progress[i]!.startedAt));
    expect(progress.slice(i + 1).some((p) => !p.waiting)).toBe(true);
    expect(events.find((e) => e.channel === 'sync:finished')!.payload).toMatchObject({ status: 'success' });
  });
});
