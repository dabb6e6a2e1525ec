// Starts the built-in sandbox with this suite's test credentials (so the leak check covers them) and
// no simulated threshold latency; the client under test gets a fake clock for backoff and pacing.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../../main/sandbox';
import { expectNoSecretsLeaked } from './leak-check';
import { CREDS } from './mini-autotask';

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  return startSandbox({ size: 'demo', seed: 7, latencyScale: 0, credentials: { ...CREDS }, anchorDate: '2025-03-03', ...opts });
}

/** Puts a shared sandbox back to a known state: no faults, no latency, fresh counters. */
export function resetSandbox(sb: SandboxHandle): void {
  sb.control.clearFaults();
  sb.control.setLatency(0);
  sb.control.resetStats();
  sb.control.resetHourlyCount();
}

/**
 * The before/after block of a sandbox suite, once: one sandbox for the file (started in beforeAll),
 * reset before every test (`resetSandbox`, then `reset` for what the suite changes besides), closed after
 * all with the secret-leak check. Returns the handle as a stand-in usable at module level (helpers like
 * `() => sb.control.count(...)`), which forwards to the running sandbox. A plain helper rather than a
 * `test.extend` fixture because these suites reach the sandbox from module-level helpers.
 */
export function useTestSandbox(opts: { sandbox?: SandboxOptions; reset?: (sb: SandboxHandle) => void; afterClose?: () => void } = {}): SandboxHandle {
  let current: SandboxHandle | null = null;
  beforeAll(async () => {
    current = await startTestSandbox(opts.sandbox);
  });
  afterAll(async () => {
    await current?.close();
    current = null;
    expectNoSecretsLeaked();
    opts.afterClose?.();
  });
  beforeEach(() => {
    resetSandbox(running());
    opts.reset?.(running());
  });
  function running(): SandboxHandle {
    if (!current) throw new Error('The test sandbox is not running (use it inside a test or hook)');
    return current;
  }
  return new Proxy({} as SandboxHandle, { get: (_t, key) => Reflect.get(running(), key) as unknown });
}

export function postsTo(sb: SandboxHandle, entity: string): number {
  return sb.control.stats().requests[entity]?.POST ?? 0;
}
