// Issue #17 items 4 and 6: a hostile tenant's 3,000,000-character company name, and the browser token that
// stayed in Chromium's history and download chain. Both fail on the old code: the name went into the
// database, the dashboard answer and `list customers` whole; the token was in the first history entry
// (replaceState only rewrote it afterwards), in every download URL, and worked any number of times.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dispatch } from '../../../main/api/dispatch';
import { startBridgeServer } from '../../../main/bridge/bridge-server';
import { createEventHub } from '../../../main/bridge/event-hub';
import { createLogDownloads } from '../../../main/bridge/log-downloads';
import { launchChromium } from '../../e2e/harness/browser';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, openTestDatabase, syncFile } from '../support/in-process-sync';
import { runCliCaptured } from '../support/run-cli';
import { startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { makeCore } from './support';

const AREA = 'hardening-bounds-cookie';
let rs: ReliabilitySandbox;
let dir: string;

beforeAll(async () => {
  rs = await startReliabilitySandbox({ seed: 23 });
  dir = evidenceDir(AREA);
}, 60_000);

afterAll(async () => {
  await rs?.close();
});

describe('Autotask text is bounded (item 4)', () => {
  it('a 3,000,000-character company name ends as 100 characters in the database, the dashboard and `list customers`, with a warning row', async () => {
    const contract = rs.sandbox.control.list('Contracts', (c) => String(c.contractName).toUpperCase().startsWith('PRACBILL') && Number(c.status) === 1)[0]!;
    const companyId = Number(contract.companyID);
    const huge = `Huge Co ${'W'.repeat(3_000_000)}`;
    rs.sandbox.control.update('Companies', companyId, { companyName: huge });
    const db = path.join(dir, 'huge', 'billing.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const run = await syncFile(db, rs, CONTRACT_RUN);
    expect(run.status).not.toBe('failed');
    expect(run.counts.warning).toBeGreaterThanOrEqual(1);

    const database = openTestDatabase(db);
    try {
      const name = (database.sqlite.prepare('SELECT name FROM customers WHERE autotask_company_id = ?').get(companyId) as { name: string }).name;
      expect(name).toBe(huge.slice(0, 100));
      const longest = database.sqlite.prepare('SELECT MAX(LENGTH(message)) AS m, MAX(LENGTH(details)) AS d FROM sync_logs').get() as { m: number; d: number };
      expect(longest.m).toBeLessThan(2_000);
      expect(longest.d).toBeLessThan(5_000);
      const warnings = database.sqlite.prepare("SELECT message FROM sync_logs WHERE status = 'warning' AND message LIKE 'Company %clipped%'").all() as { message: string }[];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(
        new RegExp(`^Company ${companyId} clipped: companyName was 3,000,008 characters, the maximum is 100; kept the first 100 \\("Huge Co W+…"\\)\\.$`),
      );
      database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      database.close();
    }
    const fileBytes = fs.statSync(db).size;
    expect(fileBytes).toBeLessThan(20 * 1024 * 1024); // was 233 MB

    const core = makeCore(dir, 'huge');
    let dashboardBytes: number;
    try {
      const dash = await dispatch(core.handlers, 'dashboard:get', undefined);
      expect(dash.ok).toBe(true);
      dashboardBytes = JSON.stringify(dash).length;
      expect(dashboardBytes).toBeLessThan(100_000); // was 9.4 MB
      expect(JSON.stringify(dash)).not.toContain('W'.repeat(101));
    } finally {
      await core.close();
    }

    const env = { AUTOTASK_SECRET_STORE: 'memory' };
    const list = await runCliCaptured(['list', 'customers', '--db', db], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain('Huge Co');
    expect(list.out.length).toBeLessThan(200_000); // was 387 MB
    const json = JSON.parse((await runCliCaptured(['list', 'customers', '--json', '--db', db], env)).out) as { name: string }[];
    expect(json.map((c) => c.name)).toContain(huge.slice(0, 100));
    recordFigure(
      'hardening',
      'unbounded Autotask text',
      `3,000,008-char company name → 100 chars stored, 1 warning row; database ${(fileBytes / 1024 / 1024).toFixed(1)} MB, dashboard answer ${(dashboardBytes / 1024).toFixed(1)} KB, list customers ${(list.out.length / 1024).toFixed(1)} KB`,
    );
  });
});

describe('no reusable token in the browser (item 6)', () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
  });

  it('after sign-in: the page URL, history and a download URL carry no token; the code works once', async () => {
    const core = makeCore(dir, 'cookie');
    const staticDir = path.join(dir, 'cookie-static');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>app</title><a id="dl" href="#">download</a><script>' +
        "fetch('/api/logs:export',{method:'POST',headers:{'content-type':'application/json'},body:'{}'}).then(r=>r.json()).then(j=>{document.getElementById('dl').href=j.value.url;document.title='ready'})" +
        '</script>',
    );
    const downloads = createLogDownloads({ departmentId: () => '1' });
    const hub = createEventHub();
    const bridge = await startBridgeServer({
      handlers: { ...core.handlers, 'logs:export': (f: never) => downloads.exportLogs(f) } as typeof core.handlers,
      staticDir,
      hub,
      downloads,
      sqlite: core.database.sqlite,
      logger: { error: () => undefined },
    });
    browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const seen: string[] = [];
      page.on('framenavigated', (f) => f === page.mainFrame() && seen.push(f.url()));
      const code = new URL(bridge.url).searchParams.get('token')!;
      await page.goto(bridge.url);
      await page.waitForFunction(() => document.title === 'ready');
      expect(page.url()).toBe(`${bridge.origin}/`);
      expect(seen.some((u) => u.includes(code))).toBe(false);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      const cookies = await context.cookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
      expect(cookies[0]!.value).not.toBe(code);

      // History: back and forward never reach an address with the code.
      await page.goBack();
      expect(page.url()).not.toContain(code);
      await page.goForward();
      expect(page.url()).toBe(`${bridge.origin}/`);
      await page.waitForFunction(() => document.title === 'ready');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl')]);
      expect(download.url()).toMatch(new RegExp(`^${bridge.origin}/download/logs/[A-Za-z0-9_-]+$`));
      expect(download.url()).not.toContain('token');
      expect(fs.readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFFID,Sync Type/);

      // The printed address again, from another browser profile: refused, no cookie.
      const other = await browser.newContext();
      const reused = await (await other.newPage()).goto(bridge.url);
      expect(reused?.status()).toBe(403);
      expect(await other.cookies()).toHaveLength(0);
      await other.close();
      await context.close();
      recordFigure(
        'hardening',
        'browser token in history/downloads',
        'page URL, history entries and download URL without a token; HttpOnly SameSite=Strict cookie; a reused sign-in address → 403',
      );
    } finally {
      await bridge.close();
      await core.close();
    }
  });
});
