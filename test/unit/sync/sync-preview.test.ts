// "Preview" (issue #16): the plan the preview shows is what the following real run applies, previewing
// writes nothing to the billing data, the mass-change stop speaks in the app's terms and leads to the
// preview, and "Allow this once" lifts the guard for exactly the one run it starts.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { createSyncService } from '../../../main/sync/sync-service';
import type { SyncRequest } from '../../../shared/domain';
import { Scenario, canonicalDump, daysAgo, startHarness, type SyncHarness } from './support/harness';
import { loggedKeys, planKeys } from './support/plan-keys';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(h: SyncHarness) {
  cleanups.push(() => h.cleanup());
  const database = openDatabase(h.dbFile, { migrationsFolder: sourceMigrationsFolder() });
  cleanups.push(() => database.close());
  const finished: any[] = [];
  const service = createSyncService({
    database,
    secrets: createMemorySecretStore(),
    env: h.env,
    emit: (channel, payload) => channel === 'sync:finished' && finished.push(payload),
    backupDir: false,
  });
  /** Starts a real run and waits for its outcome. */
  const run = async (request: SyncRequest) => {
    await service.start(request, 'manual');
    await service.idle();
    return finished[finished.length - 1];
  };
  return { service, run, finished };
}

const keysOfPreview = (p: any) => planKeys(p.plan);

describe('sync preview', () => {
  it('shows exactly what the following real run applies, and writes no billing data', async () => {
    const h = await startHarness({ size: 'demo', seed: 3 });
    const { service, run } = await setup(h);
    const contracts = await service.preview({ type: 'contract', endExpired: true }, 'manual');
    expect(contracts.status).toBe('ready');
    expect(contracts.request).toEqual({ type: 'contract', endExpired: true });
    expect(contracts.totals.creates).toBeGreaterThan(0);
    expect(contracts.massChange).toBeNull();
    expect(canonicalDump(h.db())).toEqual({ customers: [], services: [], items: [] });
    expect(h.one('SELECT dry_run FROM sync_runs WHERE id = ?', contracts.runId).dry_run).toBe(1);

    const real = await run(contracts.request);
    expect(real.status).toBe('success');
    expect(real.counts).toEqual(contracts.counts);
    expect(loggedKeys(h, real.runId)).toEqual(keysOfPreview(contracts));

    // Time entries on top: an un-approval (flag) and a changed entry (update with before/after).
    const first = await run({ type: 'time_entry', from: daysAgo(30), to: daysAgo(0) });
    expect(first.counts.create).toBeGreaterThan(2);
    const [a, b] = h.rows('SELECT autotask_time_entry_id AS id, hours FROM engineering_items ORDER BY id LIMIT 2');
    h.sb.control.unapproveTimeEntry(a.id);
    h.sb.control.update('TimeEntries', b.id, { hoursWorked: Number(b.hours) + 1, hoursToBill: Number(b.hours) + 1 });
    const dump = canonicalDump(h.db());
    const request: SyncRequest = { type: 'time_entry', from: daysAgo(30), to: daysAgo(0) };
    const time = await service.preview(request, 'manual');
    expect(canonicalDump(h.db())).toEqual(dump);
    expect(time.plan.flags).toEqual([{ autotaskId: a.id, reason: 'no longer approved for billing in Autotask' }]);
    const update = time.plan.updates.find((u) => u.autotaskId === b.id)!;
    expect(update.changed.hours).toEqual({ before: b.hours, after: (Number(b.hours) + 1).toFixed(2) });
    const realTime = await run(time.request);
    expect(realTime.counts).toEqual(time.counts);
    expect(loggedKeys(h, realTime.runId)).toEqual(keysOfPreview(time));
  });

  it('cuts long lists but keeps the full totals', async () => {
    const h = await startHarness({ size: 'demo', seed: 3 });
    const { service } = await setup(h);
    const { toSyncPreview } = await import('../../../main/sync/sync-preview');
    const full = await service.preview({ type: 'contract', endExpired: false }, 'manual');
    const cut = toSyncPreview(full.request, { ...(full as any), plan: full.plan, status: 'success' }, 2);
    expect(cut.plan.creates).toHaveLength(2);
    expect(cut.totals.creates).toBe(full.totals.creates);
  });
});

describe('mass-change stop → preview → Allow this once', () => {
  async function book(n: number) {
    const h = await startHarness({ size: 'empty' });
    const ctx = await setup(h);
    const s = new Scenario(h.sb);
    const svc = s.service('Managed Services');
    const ids = Array.from({ length: n }, (_, i) => {
      const id = s.contract(s.company(`Company ${i}`), `PRACBILL-Plan-${i}`);
      s.line(id, svc);
      return id;
    });
    expect((await ctx.run({ type: 'contract', endExpired: false })).status).toBe('success');
    return { h, ids, ...ctx };
  }

  it('the stop names no hidden setting and leads to a preview that lists every end', async () => {
    const { h, ids, service, run } = await book(14);
    for (const id of ids.slice(0, 12)) h.sb.control.endContract(id);
    const before = canonicalDump(h.db());
    const stopped = await run({ type: 'contract', endExpired: false });
    expect(stopped.status).toBe('failed');
    expect(stopped.massChangeStop).toBe(true);
    expect(stopped.message).toContain('would end 12 of 14 active services (86%)');
    expect(stopped.message).toContain('"Preview"');
    expect(stopped.message).toContain('"Allow this once"');
    expect(stopped.message).not.toMatch(/massChangeRatio|massChangeMinCount|Allow mass change/);

    const preview = await service.preview({ type: 'contract', endExpired: false }, 'manual');
    expect(preview.status).toBe('ready');
    expect(preview.massChange).toContain('would end 12 of 14 active services');
    expect(preview.plan.ends).toHaveLength(12);
    expect(preview.counts.update).toBe(12);
    expect(canonicalDump(h.db())).toEqual(before);

    const allowed = await run({ ...preview.request, allowMassChange: true });
    expect(allowed.status).toBe('success');
    expect(allowed.counts).toEqual(preview.counts);
    expect(loggedKeys(h, allowed.runId)).toEqual(keysOfPreview(preview));
    // Recorded on the run: its options and one log row naming what was allowed.
    expect(JSON.parse(h.one('SELECT options FROM sync_runs WHERE id = ?', allowed.runId).options).allowMassChange).toBe(true);
    const notes = h.rows("SELECT status, message FROM sync_logs WHERE run_id = ? AND details LIKE '%allowedOnce%'", allowed.runId);
    expect(notes).toEqual([{ status: 'warning', message: expect.stringContaining('lifted for this run only') }]);
    expect(notes[0].message).toContain('end 12 of 14 active services');
  });

  it('Allow this once lifts the guard for exactly one run: the next mass change is stopped again', async () => {
    const { h, ids, run } = await book(40);
    const settingsBefore = h.rows('SELECT key, value FROM settings ORDER BY key');
    for (const id of ids.slice(0, 22)) h.sb.control.endContract(id); // 55 %
    expect((await run({ type: 'contract', endExpired: false })).massChangeStop).toBe(true);
    const once = await run({ type: 'contract', endExpired: false, allowMassChange: true });
    expect(once.status).toBe('success');
    expect(once.counts.update).toBe(22);

    for (const id of ids.slice(22, 34)) h.sb.control.endContract(id); // 12 of the 18 left: 67 %
    const next = await run({ type: 'contract', endExpired: false });
    expect(next.status).toBe('failed');
    expect(next.massChangeStop).toBe(true);
    expect(next.message).toContain('would end 12 of 18 active services');
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 1').n).toBe(22);
    // Nothing of the override was kept as a setting or state.
    expect(h.rows('SELECT key, value FROM settings ORDER BY key')).toEqual(settingsBefore);
    expect(h.one("SELECT COUNT(*) AS n FROM sync_state WHERE key LIKE '%mass%' OR value LIKE '%allowMassChange%'").n).toBe(0);
  });

  it('a time preview reports the flag guard instead of stopping', async () => {
    const h = await startHarness({ size: 'empty' });
    const { service, run } = await setup(h);
    const s = new Scenario(h.sb);
    const svc = s.service('Managed Services');
    const entries: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = s.contract(s.company(`Company ${i}`), `PRACBILL-Plan-${i}`);
      s.line(id, svc);
      for (let e = 0; e < 5; e++) entries.push(s.entry(id, daysAgo(e), 1));
    }
    await run({ type: 'contract', endExpired: false });
    const request: SyncRequest = { type: 'time_entry', from: daysAgo(7), to: daysAgo(0) };
    await run(request);
    for (const id of entries.slice(0, 12)) h.sb.control.remove('TimeEntries', id);
    expect((await run(request)).massChangeStop).toBe(true);
    const preview = await service.preview(request, 'manual');
    expect(preview.massChange).toContain('would flag 12 of 15 items in the time window (80%)');
    expect(preview.plan.flags).toHaveLength(12);
    const allowed = await run({ ...request, allowMassChange: true });
    expect(allowed.counts).toEqual(preview.counts);
    expect(loggedKeys(h, allowed.runId)).toEqual(keysOfPreview(preview));
  });
});

describe('a lifted guard is logged even when the run later fails', () => {
  it('writes the "lifted" row on a run that stops after the override was applied', async () => {
    const h = await startHarness({ size: 'empty' });
    const { run } = await setup(h);
    const s = new Scenario(h.sb);
    const svc = s.service('Managed Services');
    const entries: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = s.contract(s.company(`Company ${i}`), `PRACBILL-Plan-${i}`);
      s.line(id, svc);
      for (let e = 0; e < 5; e++) entries.push(s.entry(id, daysAgo(e), 1));
    }
    await run({ type: 'contract', endExpired: false });
    const request: SyncRequest = { type: 'time_entry', from: daysAgo(7), to: daysAgo(0) };
    await run(request);
    for (const id of entries.slice(0, 12)) h.sb.control.remove('TimeEntries', id);
    // The guard is lifted while the time entries are reconciled; the labour postings read after it fails.
    h.sb.control.injectFault({ kind: 'permission500', entity: 'BillingItems', times: 50 });
    const failed = await run({ ...request, allowMassChange: true });
    expect(failed.status).toBe('failed');
    const notes = h.rows("SELECT status, message FROM sync_logs WHERE run_id = ? AND details LIKE '%allowedOnce%'", failed.runId);
    expect(notes).toEqual([{ status: 'warning', message: expect.stringContaining('lifted for this run only') }]);
    expect(notes[0].message).toContain('flag 12 of 15 items');
  });
});

describe('sync:preview argument', () => {
  it("takes only the panel's own options: a preview never lifts the guard or asks for a real run", async () => {
    const { validators } = await import('../../../main/api/validators');
    const v = validators['sync:preview'];
    expect(v.safeParse({ type: 'contract', endExpired: false }).success).toBe(true);
    expect(v.safeParse({ type: 'time_entry', from: '2026-11-01', to: '2026-11-30' }).success).toBe(true);
    expect(v.safeParse({ type: 'contract', endExpired: false, allowMassChange: true }).success).toBe(false);
    expect(v.safeParse({ type: 'contract', endExpired: false, dryRun: false }).success).toBe(false);
    expect(v.safeParse({ type: 'time_entry', from: '2026-12-01', to: '2026-11-30' }).success).toBe(false);
  });
});
