// `list excluded [--refresh] [--json]` (issue #15 point 3) against the sandbox's demo tenant over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type SyncHarness } from '../sync/support/harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startHarness({ size: 'demo', seed: 7 });
});
afterAll(async () => {
  await h.cleanup();
});

const requests = () => Object.values(h.sb.control.stats().requests).reduce((n, m) => n + Object.values(m).reduce((a, b) => a + b, 0), 0);

describe('list excluded', () => {
  it('says how to read when nothing was read yet, exit 2, nothing on stdout', async () => {
    const r = await h.cli(['list', 'excluded', '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Nothing has been read yet: run `list excluded --refresh`');
  });

  it('--refresh reads Autotask and prints the documented shape; without it the cached read is printed without a request', async () => {
    const r = await h.cli(['list', 'excluded', '--refresh', '--json']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json).sort()).toEqual(['contracts', 'noContract', 'readAt', 'timeByContract', 'window']);
    expect(Object.keys(r.json.window).sort()).toEqual(['from', 'to']);
    expect(Object.keys(r.json.noContract).sort()).toEqual(['entries', 'hours']);
    const synced = (c: Record<string, unknown>) => String(c.contractName).trim().toLowerCase().startsWith('pracbill') && c.status === 1;
    const wantIds = h.sb.control
      .list('Contracts', (c) => !synced(c))
      .map((c) => c.id)
      .sort((a, b) => Number(a) - Number(b));
    expect(r.json.contracts.map((c: { autotaskContractId: number }) => c.autotaskContractId)).toEqual(wantIds);
    for (const c of r.json.contracts) expect(Object.keys(c).sort()).toEqual(['autotaskContractId', 'contractName', 'customer', 'reason', 'status']);
    expect(r.json.timeByContract.length).toBeGreaterThan(0);
    for (const t of r.json.timeByContract) {
      expect(Object.keys(t).sort()).toEqual(['autotaskContractId', 'contractName', 'customer', 'entries', 'hours']);
      expect(t.hours).toMatch(/^\d+\.\d{2}$/);
    }

    h.sb.control.resetStats();
    const cached = await h.cli(['list', 'excluded', '--json']);
    expect(cached.code).toBe(0);
    expect(cached.json).toEqual(r.json);
    expect(requests()).toBe(0);

    const text = await h.cli(['list', 'excluded']);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`Contracts left out: ${wantIds.length}`);
    expect(text.out).toContain('name does not match SKU prefix PRACBILL');
  });

  it('a refresh Autotask refuses exits 1 with the reason and keeps the last read', async () => {
    const before = await h.cli(['list', 'excluded', '--json']);
    const r = await h.cli(['list', 'excluded', '--refresh', '--json'], { AUTOTASK_SECRET: 'wrong-secret' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Error: Autotask could not be read: /m);
    expect(r.err).not.toContain('wrong-secret');
    const after = await h.cli(['list', 'excluded', '--json']);
    expect(after.json).toEqual(before.json);
  });

  it('a refresh without credentials is bad settings: exit 2', async () => {
    const r = await h.cli(['list', 'excluded', '--refresh'], { AUTOTASK_USERNAME: '', AUTOTASK_SECRET: '' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/username|credentials|Configuration/i);
  });
});
