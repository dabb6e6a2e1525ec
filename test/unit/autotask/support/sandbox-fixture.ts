// Starts the built-in sandbox with this suite's test credentials (so the leak check covers them) and
// no simulated threshold latency; the client under test gets a fake clock for backoff and pacing.
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../../main/sandbox';
import { CREDS } from './mini-autotask';

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  return startSandbox({ size: 'demo', seed: 7, latencyScale: 0, credentials: { ...CREDS }, anchorDate: '2025-03-03', ...opts });
}

export function postsTo(sb: SandboxHandle, entity: string): number {
  return sb.control.stats().requests[entity]?.POST ?? 0;
}
