// A later contract run cuts its `in` batches by the lines each contract had last time, so each batch's
// keyset read ends on a short page instead of a part-filled (or exactly full) one: fewer calls, and never
// a line fewer (issue #15: calls near the lower bound).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, startHarness, type SyncHarness } from './support/harness';

const CONTRACTS = 700;
let h: SyncHarness;
let s: Scenario;
const contractIds: number[] = [];
let service = 0;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  s = new Scenario(h.sb);
  service = s.service('Managed Backup');
  for (let i = 0; i < CONTRACTS; i++) {
    const id = s.contract(s.company(`Customer ${i}`), `PRACBILL-Plan-${i}`);
    // Two lines each: plain batches of 500 contracts hold 1,000 lines, two exactly full pages and an
    // empty third, and 400 lines: 4 calls for 1,400 lines that fit in 3 pages.
    s.line(id, service);
    s.line(id, service);
    contractIds.push(id);
  }
}, 60_000);
afterAll(async () => {
  await h.cleanup();
});

const linePosts = () => h.sb.control.stats().requests.ContractServices?.POST ?? 0;

describe('ContractServices batches packed by last run’s line counts', () => {
  it('a first run (nothing known) reads in plain batches of 500 contracts', async () => {
    h.sb.control.resetStats();
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.json.status).toBe('success');
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services').n).toBe(2 * CONTRACTS);
    expect(linePosts()).toBe(4);
  });

  it('the next run reads the same 1,400 lines in 3 calls, and keeps every one', async () => {
    h.sb.control.resetStats();
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.json.status).toBe('success');
    expect(c.json.counts).toMatchObject({ create: 0, update: 0, error: 0 });
    expect(linePosts()).toBe(3);
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 0').n).toBe(2 * CONTRACTS);
  });

  it('lines added since last time cost a call at most, and all of them are imported', async () => {
    for (const id of contractIds.slice(0, 40)) s.line(id, service, { unitPrice: 12.5 });
    h.sb.control.resetStats();
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.json.status).toBe('success');
    expect(c.json.counts).toMatchObject({ create: 40, error: 0 });
    expect(linePosts()).toBeLessThanOrEqual(4);
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 0').n).toBe(2 * CONTRACTS + 40);
  });
});
