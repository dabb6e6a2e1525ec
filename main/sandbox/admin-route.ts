/**
 * `POST {origin}/__sandbox/<action>` with header `x-sandbox-token`: the control API for other processes
 * (the CLI-served sandbox driven by e2e tests). Loopback peers only; not counted in the stats.
 * Body: JSON arguments; response: `{ "result": … }` or 400 `{ "error": "…" }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { sendJson } from './http-responses';
import type { FaultSpec, SandboxBehaviour, SandboxControl } from './types';

export const ADMIN_PREFIX = '/__sandbox/';

type Args = Record<string, unknown>;
const num = (a: Args, k: string): number => {
  const v = Number(a[k]);
  if (!Number.isFinite(v)) throw new Error(`"${k}" must be a number`);
  return v;
};
const str = (a: Args, k: string): string => {
  if (typeof a[k] !== 'string') throw new Error(`"${k}" must be a string`);
  return a[k] as string;
};
const obj = (a: Args, k: string): Record<string, unknown> => {
  const v = a[k];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`"${k}" must be an object`);
  return v as Record<string, unknown>;
};

/** Action name → handler. Names mirror the SandboxControl methods. */
export function adminActions(c: SandboxControl): Record<string, (a: Args) => unknown> {
  return {
    now: () => c.clock.now().toISOString(),
    advanceClock: (a) => c.clock.advance(num(a, 'ms')).toISOString(),
    setClock: (a) => c.clock.set(str(a, 'iso')).toISOString(),
    insert: (a) => c.insert(str(a, 'entity'), obj(a, 'record')),
    update: (a) => c.update(str(a, 'entity'), num(a, 'id'), obj(a, 'patch')),
    remove: (a) => c.remove(str(a, 'entity'), num(a, 'id')),
    get: (a) => c.get(str(a, 'entity'), num(a, 'id')) ?? null,
    list: (a) => c.list(str(a, 'entity')),
    count: (a) => c.count(str(a, 'entity')),
    approveTimeEntry: (a) => c.approveTimeEntry(num(a, 'id')),
    unapproveTimeEntry: (a) => c.unapproveTimeEntry(num(a, 'id')),
    endContract: (a) => c.endContract(num(a, 'id'), a.endDate === undefined ? undefined : str(a, 'endDate')),
    moveZone: () => c.moveZone(),
    zoneUrl: () => c.zoneUrl(),
    injectFault: (a) => c.injectFault(a as unknown as FaultSpec),
    clearFaults: () => c.clearFaults(),
    setLatency: (a) => c.setLatency(typeof a.ms === 'number' ? a.ms : (obj(a, 'perRoute') as Record<string, number>)),
    setBehaviour: (a) => c.setBehaviour(a as Partial<SandboxBehaviour>),
    behaviour: () => c.behaviour(),
    stats: () => c.stats(),
    resetStats: () => c.resetStats(),
    hourlyCount: () => c.hourlyCount(),
    resetHourlyCount: () => c.resetHourlyCount(),
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, adminToken: string | undefined, actions: Record<string, (a: Args) => unknown>): Promise<void> {
  if (!adminToken) return sendJson(res, 404, { error: 'admin route disabled' });
  if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'loopback only' });
  const token = req.headers['x-sandbox-token'];
  if (!tokenMatches(Array.isArray(token) ? token[0] : token, adminToken)) return sendJson(res, 401, { error: 'bad admin token' });
  if ((req.method ?? '').toUpperCase() !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  const action = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(ADMIN_PREFIX.length));
  const handler = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
  if (!handler) return sendJson(res, 404, { error: `unknown action "${action}"` });
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  try {
    const args = text ? (JSON.parse(text) as Args) : {};
    if (!args || typeof args !== 'object' || Array.isArray(args)) throw new Error('body must be a JSON object');
    const result = handler(args);
    sendJson(res, 200, { result: result === undefined ? null : result });
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}
