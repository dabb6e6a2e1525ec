// The sandbox `demo` tenant with distinctive credentials, and the environment that points the CLI (or an
// in-process sync) at it. The secret is deliberately unusual so that the secrets scan finds any copy.
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../main/sandbox';

export const RELIABILITY_CREDENTIALS = Object.freeze({
  username: 'reliability.bookkeeper@sandbox.invalid',
  secret: 'Zq7-RELIABILITY-SECRET-9f4e2c71b8-ÆØÅ',
  integrationCode: 'RELIABILITY-INTEGRATION-7731',
});

export interface ReliabilitySandbox {
  sandbox: SandboxHandle;
  /** Environment for the CLI: credentials, zone lookup, in-memory keychain. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startReliabilitySandbox(opts: SandboxOptions = {}): Promise<ReliabilitySandbox> {
  const sandbox = await startSandbox({ size: 'demo', seed: 10, latencyScale: 0, credentials: { ...RELIABILITY_CREDENTIALS }, ...opts });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AUTOTASK_SECRET_STORE: 'memory',
    AUTOTASK_USERNAME: RELIABILITY_CREDENTIALS.username,
    AUTOTASK_SECRET: RELIABILITY_CREDENTIALS.secret,
    AUTOTASK_INTEGRATION_CODE: RELIABILITY_CREDENTIALS.integrationCode,
    AUTOTASK_ZONE_LOOKUP_URL: sandbox.zoneLookupUrl,
  };
  return { sandbox, env, close: () => sandbox.close() };
}
