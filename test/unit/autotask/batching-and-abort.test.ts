import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupeIds, mergeBatches, splitIdBatches } from '../../../main/autotask/id-batching';
import { startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { sendJson } from './support/stub-server';
import { faultTimes, isQuery } from './support/faults';
import { remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';

describe('id batching', () => {
  it('splits by count (≤ 500) and by body size', () => {
    const ids = Array.from({ length: 1234 }, (_, i) => i + 1);
    expect(splitIdBatches(ids).map((b) => b.length)).toEqual([500, 500, 234]);
    const big = Array.from({ length: 300 }, (_, i) => 1_000_000_000_000 + i); // 14 characters each
    const batches = splitIdBatches(big, 500, 1000);
    expect(batches.every((b) => JSON.stringify(b).length <= 1000)).toBe(true);
    expect(batches.flat()).toEqual(big);
    expect(batches.length).toBe(Math.ceil(300 / Math.floor(998 / 15)));
  });

  it('deduplicates ids, keeping first-seen order', () => {
    expect(dedupeIds('Companies', [5, 3, 5, 0, 3])).toEqual([5, 3, 0]);
  });

  it('merges producers with at most `parallel` running and stops them when the consumer stops', async () => {
    let running = 0;
    let peak = 0;
    let started = 0;
    async function* produce(n: number) {
      started += 1;
      running += 1;
      peak = Math.max(peak, running);
      try {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setImmediate(r));
          yield `${n}.${i}`;
        }
      } finally {
        running -= 1;
      }
    }
    const all: string[] = [];
    for await (const x of mergeBatches([1, 2, 3, 4, 5], 2, produce)) all.push(x);
    expect(all.sort()).toEqual(['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '3.0', '3.1', '3.2', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2']);
    expect(peak).toBe(2);
    started = 0;
    for await (const x of mergeBatches([1, 2, 3, 4, 5], 2, produce)) {
      expect(x).toBeTruthy();
      break;
    }
    expect(started).toBeLessThanOrEqual(2);
    expect(running).toBe(0);
  });

  it('propagates a producer failure', async () => {
    async function* produce(n: number) {
      yield n;
      if (n === 2) throw new Error('batch 2 failed');
    }
    const seen: number[] = [];
    const run = async () => {
      for await (const x of mergeBatches([1, 2, 3], 2, produce)) seen.push(x);
    };
    await expect(run()).rejects.toThrow('batch 2 failed');
  });
});

describe('cancellation', () => {
  let m: MiniAutotask;
  beforeEach(async () => {
    m = await startMiniAutotask();
  });
  afterEach(async () => {
    await m.close();
  });
  afterAll(() => expectNoSecretsLeaked());

  it('an abort during a backoff ends the request with kind "aborted" and no further attempt', async () => {
    const controller = new AbortController();
    m.intercept = faultTimes(10, isQuery, (res) => sendJson(res, 503, { errors: ['busy'] }));
    const { client } = testClient(m.lookupUrl, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'retry') controller.abort();
      },
    });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('aborted');
    expect(m.apiRequests('Companies').filter(isQuery)).toHaveLength(1);
    await client.close();
  });
});
