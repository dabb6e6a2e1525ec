// A full time-entry read of more than one page is cut into date partitions read side by side (up to the
// client's per-endpoint concurrency), with the same rows, the same result and no extra pages beyond one
// partial page per partition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowFilter, windowPartitions } from '../../../main/sync/time-entry-sync';
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

describe('window partitions', () => {
  it('cover exactly the window filter, in whole days, without overlap', () => {
    const [lo, hi] = windowFilter('2026-08-26', '2026-11-24').map((f) => f.value);
    for (const parts of [1, 2, 3, 7]) {
      const ranges = windowPartitions('2026-08-26', '2026-11-24', parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0]![0]).toEqual({ op: 'gte', field: 'dateWorked', value: lo });
      expect(ranges[ranges.length - 1]![1]).toEqual({ op: 'lt', field: 'dateWorked', value: hi });
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]!.value).toBe(ranges[i - 1]![1]!.value);
      for (const [start, end] of ranges) expect(String(start!.value) < String(end!.value)).toBe(true);
    }
  });

  it('never cut a day in two, and one part is the plain window', () => {
    expect(windowPartitions('2026-11-24', '2026-11-24', 5)).toHaveLength(3); // the window spans 3 days
    expect(windowPartitions('2026-11-17', '2026-11-24', 1)).toEqual([windowFilter('2026-11-17', '2026-11-24')]);
  });
});

const ENTRIES = 1100;
let h: SyncHarness;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const service = s.service('Managed Backup');
  const contracts: number[] = [];
  for (let i = 0; i < 20; i++) {
    const id = s.contract(s.company(`Customer ${i}`), `PRACBILL-Plan-${i}`);
    s.line(id, service, { unitPrice: 10 });
    contracts.push(id);
  }
  for (let i = 0; i < ENTRIES; i++) s.entry(contracts[i % contracts.length]!, daysAgo(i % 7), 1, { billingApprovalDateTime: h.sb.control.clock.now().toISOString() });
}, 60_000);
afterAll(async () => {
  await h.cleanup();
});

describe('partitioned full read', () => {
  it('reads two date partitions side by side and imports every entry once', async () => {
    expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
    h.sb.control.resetStats();
    // A little latency so that requests in flight at the same time overlap at the server.
    h.sb.control.setLatency({ TimeEntries: 30 });
    const t = await h.cli(['sync', 'time', '--json']);
    h.sb.control.setLatency(0);
    expect(t.code).toBe(0);
    expect(t.json.counts).toMatchObject({ create: ENTRIES, update: 0, skip: 0, error: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_items').n).toBe(ENTRIES);
    expect(h.one('SELECT COUNT(DISTINCT autotask_time_entry_id) AS n FROM engineering_items').n).toBe(ENTRIES);
    const stats = h.sb.control.stats();
    expect(stats.peakConcurrency.TimeEntries).toBe(2); // apiConcurrency defaults to 2
    expect(stats.refused.threadLimit).toBe(0);
    // Three counts (the one batch of synced contracts, entries on other contracts, entries on none), then
    // ceil(1100 / 500) = 3 pages, plus at most one partial page per extra partition.
    expect(stats.requests.TimeEntries?.POST).toBeLessThanOrEqual(3 + 3 + 1);
  });

  it('a second full read changes nothing', async () => {
    const logs = h.one('SELECT COUNT(*) AS n FROM sync_logs').n;
    const t = await h.cli(['sync', 'time', '--json']);
    expect(t.json.counts).toMatchObject({ create: 0, update: 0, unchanged: ENTRIES, error: 0, warning: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM sync_logs').n).toBe(logs);
  });
});
