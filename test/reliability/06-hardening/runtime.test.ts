// Issue #17 items 5, 7, 9 and 10: terminal escapes and bidi overrides from Autotask, an unbounded sync
// queue, oversized bridge bodies, year-9999 dates, header-breaking usernames, EPIPE, legacy TLS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { createAutotaskClient } from '../../../main/autotask';
import { startBridgeServer } from '../../../main/bridge/bridge-server';
import { createEventHub } from '../../../main/bridge/event-hub';
import { addOldLogRows } from '../support/bloat';
import { buildCliBundle } from '../support/cli-bundle';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, openTestDatabase, syncFile } from '../support/in-process-sync';
import { runCliCaptured } from '../support/run-cli';
import { RELIABILITY_CREDENTIALS, startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { makeCore } from './support';

const AREA = 'hardening-runtime';
let rs: ReliabilitySandbox;
let dir: string;

beforeAll(async () => {
  rs = await startReliabilitySandbox({ seed: 19 });
  dir = evidenceDir(AREA);
}, 60_000);

afterAll(async () => {
  await rs?.close();
});

const RLO = '\u202e';
const ESC = '\u001b';

describe("Autotask text cannot take over the terminal or reverse the app's words", () => {
  it('escape sequences and an unclosed RLO in a company name: CLI output clean, JSON and database intact, log message isolated', async () => {
    const contract = rs.sandbox.control.list('Contracts', (c) => String(c.contractName).toUpperCase().startsWith('PRACBILL') && Number(c.status) === 1)[0]!;
    const hostile = `Evil ${ESC}]0;pwned${ESC}\\${ESC}[2J${ESC}[31mRed${RLO}gnissecorp ${ESC}[0m\u0007`;
    rs.sandbox.control.update('Companies', Number(contract.companyID), { companyName: hostile });
    const db = path.join(dir, 'escapes', 'billing.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    expect((await syncFile(db, rs, CONTRACT_RUN)).status).not.toBe('failed');

    const env = { AUTOTASK_SECRET_STORE: 'memory' };
    const list = await runCliCaptured(['list', 'customers', '--db', db], env);
    const logs = await runCliCaptured(['logs', '--db', db, '--per-page', '500'], env);
    const status = await runCliCaptured(['status', '--db', db], env);
    for (const text of [list.out, list.err, logs.out, status.out]) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(list.out).toContain('Evil');
    const json = JSON.parse((await runCliCaptured(['list', 'customers', '--json', '--db', db], env)).out) as { name: string }[];
    expect(json.map((c) => c.name)).toContain(hostile); // data stays intact

    const database = openTestDatabase(db);
    try {
      const rows = database.sqlite.prepare("SELECT message FROM sync_logs WHERE message LIKE 'Customer %created%'").all() as { message: string }[];
      const hit = rows.find((r) => r.message.includes(RLO))!;
      expect(hit.message).toContain(`\u2068${hostile}\u2069`); // the override ends at the PDI
      expect(hit.message).toMatch(/\u2069" created from Autotask company \d+$/);
    } finally {
      database.close();
    }
    recordFigure('hardening', 'terminal and bidi injection', '0 control or bidi characters in CLI output; names intact in JSON; RLO isolated (FSI…PDI) in log messages');
  });
});

describe('the sync queue is bounded', () => {
  it('20 sync:start calls at once: one runs, one waits, 18 refused as already queued', async () => {
    rs.sandbox.control.setLatency(30);
    const core = makeCore(dir, 'queue', { ...rs.env, AUTOTASK_SECRET_STORE: 'memory' });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => dispatch(core.handlers, 'sync:start', { type: 'contract', endExpired: false })));
      const refused = results.filter((r) => !r.ok);
      expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(2);
      for (const r of refused) if (!r.ok) expect(r.error).toMatchObject({ code: 'busy', message: expect.stringMatching(/already queued/) });
      await core.syncService.idle();
      const runs = (core.database.sqlite.prepare("SELECT COUNT(*) AS n FROM sync_runs WHERE type = 'contract'").get() as { n: number }).n;
      expect(runs).toBeLessThanOrEqual(2);
      const backups = fs.readdirSync(path.join(dir, 'queue', 'backups')).filter((f) => f.endsWith('.db'));
      expect(backups.length).toBeLessThanOrEqual(2);
      recordFigure('hardening', 'sync queue flood', `20 sync:start → ${runs} runs, ${backups.length} backups, ${refused.length} refused "already queued"`);
    } finally {
      rs.sandbox.control.setLatency(0);
      await core.close();
    }
  });
});

describe('smaller edges', () => {
  it('a bridge body over 1 MB gets a 413 with a message, not a reset connection', async () => {
    const core = makeCore(dir, 'bridge');
    const bridge = await startBridgeServer({ handlers: core.handlers, staticDir: dir, hub: createEventHub() });
    try {
      const r = await fetch(`${bridge.origin}/api/settings:update`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bridge-token': bridge.token },
        body: JSON.stringify({ skuPrefix: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(r.status).toBe(413);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/too large \(at most 1 MB\)/);
    } finally {
      await bridge.close();
      await core.close();
    }
  });

  it('--to 9999-12-31 is refused before anything is sent; a CR/LF username is refused as a username problem', async () => {
    const db = path.join(dir, 'dates', 'billing.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const before = JSON.stringify(rs.sandbox.control.stats().requests);
    const r = await runCliCaptured(['sync', 'time', '--from', '2026-01-01', '--to', '9999-12-31', '--db', db], rs.env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--to must be between 1900-01-01 and 2999-12-31/);
    expect(JSON.stringify(rs.sandbox.control.stats().requests)).toBe(before);
    const u = await runCliCaptured(['config', 'set', 'username', 'a@b.example\r\nX-Injected: 1', '--db', db], { AUTOTASK_SECRET_STORE: 'memory' });
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/username cannot contain line breaks/);
  });

  it('`logs --json | head -c 10`: no EPIPE stack trace', async () => {
    const bundle = await buildCliBundle();
    const db = path.join(dir, 'epipe', 'billing.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    expect((await runCliCaptured(['config', 'get', '--db', db], { AUTOTASK_SECRET_STORE: 'memory' })).code).toBe(0);
    addOldLogRows(db, 1000); // ~1 MB of JSON: far more than a pipe holds
    const out = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const sh = spawn('sh', ['-c', `node "${bundle}" logs --json --per-page 500 --db "${db}" | head -c 10 >/dev/null`], {
        env: { ...process.env, AUTOTASK_SECRET_STORE: 'memory' },
      });
      let err = '';
      sh.stderr.on('data', (d) => (err += d));
      sh.on('close', (code) => resolve({ code, err }));
    });
    expect(out.err).not.toMatch(/EPIPE|at .*\(/);
  });

  it('legacy TLS: the failure names the setting, and `config set legacyTls true` exists', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const tlsError = Object.assign(new Error('unsafe legacy renegotiation disabled'), { code: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED' });
    agent.get('https://webservices.example.com').intercept({ path: /.*/ }).replyWithError(tlsError).persist();
    const client = createAutotaskClient({
      credentials: { ...RELIABILITY_CREDENTIALS },
      zoneLookupUrl: 'https://webservices.example.com/ATServicesRest/',
      dispatcher: agent,
      retry: { maxAttempts: 1 },
    });
    const result = await client.testConnection();
    await client.close();
    await agent.close();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/config set legacyTls true/);
    const db = path.join(dir, 'tls.db');
    const set = await runCliCaptured(['config', 'set', 'legacyTls', 'true', '--db', db], { AUTOTASK_SECRET_STORE: 'memory' });
    expect(set.code, set.err).toBe(0);
    expect((await runCliCaptured(['config', 'get', 'legacyTls', '--db', db], { AUTOTASK_SECRET_STORE: 'memory' })).out.trim()).toBe('true');
    recordFigure(
      'hardening',
      'smaller edges',
      '413 for a 2 MB body; --to 9999-12-31 refused, 0 requests; CR/LF username refused; no EPIPE trace; legacy TLS failure names `config set legacyTls true`',
    );
  });
});
