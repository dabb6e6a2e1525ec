/**
 * One request through the sandbox, in the real service's order: route → fault injection → zone lookup /
 * version (no auth) → zone check → credentials → hourly threshold → thread limit → latency → handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, noResource } from './api-error';
import { apiRouteKey, handleApi } from './api-routes';
import { iisHtmlPage, sendBody, sendJson, type SendOptions } from './http-responses';
import type { ActiveFault } from './fault-registry';
import type { SandboxState } from './sandbox-state';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

type Route =
  { kind: 'version'; key: string } | { kind: 'zoneInfo'; key: string } | { kind: 'api'; key: string; zone: string | null; segments: string[] } | { kind: 'unknown'; key: string };

export function parseRoute(pathname: string): Route {
  let segs: string[];
  try {
    segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'unknown', key: 'unknown' };
  }
  let zone: string | null;
  let rest: string[];
  if (segs[0]?.toLowerCase() === 'atservicesrest') {
    zone = null;
    rest = segs.slice(1);
  } else if (segs[1]?.toLowerCase() === 'atservicesrest') {
    zone = segs[0]!.toLowerCase();
    rest = segs.slice(2);
  } else return { kind: 'unknown', key: 'unknown' };
  const head = rest[0]?.toLowerCase();
  if (rest.length === 1 && head === 'versioninformation') return { kind: 'version', key: 'versionInformation' };
  if (head !== 'v1.0') return { kind: 'unknown', key: 'unknown' };
  const api = rest.slice(1);
  if (api.length === 1 && api[0]!.toLowerCase() === 'zoneinformation') return { kind: 'zoneInfo', key: 'zoneInformation' };
  if (api.length === 0) return { kind: 'unknown', key: 'unknown' };
  return { kind: 'api', key: apiRouteKey(api), zone, segments: api };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that went away mid-request (killed, timed out) ends neither with 'end' nor always with
    // 'error': without this the request would hold its thread slot forever (a later run then meets a
    // thread limit nobody is using).
    req.on('close', () => reject(new Error('the request closed before its body arrived')));
    if (req.destroyed) reject(new Error('the request closed before its body arrived'));
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]; // node lower-cases header names: matching is case-insensitive
  return Array.isArray(v) ? v[0] : v;
}

export interface PipelineEnv {
  state: SandboxState;
  signal: AbortSignal;
  /** Responses held open by the `stall` fault; closed with the server. */
  stalled: Set<ServerResponse>;
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false; // server closing
  }
}

const THREAD_MESSAGE = (limit: number) =>
  `The Autotask API thread threshold of ${limit} threads has been exceeded for this integration and endpoint. Please reduce the number of concurrent requests.`;

export async function handleRequest(env: PipelineEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = env;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', state.origin);
  const route = parseRoute(url.pathname);
  const hasCredentials = ['username', 'secret', 'apiintegrationcode'].some((h) => header(req, h) !== undefined);
  state.stats.record(route.key, method, hasCredentials);

  const tooManyHeaders = (): Record<string, string> => (state.behaviour.retryAfterSeconds !== undefined ? { 'retry-after': String(state.behaviour.retryAfterSeconds) } : {});
  const refuseThreads = () => {
    state.stats.refuse('threadLimit');
    sendJson(res, 429, { errors: [THREAD_MESSAGE(state.threads.limit)] }, { headers: tooManyHeaders() });
  };
  const refuseOverLimit = () => {
    state.stats.refuse('overLimit');
    const status = state.behaviour.overLimit === '500' ? 500 : 429;
    const msg = `The request threshold of ${state.hourly.limit} requests per 60 minutes has been exceeded for this database. Requests are refused until usage drops.`;
    sendJson(res, status, { errors: [msg] }, { headers: status === 429 ? tooManyHeaders() : {} });
  };

  if (method === 'GET' && (req.url ?? '').length > state.behaviour.maxUrlLength) {
    state.stats.refuse('other');
    sendBody(res, 404, iisHtmlPage(404), { contentType: 'text/html' });
    return;
  }

  const fault = state.faults.take(route.key, method);
  if (fault && (await applyImmediateFault(env, fault, req, res, refuseThreads, refuseOverLimit))) return;
  const sendOpts: SendOptions = { truncate: fault?.kind === 'truncated' };
  const reply = (status: number, body: unknown) => sendJson(res, status, body, sendOpts);

  const slowMs = fault?.kind === 'slow' ? (fault.delayMs ?? 2000) : 0;
  if (route.kind !== 'api' && !(await pause(state.latencyFor(route.key) + slowMs, env.signal))) return;
  if (route.kind === 'unknown') {
    state.stats.refuse('other');
    reply(404, noResource(url.href).body());
    return;
  }
  if (route.kind === 'version') {
    if (method !== 'GET') return void reply(405, { Message: `The requested resource does not support http method '${method}'.` });
    reply(200, { apiVersions: ['V1.0'] });
    return;
  }
  if (route.kind === 'zoneInfo') {
    if (method !== 'GET') return void reply(405, { Message: `The requested resource does not support http method '${method}'.` });
    const user = url.searchParams.get('user') ?? '';
    if (user.toLowerCase() !== state.credentials.username.toLowerCase()) {
      reply(500, { errors: ['Zone information could not be determined'] });
      return;
    }
    reply(200, { zoneName: `Sandbox ${state.zoneName()}`, url: state.zoneBase(), webUrl: `${state.origin}/${state.zoneName()}/`, ci: state.ci });
    return;
  }

  // Authenticated API from here on.
  if (route.zone !== state.zoneName()) {
    state.stats.refuse('auth'); // wrong or moved zone: the client must re-discover
    sendBody(res, 401, '', { contentType: 'text/plain' });
    return;
  }
  const user = header(req, 'username');
  const secret = header(req, 'secret');
  if (!user || user.toLowerCase() !== state.credentials.username.toLowerCase() || secret !== state.credentials.secret) {
    state.stats.refuse('auth');
    sendBody(res, 401, '', { contentType: 'text/plain' });
    return;
  }
  const code = header(req, 'apiintegrationcode');
  if (code !== state.credentials.integrationCode) {
    state.stats.refuse('auth');
    reply(500, { errors: ['IntegrationCode is invalid.'] });
    return;
  }
  const now = state.clock.nowMs();
  if (!state.hourly.tryAdd(now)) return refuseOverLimit();
  const leaveStats = state.stats.enter(route.key);
  const release = state.threads.tryAcquire(code, route.key);
  if (!release) {
    leaveStats();
    return refuseThreads();
  }
  try {
    const throttle = state.hourly.throttleMs(now) * state.latencyScale;
    const extra = state.latencyFor(route.key) + slowMs;
    if (!(await pause(throttle + extra, env.signal))) return;
    const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    if (header(req, 'impersonationresourceid') !== undefined && state.behaviour.impersonationBreaksReads && method !== 'DELETE') {
      reply(500, { errors: ['The logged in Resource does not have the adequate permissions to query this entity type.'] });
      return;
    }
    try {
      const out = handleApi(state, {
        method,
        segments: route.segments,
        query: url.searchParams,
        body,
        url: url.href,
        spoofOrigin: fault?.kind === 'spoofNextPage' ? fault.origin : undefined,
      });
      reply(out.status, out.body);
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 404 || err.status === 405) state.stats.refuse('other');
        reply(err.status, err.body());
      } else reply(500, { errors: [err instanceof Error ? err.message : String(err)] });
    }
  } finally {
    release();
    leaveStats();
  }
}

/** Faults that answer (or drop) the request themselves. Returns true when the request is done. */
async function applyImmediateFault(
  env: PipelineEnv,
  fault: ActiveFault,
  req: IncomingMessage,
  res: ServerResponse,
  refuseThreads: () => void,
  refuseOverLimit: () => void,
): Promise<boolean> {
  const { state } = env;
  switch (fault.kind) {
    case 'reset':
      state.stats.refuse('other');
      req.socket.destroy();
      return true;
    case 'stall':
      state.stats.refuse('other');
      env.stalled.add(res);
      res.on('close', () => env.stalled.delete(res));
      return true;
    case 'html502':
    case 'html503': {
      state.stats.refuse('other');
      const status = fault.kind === 'html502' ? 502 : 503;
      sendBody(res, status, iisHtmlPage(status), { contentType: 'text/html' });
      return true;
    }
    case 'dotnet500':
      state.stats.refuse('other');
      sendJson(res, 500, { errors: ['Object reference not set to an instance of an object.'] });
      return true;
    case 'validation500':
      state.stats.refuse('other');
      sendJson(res, 500, { errors: [fault.message ?? 'Value does not reference an existing entity for contractID . '] });
      return true;
    case 'permission500':
      state.stats.refuse('other');
      sendJson(res, 500, { errors: ['The logged in Resource does not have the adequate permissions to query this entity type.'] });
      return true;
    case 'thread429':
      refuseThreads();
      return true;
    case 'overLimit':
      refuseOverLimit();
      return true;
    case 'zoneMove':
      state.moveZone(); // this very request now targets the old zone and gets the 401
      return false;
    default:
      return false; // slow / truncated / spoofNextPage shape the normal response
  }
}
