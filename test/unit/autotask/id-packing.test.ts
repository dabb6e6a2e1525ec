// Packing `in` batches by the rows each id returned last time, so a keyset read of each batch ends on a
// short page instead of leaving a part-filled page per batch (issue #15: calls near the lower bound).
import { describe, expect, it } from 'vitest';
import { packIdBatches, splitIdBatches } from '../../../main/autotask/id-batching';

const PAGE = 500;
/** What a keyset read of a batch costs: a short page ends it, a full one needs another call. */
const calls = (rows: number) => Math.floor(rows / PAGE) + 1;
const cost = (batches: number[][], rows: Map<number, number>) => batches.reduce((n, b) => n + calls(b.reduce((r, id) => r + (rows.get(id) ?? 0), 0)), 0);

/** 1,750 contracts with 1–9 lines each (deterministic), about 8,700 lines. */
function tenant(start = 11): { ids: number[]; lines: Map<number, number> } {
  let seed = start;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const ids = Array.from({ length: 1750 }, (_, i) => 10_000 + i * 3);
  return { ids, lines: new Map(ids.map((id) => [id, 1 + (next() % 9)])) };
}

describe('packIdBatches', () => {
  it('keeps every id once, in order, within 500 values a batch, and needs the fewest calls the rows allow', () => {
    const { ids, lines } = tenant();
    const total = [...lines.values()].reduce((a, n) => a + n, 0);
    const packed = packIdBatches(ids, lines, PAGE);
    expect(packed.flat()).toEqual(ids);
    expect(Math.max(...packed.map((b) => b.length))).toBeLessThanOrEqual(500);
    const plain = splitIdBatches(ids);
    expect(plain).toHaveLength(4);
    // Plain batches of 500 contracts end each batch on a part-filled page: 20 calls for 8,883 lines.
    expect(cost(plain, lines)).toBe(20);
    expect(cost(packed, lines)).toBe(Math.ceil(total / PAGE)); // 18
  });

  it('is never worse than the plain split, and within a call of the floor', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { ids, lines } = tenant(seed);
      const total = [...lines.values()].reduce((a, n) => a + n, 0);
      const packed = packIdBatches(ids, lines, PAGE);
      expect(packed.flat()).toEqual(ids);
      expect(cost(packed, lines)).toBeLessThanOrEqual(cost(splitIdBatches(ids), lines));
      expect(cost(packed, lines)).toBeLessThanOrEqual(Math.ceil(total / PAGE) + 1);
    }
  });

  it('a few more lines than last time cost at most one call a batch, and no row is lost', () => {
    const { ids, lines } = tenant();
    const packed = packIdBatches(ids, lines, PAGE);
    const grown = new Map(lines);
    for (const id of ids.slice(0, 12)) grown.set(id, grown.get(id)! + 1);
    expect(packed.flat()).toEqual(ids);
    expect(cost(packed, grown)).toBeLessThanOrEqual(cost(packed, lines) + 1);
  });

  it('without anything known it is the plain split; unknown ids count as the mean of the known', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => i + 1);
    expect(packIdBatches(ids, new Map(), PAGE)).toEqual(splitIdBatches(ids));
    expect(packIdBatches(ids, new Map([[99_999, 4]]), PAGE)).toEqual(splitIdBatches(ids));
    // Half known at 4 rows each: the others count as 4 too, so 499 ids (1,996 rows) fill 4 pages.
    const half = new Map(ids.filter((id) => id % 2 === 0).map((id) => [id, 4]));
    const packed = packIdBatches(ids, half, PAGE);
    expect(packed.flat()).toEqual(ids);
    expect(packed.map((b) => b.length)).toEqual([499, 499, 202]);
    expect(cost(packed, new Map(ids.map((id) => [id, 4])))).toBe(Math.ceil((1200 * 4) / PAGE));
  });

  it('respects the request-size limit and ignores broken figures', () => {
    const ids = Array.from({ length: 900 }, (_, i) => 1_000_000_000 + i);
    const rows = new Map<number, number>(ids.map((id, i) => [id, i % 3 === 0 ? Number.NaN : i % 5 === 0 ? -2 : 3]));
    const packed = packIdBatches(ids, rows, PAGE, 500, 2_000);
    expect(packed.flat()).toEqual(ids);
    for (const b of packed) expect(JSON.stringify(b).length).toBeLessThanOrEqual(2_000);
  });
});
