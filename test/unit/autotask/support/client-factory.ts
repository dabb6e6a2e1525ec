// Builds a client wired to a fake clock and a deterministic jitter source, and remembers every error
// and event it produced so tests can check that no secret ever leaks.
import { createAutotaskClient, type AutotaskClientOptions, type ClientEvent } from '../../../../main/autotask';
import { createFakeClock, type FakeClock } from './fake-clock';
import { CREDS } from './mini-autotask';

export const producedErrors: unknown[] = [];
export const producedEvents: ClientEvent[] = [];

export function remember<T>(p: Promise<T>): Promise<T> {
  return p.catch((e) => {
    producedErrors.push(e);
    throw e;
  });
}

export function testClient(
  lookupUrl: string,
  over: Partial<AutotaskClientOptions> = {},
): { client: ReturnType<typeof createAutotaskClient>; clock: FakeClock; events: ClientEvent[] } {
  const clock = createFakeClock();
  const events: ClientEvent[] = [];
  const client = createAutotaskClient({
    credentials: { ...CREDS },
    zoneLookupUrl: lookupUrl,
    clock,
    random: () => 0.5,
    requestTimeoutMs: 5_000,
    ...over,
    onEvent: (e) => {
      events.push(e);
      producedEvents.push(e);
      over.onEvent?.(e);
    },
  });
  return { client, clock, events };
}

/** Reads every page; returns the rows (tests only — production code streams). */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const p of pages) out.push(...p);
  } catch (e) {
    producedErrors.push(e);
    throw e;
  }
  return out;
}
