// Time-entry reads by batches of synced contracts (issue #15.1): never an empty or > 500 `in` list, and
// date partitions only where they keep the request slots busy.
import { describe, expect, it } from 'vitest';
import { planReadParts, syncedContractBatches } from '../../../main/sync/time-entry-sync';

const services = (ids: number[]) => ids.map((autotaskContractId) => ({ autotaskContractId }));

describe('synced contract batches', () => {
  it('no synced contract: no batch (no query with an empty list)', () => {
    expect(syncedContractBatches([])).toEqual([]);
  });
  it('distinct ids, ascending, at most 500 per batch', () => {
    const ids = Array.from({ length: 1100 }, (_, i) => 5000 - i);
    const batches = syncedContractBatches(services([...ids, ...ids]));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 100]);
    expect(batches.flat()).toEqual([...ids].sort((a, b) => a - b));
    expect(syncedContractBatches(services([3, 1, 2, 1]), 2)).toEqual([[1, 2], [3]]);
    expect(syncedContractBatches(services([1, 2]), 9999).length).toBe(1);
  });
});

describe('read parts', () => {
  it('whole batches when they fill the slots; cuts only to balance; empty batches unread', () => {
    expect(planReadParts([0, 0], 2)).toEqual([0, 0]);
    expect(planReadParts([16000, 16000], 2)).toEqual([1, 1]);
    expect(planReadParts([47000], 2)).toEqual([2]);
    expect(planReadParts([300], 3)).toEqual([1]); // one page is never cut
    const parts = planReadParts([16000, 15500, 15000], 2);
    expect(parts.reduce((a, b) => a + b, 0) % 2).toBe(0);
    expect(parts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
    expect(planReadParts([0, 1200], 2)).toEqual([0, 2]);
  });
});
