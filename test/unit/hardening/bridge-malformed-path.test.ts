// Regression found by the reliability suite (issue 10): a malformed %-escape in /api/<channel> made
// decodeURIComponent throw inside the request listener, which ended the whole demo server process.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeServer, TOKEN_HEADER, type BridgeServer } from '../../../main/bridge/bridge-server';
import { createEventHub } from '../../../main/bridge/event-hub';
import { makeTestCore, type TestCore } from '../../helpers/test-core';
import { makeTempDir } from '../../helpers/temp-dir';
import { rawRequest } from '../bridge/http-client';

let core: TestCore | null = null;
let server: BridgeServer | null = null;
let tmp: { dir: string; cleanup: () => void } | null = null;
afterEach(async () => {
  await server?.close();
  core?.cleanup();
  tmp?.cleanup();
});

describe('bridge: malformed channel path', () => {
  it('answers 404 unknown-channel and keeps serving', async () => {
    tmp = makeTempDir('abs-bridge-bad-path-');
    fs.writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html>');
    core = makeTestCore();
    server = await startBridgeServer({ handlers: core.handlers, staticDir: tmp.dir, hub: createEventHub(), token: 'tok', logger: { error: () => undefined } });
    const headers = { 'content-type': 'application/json', host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: 'tok' };
    const bad = await rawRequest(server.port, { method: 'POST', path: '/api/%E0%A4%A', headers, body: '{}' });
    expect(bad.status).toBe(404);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const good = await rawRequest(server.port, { method: 'POST', path: '/api/app:info', headers, body: '' });
    expect(JSON.parse(good.body)).toMatchObject({ ok: true });
  });
});
