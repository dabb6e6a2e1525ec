// The mass-change guard stops before writing and says how to allow it; a dry run writes nothing but its
// run row and log, and its plan is exactly what the real run then does.
import { afterEach, describe, expect, it } from 'vitest';
import { Scenario, canonicalDump, daysAgo, startHarness, type SyncHarness } from './support/harness';
import { loggedKeys, planKeys } from './support/plan-keys';

const harnesses: SyncHarness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.cleanup();
});

async function book(contracts: number, entriesPer = 1) {
  const h = await startHarness({ size: 'empty' });
  harnesses.push(h);
  const s = new Scenario(h.sb);
  const svc = s.service('Managed Services');
  const ids: number[] = [];
  const entries: number[] = [];
  for (let i = 0; i < contracts; i++) {
    const id = s.contract(s.company(`Company ${i}`), `PRACBILL-Plan-${i}`);
    s.line(id, svc);
    ids.push(id);
    for (let e = 0; e < entriesPer; e++) entries.push(s.entry(id, daysAgo(e % 5), 1));
  }
  return { h, s, ids, entries };
}

describe('mass-change guard', () => {
  it('stops a contract run that would end most active services, writing nothing; --allow-mass-change lets it through', async () => {
    const { h, ids } = await book(14);
    expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
    for (const id of ids.slice(0, 12)) h.sb.control.endContract(id);
    const before = canonicalDump(h.db());

    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.status).toBe('failed');
    expect(r.json.message).toContain('would end 12 of 14 active services (86%)');
    expect(r.json.message).toContain('--allow-mass-change');
    expect(r.err).toContain('--allow-mass-change');
    expect(canonicalDump(h.db())).toEqual(before);
    // Only the stop itself is logged.
    expect(h.rows('SELECT operation, status FROM sync_logs WHERE run_id = ?', r.json.runId)).toEqual([{ operation: 'error', status: 'error' }]);

    const allowed = await h.cli(['sync', 'contracts', '--allow-mass-change', '--json']);
    expect(allowed.code).toBe(0);
    expect(allowed.json.counts.update).toBe(12);
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 1').n).toBe(12);
  });

  it('ending a few services of a small book is not a mass change (minimum count)', async () => {
    const { h, ids } = await book(4);
    await h.cli(['sync', 'contracts', '--json']);
    for (const id of ids.slice(0, 3)) h.sb.control.endContract(id); // 75 %, but fewer than 10
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.counts.update).toBe(3);
  });

  it('stops a time run that would flag most items of the window; allowed with the flag', async () => {
    const { h, entries } = await book(3, 5);
    await h.cli(['sync', 'contracts', '--json']);
    await h.cli(['sync', 'time', '--json']);
    for (const id of entries.slice(0, 12)) h.sb.control.remove('TimeEntries', id);
    const before = canonicalDump(h.db());
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.message).toContain('would flag 12 of 15 items in the time window (80%)');
    expect(canonicalDump(h.db())).toEqual(before);
    const ok = await h.cli(['sync', 'time', '--allow-mass-change', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json.counts.warning).toBe(12);
  });
});

describe('dry run', () => {
  it('writes nothing but its run row and log; its plan equals what the real run does', async () => {
    const h = await startHarness({ size: 'demo', seed: 3 });
    harnesses.push(h);
    const dry = await h.cli(['sync', 'contracts', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json.plan.creates.length).toBeGreaterThan(0);
    expect(canonicalDump(h.db())).toEqual({ customers: [], services: [], items: [] });
    expect(h.one('SELECT dry_run FROM sync_runs WHERE id = ?', dry.json.runId).dry_run).toBe(1);
    const dryLogs = h.rows('SELECT message FROM sync_logs WHERE run_id = ?', dry.json.runId);
    expect(dryLogs.length).toBeGreaterThan(0);
    expect(dryLogs.every((l) => l.message.startsWith('Dry run: '))).toBe(true);
    expect(h.one("SELECT COUNT(*) AS n FROM sync_state WHERE key LIKE 'skip:%'").n).toBe(0);

    const real = await h.cli(['sync', 'contracts', '--json']);
    expect(real.json.counts).toEqual(dry.json.counts);
    expect(loggedKeys(h, real.json.runId)).toEqual(planKeys(dry.json.plan));
    expect(real.json.plan).toBeUndefined();

    // Same for time entries, on top of the synced contracts, with edits to make updates and flags.
    await h.cli(['sync', 'time', '--json']);
    const item = h.one('SELECT autotask_time_entry_id AS id FROM engineering_items ORDER BY id LIMIT 2 OFFSET 0');
    h.sb.control.unapproveTimeEntry(item.id);
    const dump = canonicalDump(h.db());
    const dryTime = await h.cli(['sync', 'time', '--from', daysAgo(30), '--dry-run', '--json']);
    expect(dryTime.code).toBe(0);
    expect(canonicalDump(h.db())).toEqual(dump);
    expect(dryTime.json.plan.flags).toEqual([{ autotaskId: item.id, reason: 'no longer approved for billing in Autotask' }]);
    const realTime = await h.cli(['sync', 'time', '--from', daysAgo(30), '--json']);
    expect(realTime.json.counts).toEqual(dryTime.json.counts);
    expect(loggedKeys(h, realTime.json.runId)).toEqual(planKeys(dryTime.json.plan));
  });
});
