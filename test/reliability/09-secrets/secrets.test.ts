// Secrets (issue 10 §5), last in the suite. First more chances to leak: a sync while Autotask echoes the
// secret and username back in its error text, connection tests, a credentials round trip through the
// handler table, CSV exports of every database the suite made. Then every file the suite kept —
// databases (with -wal/-shm and free pages), backups, CSVs, every process's stdout/stderr — is scanned
// byte for byte for the API secret (raw, JSON-escaped, URL-encoded, UTF-16, base64) and, separately, the
// username. Then the browser bridge's refusals (token, Host, bind address, a real cross-origin page in
// Chromium) and the Electron sender check.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { startBridgeServer, TOKEN_HEADER } from '../../../main/bridge/bridge-server';
import { createEventHub } from '../../../main/bridge/event-hub';
import { exportLogsToFile } from '../../../main/export/log-csv';
import { isTrustedSender } from '../../../main/electron/trusted-sender';
import { makeTestCore } from '../../helpers/test-core';
import { launchChromium } from '../../e2e/harness/browser';
import { serveStatic } from '../../e2e/harness/static-server';
import { EVIDENCE_DIR, evidenceDir, keepOutput } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, syncFile, timeWindow } from '../support/in-process-sync';
import { RELIABILITY_CREDENTIALS, startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { runCliProcess } from '../support/spawn-cli';

const AREA = 'secrets';
const { secret: SECRET, username: USERNAME } = RELIABILITY_CREDENTIALS;

function needles(value: string): Buffer[] {
  const forms = new Set([
    value,
    JSON.stringify(value).slice(1, -1),
    JSON.stringify(value)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
  ]);
  return [...[...forms].map((f) => Buffer.from(f, 'utf8')), Buffer.from(value, 'utf16le')];
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

function countHits(file: string, forms: Buffer[]): number {
  const bytes = fs.readFileSync(file);
  let hits = 0;
  for (const n of forms) for (let i = bytes.indexOf(n); i !== -1; i = bytes.indexOf(n, i + 1)) hits++;
  return hits;
}

let rs: ReliabilitySandbox;
let dir: string;

beforeAll(async () => {
  rs = await startReliabilitySandbox({ seed: 13 });
  dir = evidenceDir(AREA);
}, 60_000);

afterAll(async () => {
  await rs?.close();
});

describe('secrets', () => {
  it('leave no trace of the API secret anywhere the suite looked', async () => {
    // Autotask echoing the credentials in an error: the run fails; nothing may store or print them.
    const db = path.join(dir, 'echo', 'billing.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    rs.sandbox.control.injectFault({
      kind: 'validation500',
      entity: 'Contracts',
      message: `Invalid credentials ${USERNAME} / ${SECRET} / ${encodeURIComponent(SECRET)}`,
      times: 50,
    });
    const echoed = await runCliProcess(['sync', 'contracts', '--json', '--db', db], rs.env, { area: AREA, label: 'echo' });
    rs.sandbox.control.clearFaults();
    expect(echoed.code).toBe(1);
    // A successful sync, a time sync, connection tests (good and wrong secret).
    expect((await runCliProcess(['sync', 'contracts', '--db', db], rs.env, { area: AREA, label: 'ok' })).code).toBe(0);
    const { from, to } = timeWindow();
    expect((await runCliProcess(['sync', 'time', '--from', from, '--to', to, '--db', db], rs.env, { area: AREA, label: 'time' })).code).toBe(0);
    expect((await runCliProcess(['test-connection', '--json', '--db', db], rs.env, { area: AREA, label: 'test-connection' })).code).toBe(0);
    const wrong = await runCliProcess(
      ['test-connection', '--json', '--db', db],
      { ...rs.env, AUTOTASK_SECRET: `${SECRET}-WRONG` },
      { area: AREA, label: 'test-connection wrong secret' },
    );
    expect(wrong.code).toBe(1);
    expect((await syncFile(db, rs, CONTRACT_RUN)).status).toBe('success');

    // The handler table: the secret goes into the keychain, never back out.
    const core = makeTestCore();
    try {
      await dispatch(core.handlers, 'credentials:set', { username: USERNAME, integrationCode: RELIABILITY_CREDENTIALS.integrationCode, secret: SECRET });
      for (const channel of ['credentials:get', 'settings:get', 'app:info', 'dashboard:get'] as const) {
        const shown = JSON.stringify(await dispatch(core.handlers, channel, undefined));
        keepOutput(AREA, `ipc ${channel}`, shown);
      }
      core.deps.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      fs.copyFileSync(core.deps.database.file, path.join(dir, 'ipc-core.db'));
    } finally {
      core.cleanup();
    }

    // CSV exports of every database the suite kept.
    const databases = walk(EVIDENCE_DIR).filter((f) => f.endsWith('billing.db'));
    fs.mkdirSync(path.join(dir, 'csv'), { recursive: true });
    let csvRows = 0;
    for (const [i, file] of databases.entries()) {
      const sqlite = new Database(file, { readonly: true });
      try {
        csvRows += (await exportLogsToFile(sqlite, {}, path.join(dir, 'csv', `logs-${i}.csv`))).rows;
      } catch (error) {
        keepOutput(AREA, `csv export of ${file} failed`, String(error));
      } finally {
        sqlite.close();
      }
    }

    // The scan.
    const files = walk(EVIDENCE_DIR);
    const secretForms = needles(SECRET);
    const userForms = needles(USERNAME);
    let bytes = 0;
    const secretHits: string[] = [];
    const userHits: Record<string, number> = {};
    for (const f of files) {
      bytes += fs.statSync(f).size;
      const s = countHits(f, secretForms);
      if (s) secretHits.push(`${path.relative(EVIDENCE_DIR, f)}: ${s}`);
      const u = countHits(f, userForms);
      if (u) {
        const kind = /process-output/.test(f) ? 'process output' : /\.csv$/.test(f) ? 'CSV' : /backups/.test(f) ? 'backups' : 'databases';
        userHits[kind] = (userHits[kind] ?? 0) + u;
      }
    }
    const kinds = {
      databases: files.filter((f) => /\.db(-wal|-shm)?$/.test(f) && !/backups/.test(f)).length,
      backups: files.filter((f) => /backups/.test(f)).length,
      csv: files.filter((f) => f.endsWith('.csv')).length,
      logs: files.filter((f) => f.endsWith('.log')).length,
    };
    recordFigure(
      'secrets',
      'secret hits',
      secretHits.length,
      `${files.length} files scanned (${kinds.databases} database files, ${kinds.backups} backups, ${kinds.csv} CSVs with ${csvRows.toLocaleString('en-US')} rows, ${kinds.logs} process-output logs; ${(bytes / 1e6).toFixed(0)} MB)`,
    );
    recordFigure(
      'secrets',
      'username hits',
      Object.values(userHits).reduce((a, b) => a + b, 0),
      Object.entries(userHits)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    );
    // Independent of order: run alone it scans what it made itself (every kind of file below); run after the
    // other folders it scans everything they kept as well.
    expect(files.filter((f) => f.startsWith(dir + path.sep)).length).toBeGreaterThan(0);
    expect(Math.min(kinds.databases, kinds.backups, kinds.csv, kinds.logs), JSON.stringify(kinds)).toBeGreaterThan(0);
    expect(secretHits).toEqual([]);
  }, 300_000);

  it('the browser bridge refuses a missing or wrong token, a foreign Host, other interfaces and cross-origin pages', async () => {
    const core = makeTestCore();
    const staticDir = path.join(dir, 'bridge-static');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    const bridge = await startBridgeServer({ handlers: core.handlers, staticDir, hub: createEventHub(), logger: { error: () => undefined } });
    const attackerDir = path.join(dir, 'attacker');
    fs.mkdirSync(attackerDir, { recursive: true });
    fs.writeFileSync(path.join(attackerDir, 'index.html'), '<!doctype html><title>another site on 127.0.0.1</title>');
    const attacker = await serveStatic(attackerDir);
    const refusals: string[] = [];
    try {
      const post = (headers: Record<string, string>, channel = 'settings:get', body = '') =>
        fetch(`${bridge.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect((await post({ [TOKEN_HEADER]: bridge.token })).status).toBe(200);
      const none = await post({});
      expect(none.status).toBe(401);
      refusals.push('no token 401');
      const wrongToken = await post({ [TOKEN_HEADER]: `${bridge.token.slice(0, -1)}x` });
      expect(wrongToken.status).toBe(403);
      refusals.push('wrong token 403');
      const foreignHost = await new Promise<number>((resolve, reject) => {
        const s = net.connect(bridge.port, '127.0.0.1', () =>
          s.write(
            `POST /api/settings:get HTTP/1.1\r\nHost: attacker.example:${bridge.port}\r\n${TOKEN_HEADER}: ${bridge.token}\r\ncontent-type: application/json\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
          ),
        );
        let text = '';
        s.on('data', (d) => (text += d));
        s.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1])));
        s.on('error', reject);
      });
      expect(foreignHost).toBe(403);
      refusals.push('foreign Host 403');

      // Bound to loopback only: every other address of this machine refuses the connection.
      expect(bridge.address).toBe('127.0.0.1');
      const others = Object.values(os.networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal)
        .map((a) => a!.address);
      for (const address of others) {
        const reached = await new Promise<boolean>((resolve) => {
          const s = net.connect({ host: address, port: bridge.port, timeout: 3_000 });
          s.on('connect', () => (s.destroy(), resolve(true)));
          s.on('error', () => resolve(false));
          s.on('timeout', () => (s.destroy(), resolve(false)));
        });
        expect(reached).toBe(false);
      }
      refusals.push(`non-loopback unreachable (bound to 127.0.0.1; ${others.length} other address${others.length === 1 ? '' : 'es'} tried)`);

      // A real page on another 127.0.0.1 port — even one that knows the token — cannot read or write.
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(attacker.url);
        const outcome = await page.evaluate(
          async ({ origin, header, token }) => {
            const tries: Record<string, string> = {};
            const attempt = async (name: string, init: RequestInit, channel: string) => {
              try {
                const r = await fetch(`${origin}/api/${channel}`, init);
                tries[name] = `status ${r.status} ${r.type}`;
              } catch (e) {
                tries[name] = `blocked: ${(e as Error).message}`;
              }
            };
            await attempt('read with token', { method: 'POST', headers: { 'content-type': 'application/json', [header]: token }, body: '' }, 'settings:get');
            await attempt(
              'write with token',
              { method: 'POST', headers: { 'content-type': 'application/json', [header]: token }, body: '{"skuPrefix":"PWNED"}' },
              'settings:update',
            );
            await attempt('simple no-cors write', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"skuPrefix":"PWNED"}' }, 'settings:update');
            return tries;
          },
          { origin: bridge.origin, header: TOKEN_HEADER, token: bridge.token },
        );
        keepOutput(AREA, 'cross-origin page', JSON.stringify(outcome));
        expect(outcome['read with token']).toMatch(/^blocked/);
        expect(outcome['write with token']).toMatch(/^blocked/);
        expect(outcome['simple no-cors write']).toMatch(/opaque|blocked/);
      } finally {
        await browser.close();
      }
      const settings = (await dispatch(core.handlers, 'settings:get', undefined)) as { ok: true; value: { skuPrefix: string } };
      expect(settings.value.skuPrefix).toBe('PRACBILL');
      refusals.push('cross-origin Chromium page refused (read, write, no-cors write; settings unchanged)');
    } finally {
      await attacker.close();
      await bridge.close();
      core.cleanup();
    }
    recordFigure('secrets', 'browser bridge refusals', `${refusals.length}/${refusals.length}`, refusals.join('; '));
  }, 180_000);

  it('the Electron IPC handlers accept only the main window’s top frame on the app origin', () => {
    const good = { fromMainWindow: true, isMainFrame: true, frameUrl: 'app://app/index.html' };
    expect(isTrustedSender(good)).toBe(true);
    const hostile = [
      { ...good, fromMainWindow: false },
      { ...good, isMainFrame: false },
      { ...good, frameUrl: null },
      { ...good, frameUrl: undefined },
      { ...good, frameUrl: 'file:///tmp/evil.html' },
      { ...good, frameUrl: 'http://127.0.0.1:5173/' },
      { ...good, frameUrl: 'https://attacker.example/' },
      { ...good, frameUrl: 'app://evil/index.html' },
      { ...good, frameUrl: 'app://app:8080/index.html' },
      { ...good, frameUrl: 'app://user:pw@app/index.html' },
      { ...good, frameUrl: 'devtools://devtools/bundled/inspector.html' },
      { ...good, frameUrl: 'about:blank' },
      { ...good, frameUrl: 'data:text/html,<script>1</script>' },
      { ...good, frameUrl: 'javascript:alert(1)' },
      { ...good, frameUrl: 'not a url' },
    ];
    const refused = hostile.filter((f) => !isTrustedSender(f)).length;
    recordFigure(
      'secrets',
      'Electron sender check',
      `${refused}/${hostile.length} foreign senders refused`,
      'other window, iframe, gone frame, file://, http(s), other app:// hosts/ports/userinfo, devtools, about:, data:, javascript:',
    );
    expect(refused).toBe(hostile.length);
  });
});
