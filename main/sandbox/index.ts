/**
 * The built-in Autotask sandbox: a local HTTP server (node:http only) that behaves like the Autotask
 * REST API — zone lookup, auth headers, query engine, paging, limits and faults — over deterministic
 * seeded tenants. Used by the demo, the test suite and the benchmarks.
 *
 *   const sb = await startSandbox({ size: 'demo', seed: 1, latencyScale: 0 });
 *   // client: zone lookup at `${sb.zoneLookupUrl}V1.0/zoneInformation?user=${sb.credentials.username}`
 *   sb.control.injectFault({ kind: 'html503', entity: 'TimeEntries' });
 *   await sb.close();
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, adminActions, handleAdmin } from './admin-route';
import { dayStart } from './date-format';
import { handleRequest, type PipelineEnv } from './request-pipeline';
import { createControl } from './sandbox-control';
import { DEFAULT_BEHAVIOUR, SandboxState } from './sandbox-state';
import { generateTenant } from './tenant/generate-tenant';
import type { SandboxCredentials, SandboxHandle, SandboxOptions } from './types';

export type { FaultKind, FaultSpec, SandboxBehaviour, SandboxControl, SandboxCredentials, SandboxHandle, SandboxOptions, SandboxSize, SandboxStats } from './types';
export { DEFAULT_BEHAVIOUR } from './sandbox-state';

/** The demo tenant's API user. Sandbox-only values, not real secrets. */
export const DEMO_CREDENTIALS: SandboxCredentials = Object.freeze({
  username: 'sandbox.api@demo-tenant.invalid',
  secret: 'sandbox-demo-secret',
  integrationCode: 'SANDBOX-DEMO-INTEGRATION',
});

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const anchorDate = opts.anchorDate ?? todayUtc();
  const anchorMs = dayStart(anchorDate);
  const seed = opts.seed ?? 1;
  const credentials = { ...(opts.credentials ?? DEMO_CREDENTIALS) };
  const state = new SandboxState({
    tenant: generateTenant(opts.size ?? 'demo', seed, anchorMs, opts.tenantSpec),
    seed,
    // With an explicit anchor date the clock starts at noon that day; otherwise at the real time.
    clockStartMs: opts.anchorDate ? anchorMs + 12 * 3_600_000 : undefined,
    credentials,
    behaviour: { ...DEFAULT_BEHAVIOUR, ...opts.behaviour },
    latencyScale: opts.latencyScale ?? 1,
    hourlyLimit: opts.hourlyLimit ?? 10_000,
    threadLimit: opts.threadLimit ?? 3,
  });
  const control = createControl(state);
  const actions = adminActions(control);
  const abort = new AbortController();
  const env: PipelineEnv = { state, signal: abort.signal, stalled: new Set<ServerResponse>() };

  const server = createServer((req, res) => {
    const work = (req.url ?? '').startsWith(ADMIN_PREFIX) ? handleAdmin(req, res, opts.adminToken, actions) : handleRequest(env, req, res);
    work.catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [err instanceof Error ? err.message : String(err)] }));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    origin: state.origin,
    zoneLookupUrl: `${state.origin}/ATServicesRest/`,
    zoneUrl: () => state.zoneBase(),
    credentials,
    control,
    close() {
      closed ??= new Promise<void>((resolve) => {
        abort.abort();
        for (const res of env.stalled) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
