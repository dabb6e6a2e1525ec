// A virtual clock: sleeping advances time instantly, so backoff and pacing are tested without waiting.
import type { ClientClock } from '../../../../main/autotask';

export interface FakeClock extends ClientClock {
  sleeps: number[];
  advance(ms: number): void;
}

export function createFakeClock(start = Date.parse('2025-03-03T09:00:00Z')): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      sleeps.push(ms);
      t += ms;
      // Yield to the event loop so concurrent work interleaves as it would in real time.
      await new Promise((r) => setImmediate(r));
    },
  };
}
