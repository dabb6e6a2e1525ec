import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium, openApp, type AppPage } from './harness/browser';
import { createCore, type Core } from '../../main/app/create-core';
import { sourceMigrationsFolder } from '../../main/db/migrations-folder';
import { exportLogsToFile } from '../../main/export/log-csv';
import { createMemorySecretStore } from '../../main/secrets/secret-store';
import { createDemoSwitch, type DemoSwitch } from '../../main/demo/demo-switch';
import type { Events } from '../../shared/api-contract';
import { LOG_CSV_HEADER } from '../../shared/export-name';
import { makeTempDir } from '../helpers/temp-dir';

// The renderer half of `npm run test:electron`'s story (test/electron/desktop-app.test.ts), here, where
// Electron cannot run: the same pages, labels, roles and test ids, in the same order, in Debian Chromium
// against the real core wired the way DesktopApp wires "Try with the demo tenant" (createDemoSwitch) and
// the export (a file chosen for the user, as the stubbed save dialog does). What only Electron can show
// (app://, the sender check, the tray, close-to-tray, quit) stays with the Electron suite.

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let app: AppPage;
let core: Core;
let demo: DemoSwitch;
const tmp = makeTempDir('abs-rehearsal-');
const chosen = path.join(tmp.dir, 'chosen', 'my-export.csv');

beforeAll(async () => {
  fs.mkdirSync(path.dirname(chosen), { recursive: true });
  const pages = new Set<AppPage>();
  const emit = <K extends keyof Events>(channel: K, payload: Events[K]) => {
    for (const p of pages) if (!p.page.isClosed()) void p.emit(channel, payload).catch(() => undefined);
  };
  const secrets = createMemorySecretStore();
  core = createCore({
    now: () => new Date(),
    databaseFile: path.join(tmp.dir, 'billing.db'),
    migrationsFolder: sourceMigrationsFolder(),
    secrets,
    env: {},
    mode: 'electron',
    version: '0.0.0-rehearsal',
    emit,
    extra: {
      exportLogs: async (filter) => {
        const { rows } = await exportLogsToFile(core.database.sqlite, filter, chosen);
        return { status: 'saved', path: chosen, rows, fileName: path.basename(chosen) };
      },
      enableDemo: () => demo.enableDemo(),
    },
  });
  demo = createDemoSwitch({ database: core.database, secrets, sandbox: { latencyScale: 0 } });
  server = await serveStatic(await buildRenderer());
  browser = await launchChromium();
  app = await openApp(browser, server.url, core.handlers, { viewport: { width: 1280, height: 900 } });
  pages.add(app);
  await app.page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
}, 180_000);

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
  await server?.close();
  await core?.syncService.idle();
  await demo?.close();
  await core?.close();
  tmp.cleanup();
});

describe('the Electron suite’s renderer steps, rehearsed in Chromium', () => {
  it('About shows the version app:info reports', async () => {
    await expect(app.page.locator('.brand-meta').textContent()).resolves.toContain('v0.0.0-rehearsal');
    await app.page.evaluate(() => {
      window.location.hash = '#/config';
    });
    await app.page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    await expect(app.page.getByTestId('about-version').textContent()).resolves.toBe('Autotask Billing Sync 0.0.0-rehearsal');
    await expect(app.page.getByTestId('about-mode').textContent()).resolves.toBe('Desktop app');
    await expect(app.page.getByTestId('about-database').textContent()).resolves.toBe(path.join(tmp.dir, 'billing.db'));
    await app.page.evaluate(() => {
      window.location.hash = '#/dashboard';
    });
    await app.page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
  });

  it('"Try with the demo tenant" on the dashboard connects it', async () => {
    await app.page.getByText('Autotask is not connected yet.').waitFor();
    await app.page.getByRole('button', { name: 'Try with the demo tenant' }).click();
    await app.page.getByText('Autotask is not connected yet.').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await app.page.locator('.demo-offer .tone-red-text').count()).toBe(0);
  });

  it('a contract sync populates the dashboard', async () => {
    await app.page.getByRole('button', { name: 'Sync Contracts' }).click();
    await expect(app.page.getByTestId('contract-sync-feedback').textContent()).resolves.toBe('Contract sync has been queued. Check the logs for progress.');
    const finished = app.page.getByTestId('sync-finished').filter({ hasText: 'Contracts sync finished' });
    await finished.waitFor({ timeout: 90_000 });
    const strip = (await finished.textContent()) ?? '';
    expect(strip).not.toMatch(/Failed/);
    expect(strip).toMatch(/[1-9]\d* created/);
    await app.page.getByTestId('total-syncs').filter({ hasText: /^1$/ }).waitFor();
    await expect(app.page.getByTestId('successful-syncs').textContent()).resolves.toBe('1');
    await expect(app.page.getByTestId('last-sync').textContent()).resolves.toBe('just now');
    expect(await app.page.getByTestId('recent-activity').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect(app.page.getByTestId('recent-activity').textContent()).resolves.toContain('create');
  });

  it('the log export reports the file the dialog chose', async () => {
    await app.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs', exact: true }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Sync Logs' }).waitFor();
    await app.page.getByRole('button', { name: 'Export CSV' }).click();
    const notice = app.page.locator('.notice-text').filter({ hasText: /^Exported / });
    await notice.waitFor({ timeout: 30_000 });
    const m = /Exported ([\d,]+) log rows to (.+)$/.exec((await notice.textContent()) ?? '');
    expect(m?.[2]).toBe(chosen);
    const rows = Number((m?.[1] ?? '0').replace(/,/g, ''));
    expect(rows).toBeGreaterThan(0);
    const csv = fs.readFileSync(chosen, 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]).toBe(LOG_CSV_HEADER.join(','));
    await app.screenshot('desktop-rehearsal-export');
  });
});
