// Progress (issue #16): every phase of a run reports a real total, done never passes it, and each phase
// ends at done = total, so the app can always show a determinate bar.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { createSyncService } from '../../../main/sync/sync-service';
import type { SyncProgress, SyncRequest } from '../../../shared/domain';
import { daysAgo, startHarness, today } from './support/harness';
import { scheduledWindow } from '../../../main/sync/run-sync';
import { readSettings } from '../../../main/config/settings-store';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const h = await startHarness({ size: 'demo', seed: 3 });
  cleanups.push(() => h.cleanup());
  const database = openDatabase(h.dbFile, { migrationsFolder: sourceMigrationsFolder() });
  cleanups.push(() => database.close());
  const events: SyncProgress[] = [];
  const service = createSyncService({
    database,
    secrets: createMemorySecretStore(),
    env: h.env,
    backupDir: path.join(h.dir, 'backups'),
    progressIntervalMs: 0,
    emit: (channel, payload) => channel === 'sync:progress' && events.push(payload as SyncProgress),
  });
  const run = async (request: SyncRequest) => {
    events.length = 0;
    await service.start(request, 'manual');
    await service.idle();
    return [...events];
  };
  return { run, database };
}

/** Phases in the order they were first reported, each with every (done, total) it reported. */
function byPhase(events: SyncProgress[]) {
  const phases = new Map<string, { done: number; total: number | null }[]>();
  for (const e of events) phases.set(e.phase, [...(phases.get(e.phase) ?? []), { done: e.done, total: e.total }]);
  return phases;
}

function expectDeterminate(events: SyncProgress[]) {
  const phases = byPhase(events);
  expect(phases.size).toBeGreaterThan(2);
  const problems: string[] = [];
  for (const [phase, steps] of phases) {
    for (const s of steps) {
      if (s.total === null) problems.push(`${phase}: no total`);
      else if (s.done > s.total) problems.push(`${phase}: ${s.done} of ${s.total}`);
    }
    const last = steps[steps.length - 1]!;
    if (last.done !== last.total) problems.push(`${phase} ends at ${last.done} of ${last.total}`);
  }
  expect(problems).toEqual([]);
  return [...phases.keys()];
}

describe('sync progress totals', () => {
  it('every phase of contract, full and incremental time runs has a total and ends complete', async () => {
    const { run, database } = await setup();
    const contract = expectDeterminate(await run({ type: 'contract', endExpired: true }));
    expect(contract).toEqual(expect.arrayContaining(['Starting', 'Backing up the database', 'Reading contract service lines', 'Reading contract service units']));
    const full = expectDeterminate(await run({ type: 'time_entry', from: daysAgo(30), to: daysAgo(0) }));
    expect(full).toEqual(expect.arrayContaining(['Reading time entries', 'Reading labour postings']));
    // The nightly window, incremental from the second run on (the first has no cursor yet: a full read).
    const auto = { type: 'time_entry', ...scheduledWindow(today(), readSettings(database.db)), mode: 'auto' } as SyncRequest;
    expectDeterminate(await run(auto));
    const incremental = expectDeterminate(await run(auto));
    expect(incremental).toContain('Reading changed time entries');
  });
});
