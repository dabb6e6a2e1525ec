// `in` queries for long id lists: deduplicate, split into batches Autotask accepts (≤ 500 values, and a
// body of modest size), run batches in parallel up to the concurrency limit, and stream pages back with
// backpressure so a slow consumer does not make pages pile up in memory.
import { AutotaskError } from './autotask-error';
import { MAX_IN_VALUES } from './filter-validation';
import type { EntityName } from './types';

/** Keeps request bodies far below anything a proxy or IIS might refuse. */
export const MAX_IN_BODY_CHARS = 32 * 1024;

export function dedupeIds(entity: EntityName, ids: readonly number[]): number[] {
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) {
      throw new AutotaskError({
        kind: 'invalid-query',
        method: 'POST',
        url: `${entity}/query`,
        userMessage: `The ${entity} query was not sent: ${JSON.stringify(id)} is not a whole-number id.`,
        retryable: false,
      });
    }
    seen.add(id);
  }
  return [...seen];
}

/** Batches of at most `maxValues`, each of whose JSON list fits in `maxChars`. */
export function splitIdBatches(ids: readonly number[], maxValues = MAX_IN_VALUES, maxChars = MAX_IN_BODY_CHARS): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let chars = 2;
  for (const id of ids) {
    const size = String(id).length + 1;
    if (current.length >= maxValues || (current.length > 0 && chars + size > maxChars)) {
      batches.push(current);
      current = [];
      chars = 2;
    }
    current.push(id);
    chars += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Batches cut so their pages come out full, from the rows each id returned last time (`expected`; ids it
 * does not know count as the mean of those it does). A keyset read of a batch costs floor(rows / pageSize)
 * + 1 calls (a short page ends it; a full one needs another call to be sure), so a batch of 2,350 rows costs
 * 5 calls and one of 1,995 costs 4. Each batch is cut, within the `maxValues` / `maxChars` limits, where
 * its rows per call are highest, counting `margin` extra rows for lines added since. The last ids go in one
 * batch when they fit. Only a hint: a wrong figure costs a call, never a row (every id is in one batch).
 */
export function packIdBatches(
  ids: readonly number[],
  expected: ReadonlyMap<number, number>,
  pageSize: number,
  maxValues = MAX_IN_VALUES,
  maxChars = MAX_IN_BODY_CHARS,
  margin = 3,
): number[][] {
  const known = ids.map((id) => expected.get(id)).filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0);
  if (known.length === 0 || pageSize <= 0) return splitIdBatches(ids, maxValues, maxChars);
  const mean = known.reduce((a, n) => a + n, 0) / known.length;
  const weight = (id: number) => {
    const n = expected.get(id);
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : mean;
  };
  const calls = (rows: number) => Math.floor((rows + margin) / pageSize) + 1;
  const batches: number[][] = [];
  let i = 0;
  while (i < ids.length) {
    let rows = 0;
    let chars = 2;
    let best = i;
    let bestRate = -1;
    let j = i;
    for (; j < ids.length && j - i < maxValues; j++) {
      const size = String(ids[j]).length + 1;
      if (j > i && chars + size > maxChars) break;
      chars += size;
      rows += weight(ids[j]!);
      const rate = rows / calls(rows);
      if (rate >= bestRate) {
        bestRate = rate;
        best = j;
      }
    }
    const end = j >= ids.length ? ids.length : best + 1;
    batches.push(ids.slice(i, end));
    i = end;
  }
  return batches;
}

/**
 * Runs `produce` for each batch with at most `parallel` at a time and yields their pages in arrival
 * order. Stopping the iteration early stops the producers after their current request.
 */
export async function* mergeBatches<T, B>(batches: readonly B[], parallel: number, produce: (batch: B) => AsyncIterable<T>): AsyncGenerator<T> {
  const buffer: T[] = [];
  const capacity = Math.max(1, parallel);
  let failure: { error: unknown } | null = null;
  let active = 0;
  let next = 0;
  let stopped = false;
  let wakeConsumer: (() => void) | null = null;
  const wakeProducers: Array<() => void> = [];
  const notifyConsumer = () => {
    const w = wakeConsumer;
    wakeConsumer = null;
    w?.();
  };

  const worker = async () => {
    while (!stopped && !failure && next < batches.length) {
      const batch = batches[next++]!;
      for await (const item of produce(batch)) {
        if (stopped || failure) return;
        while (buffer.length >= capacity && !stopped && !failure) {
          await new Promise<void>((r) => wakeProducers.push(r));
        }
        if (stopped || failure) return;
        buffer.push(item);
        notifyConsumer();
      }
    }
  };

  const workers = Array.from({ length: Math.min(capacity, batches.length) }, () => {
    active += 1;
    return worker()
      .catch((error) => {
        failure ??= { error };
      })
      .finally(() => {
        active -= 1;
        notifyConsumer();
        wakeProducers.splice(0).forEach((w) => w());
      });
  });

  // Workers assign `failure` from callbacks, which TypeScript's narrowing cannot see.
  const failed = (): { error: unknown } | null => failure;
  try {
    for (;;) {
      const f = failed();
      if (f) throw f.error;
      if (buffer.length) {
        const item = buffer.shift()!;
        wakeProducers.shift()?.();
        yield item;
        continue;
      }
      if (active === 0) break;
      await new Promise<void>((r) => (wakeConsumer = r));
    }
    const f = failed();
    if (f) throw f.error;
  } finally {
    stopped = true;
    wakeProducers.splice(0).forEach((w) => w());
    await Promise.allSettled(workers);
  }
}
