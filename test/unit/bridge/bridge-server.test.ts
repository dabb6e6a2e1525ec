import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBridgeServer, TOKEN_HEADER, type BridgeServer } from '../../../main/bridge/bridge-server';
import { createEventHub, type EventHub } from '../../../main/bridge/event-hub';
import { createLogDownloads } from '../../../main/bridge/log-downloads';
import { makeTestCore, type TestCore } from '../../helpers/test-core';
import { makeTempDir } from '../../helpers/temp-dir';
import { rawRequest, readEvents } from './http-client';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { recountLogCounts } from '../../../main/db/queries/log-writes';

let core: TestCore;
let hub: EventHub;
let server: BridgeServer;
let staticDir: { dir: string; cleanup: () => void };

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';

beforeEach(async () => {
  staticDir = makeTempDir('abs-bridge-static-');
  fs.writeFileSync(path.join(staticDir.dir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(staticDir.dir, 'assets'));
  fs.writeFileSync(path.join(staticDir.dir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir.dir), `${path.basename(staticDir.dir)}-secret.txt`), 'outside');
  hub = createEventHub();
  const downloads = createLogDownloads({ departmentId: () => '7', now: () => new Date(2026, 10, 24, 9, 30, 5) });
  core = makeTestCore({ emit: hub.emit, exportLogs: (f) => downloads.exportLogs(f) });
  const insert = core.deps.database.sqlite.prepare(`INSERT INTO sync_logs (sync_type, operation, status, message, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  insert.run('contract', 'create', 'success', 'Created service "PRACBILL-Website-Hosting"', 12, '2026-11-24T01:00:00.000Z');
  insert.run('contract', 'error', 'error', 'Contract 7: name, with "quotes"', 30, '2026-11-24T02:00:00.000Z');
  insert.run('time_entry', 'create', 'success', 'Imported 5.00 h = $750.00', 8, '2026-11-24T03:00:00.000Z');
  recountLogCounts(core.deps.database.sqlite);
  server = await startBridgeServer({
    handlers: core.handlers,
    staticDir: staticDir.dir,
    hub,
    downloads,
    sqlite: core.deps.database.sqlite,
    token: TOKEN,
    logger: { error: () => undefined },
  });
});

afterEach(async () => {
  await server?.close();
  core?.cleanup();
  fs.rmSync(path.join(path.dirname(staticDir.dir), `${path.basename(staticDir.dir)}-secret.txt`), { force: true });
  staticDir?.cleanup();
});

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', host: `127.0.0.1:${server.port}`, ...headers },
    body: JSON.stringify(body),
  });

describe('browser bridge: where it listens', () => {
  it('is bound to 127.0.0.1 only and prints a one-time sign-in address (not the API token)', () => {
    expect(server.address).toBe('127.0.0.1');
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    expect(server.url).not.toContain(TOKEN);
  });

  it('cannot be reached through another interface of this machine', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    // Without a non-loopback interface there is nothing else to try; the bind address above is the proof.
    if (!external) return;
    const outcome = await new Promise<string>((resolve) => {
      const s = net.connect({ host: external.address, port: server.port, timeout: 3000 });
      s.on('connect', () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      s.on('timeout', () => (s.destroy(), resolve('timeout')));
    });
    expect(outcome).not.toBe('connected');
  });
});

describe('browser bridge: API calls', () => {
  it('answers a call with the token as the handler table would (ApiResult)', async () => {
    const r = await api('app:info', null, { [TOKEN_HEADER]: TOKEN, origin: `http://127.0.0.1:${server.port}` });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ ok: true, value: { name: 'Autotask Billing Sync', version: '0.0.0-test' } });
  });

  it('passes validation errors through unchanged', async () => {
    const r = await api('logs:list', { page: 0, perPage: 25 }, { [TOKEN_HEADER]: TOKEN });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-argument', fieldErrors: { page: 'must be 1 or more' } } });
    const unknown = await api('fs:read', null, { [TOKEN_HEADER]: TOKEN });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('refuses a call without a token (401) and with a wrong one (403), before any handler runs', async () => {
    const missing = await api('credentials:delete', null);
    expect(missing.status).toBe(401);
    const wrong = await api('credentials:delete', null, { [TOKEN_HEADER]: `${TOKEN.slice(0, -1)}x` });
    expect(wrong.status).toBe(403);
    const short = await api('credentials:delete', null, { [TOKEN_HEADER]: 'x' });
    expect(short.status).toBe(403);
    // The token is never accepted from the query string for API calls.
    const inQuery = await rawRequest(server.port, {
      method: 'POST',
      path: `/api/app:info?token=${TOKEN}`,
      headers: { 'content-type': 'application/json', host: `127.0.0.1:${server.port}` },
      body: 'null',
    });
    expect(inQuery.status).toBe(401);
  });

  it('refuses pages of other origins, other ports of 127.0.0.1 included, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'null']) {
      const r = await api('app:info', null, { [TOKEN_HEADER]: TOKEN, origin });
      expect(r.status, origin).toBe(403);
    }
    const sameSite = await api('app:info', null, { [TOKEN_HEADER]: TOKEN, 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);
    const crossSite = await api('app:info', null, { [TOKEN_HEADER]: TOKEN, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await api('app:info', null, {
      [TOKEN_HEADER]: TOKEN,
      'sec-fetch-site': 'same-origin',
      origin: `http://localhost:${server.port}`,
      host: `localhost:${server.port}`,
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses requests addressed to another host name (DNS rebinding), pages included', async () => {
    const r = await api('app:info', null, { [TOKEN_HEADER]: TOKEN, host: `attacker.example:${server.port}` });
    expect(r.status).toBe(403);
    const page = await rawRequest(server.port, { path: '/', headers: { host: `attacker.example:${server.port}` } });
    expect(page.status).toBe(403);
  });

  it('accepts only JSON bodies, of a bounded size', async () => {
    const form = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: { 'content-type': 'application/x-www-form-urlencoded', [TOKEN_HEADER]: TOKEN },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
    const bad = await rawRequest(server.port, { method: 'POST', path: '/api/app:info', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN }, body: '{' });
    expect(bad.status).toBe(400);
    const big = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/settings:update',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN },
      body: JSON.stringify({ skuPrefix: 'x'.repeat(2 * 1024 * 1024) }),
    }).catch((e: Error) => ({ status: -1, body: e.message }));
    expect([413, -1]).toContain(big.status);
  });
});

describe('browser bridge: the renderer files', () => {
  it('serves the page and its assets without a token, and nothing outside the folder', async () => {
    const page = await rawRequest(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    const asset = await rawRequest(server.port, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    const outside = `/../${path.basename(staticDir.dir)}-secret.txt`;
    for (const p of [outside, '/%2e%2e/etc/passwd', '/assets/../../etc/passwd']) {
      const r = await rawRequest(server.port, { path: p });
      expect(r.status, p).not.toBe(200);
      expect(r.body).not.toContain('outside');
    }
  });
});

/** Signs in with a one-time address; returns the Cookie header to send. */
async function signIn(url = server.mintUrl()): Promise<string> {
  const r = await rawRequest(server.port, { path: new URL(url).pathname + new URL(url).search, headers: { host: `127.0.0.1:${server.port}` } });
  expect(r.status).toBe(303);
  const set = String(r.headers['set-cookie']);
  return set.split(';')[0]!;
}

describe('browser bridge: sign-in with the one-time code (issue #17 item 6)', () => {
  it('exchanges the code for an HttpOnly, SameSite=Strict, Path=/ cookie and redirects to the address without it', async () => {
    const url = new URL(server.mintUrl());
    const r = await rawRequest(server.port, { path: `/${url.search}&x=1` });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/?x=1');
    expect(r.headers['cache-control']).toBe('no-store');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^abs_bridge_${server.port}=[A-Za-z0-9_-]{40,}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(cookie).not.toContain(url.searchParams.get('token')!);
    const jar = cookie.split(';')[0]!;
    const call = await api('app:info', null, { cookie: jar });
    expect(call.status).toBe(200);
  });

  it('a code works once: reused, it is refused (403) and gives no cookie', async () => {
    const url = server.mintUrl();
    await signIn(url);
    const again = await rawRequest(server.port, { path: new URL(url).pathname + new URL(url).search });
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toMatch(/already used or has expired/);
    expect((await rawRequest(server.port, { path: '/?token=made-up' })).status).toBe(403);
  });

  it('a code expires', async () => {
    let t = 1_000_000;
    const s2 = await startBridgeServer({
      handlers: core.handlers,
      staticDir: staticDir.dir,
      hub: createEventHub(),
      codeTtlMs: 60_000,
      now: () => t,
      logger: { error: () => undefined },
    });
    try {
      const url = new URL(s2.url);
      t += 61_000;
      expect((await rawRequest(s2.port, { path: url.pathname + url.search })).status).toBe(403);
    } finally {
      await s2.close();
    }
  });

  it('refuses an unknown cookie (403) and a request with neither cookie nor header (401)', async () => {
    expect((await api('app:info', null, { cookie: `abs_bridge_${server.port}=forged` })).status).toBe(403);
    expect((await api('app:info', null, {})).status).toBe(401);
  });

  it('a signed-in browser opening a used address again is just sent to the clean address', async () => {
    const url = server.mintUrl();
    const jar = await signIn(url);
    const again = await rawRequest(server.port, { path: new URL(url).pathname + new URL(url).search, headers: { cookie: jar } });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('the cookie does not pass the Origin, Sec-Fetch-Site or Host checks for another page', async () => {
    const jar = await signIn();
    expect((await api('app:info', null, { cookie: jar, origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app:info', null, { cookie: jar, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await api('app:info', null, { cookie: jar, host: `attacker.example:${server.port}` })).status).toBe(403);
  });
});

describe('browser bridge: events', () => {
  it('streams core events to a signed-in page (cookie)', async () => {
    const jar = await signIn();
    const got = readEvents(
      server.port,
      '/events',
      2,
      () => {
        hub.emit('settings:changed', { ...DEFAULT_SETTINGS, skuPrefix: 'ABC' });
        hub.emit('sync:progress', {
          runId: 1,
          type: 'contract',
          trigger: 'manual',
          phase: 'Contracts',
          done: 5,
          total: 10,
          counts: { create: 1, update: 0, unchanged: 4, skip: 0, error: 0, warning: 0 },
          startedAt: '2026-11-24T00:00:00.000Z',
          message: '',
        });
      },
      10_000,
      { cookie: jar },
    );
    const events = await got;
    expect(events.map((e) => e.event)).toEqual(['settings:changed', 'sync:progress']);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ done: 5, total: 10 });
  });

  it('refuses the event stream without the cookie, with a wrong one, from another origin, and a token in the URL', async () => {
    const jar = await signIn();
    expect((await rawRequest(server.port, { path: '/events' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: `/events?token=${TOKEN}` })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/events', headers: { cookie: `abs_bridge_${server.port}=nope` } })).status).toBe(403);
    expect((await rawRequest(server.port, { path: '/events', headers: { cookie: jar, origin: 'http://evil.example' } })).status).toBe(403);
  });
});

describe('browser bridge: CSV download', () => {
  it('exports the filtered rows under the SPEC file name through a single-use, cookie-protected link without a token', async () => {
    const jar = await signIn();
    const r = await api('logs:export', { type: 'contract' }, { cookie: jar });
    const body = JSON.parse(r.body) as { ok: true; value: { status: string; url: string; fileName: string } };
    expect(body.value.status).toBe('download');
    expect(body.value.fileName).toBe('autotask_logs_7_20261124_093005.csv');
    expect(body.value.url).toMatch(/^\/download\/logs\/[A-Za-z0-9_-]{20,}$/);

    expect((await rawRequest(server.port, { path: body.value.url })).status).toBe(401);
    expect((await rawRequest(server.port, { path: `${body.value.url}?token=${TOKEN}` })).status).toBe(401); // never from the URL
    expect((await rawRequest(server.port, { path: body.value.url, headers: { cookie: `abs_bridge_${server.port}=wrong` } })).status).toBe(403);
    const csv = await rawRequest(server.port, { path: body.value.url, headers: { cookie: jar } });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="autotask_logs_7_20261124_093005.csv"');
    expect(csv.body.startsWith('\uFEFF')).toBe(true); // UTF-8 BOM (docs/product-rules.md#accounting-exports)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
    expect(lines.slice(1)).toEqual([
      '2,contract,error,error,"Contract 7: name, with ""quotes""",30,2026-11-24T02:00:00.000Z',
      '1,contract,create,success,"Created service ""PRACBILL-Website-Hosting""",12,2026-11-24T01:00:00.000Z',
    ]);
    // Used once: the same link does not work again.
    expect((await rawRequest(server.port, { path: body.value.url, headers: { cookie: jar } })).status).toBe(404);
  });

  it('expires an unused download link', async () => {
    let t = new Date(2026, 10, 24, 9, 0, 0).getTime();
    const downloads = createLogDownloads({ departmentId: () => '1', now: () => new Date(t), ttlMs: 60_000 });
    const r = await downloads.exportLogs({});
    if (r.status !== 'download') throw new Error('expected a download');
    t += 61_000;
    expect(downloads.take(r.url.split('/').pop()!)).toBeNull();
  });
});
