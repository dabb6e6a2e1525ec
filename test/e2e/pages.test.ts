import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium } from './harness/browser';
import { goTo, LOOKS, withLook } from './support/gallery';
import { seedBillingData } from './support/seed-data';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { makeTempDir } from '../helpers/temp-dir';
import { exportLogsToFile } from '../../main/export/log-csv';
import { logExportFileName } from '../../shared/export-name';

// Every page of the UI in real Chromium over the real handler table, with billing data and sync history
// written into the test database (the sync engine is exercised by scenario.test.ts).

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let core: TestCore;
let exportDir: { dir: string; cleanup: () => void };

beforeAll(async () => {
  const dir = await buildRenderer();
  server = await serveStatic(dir);
  browser = await launchChromium();
  exportDir = makeTempDir('abs-export-');
  core = makeTestCore({
    // The desktop transport's "saved via the native dialog" result, with the dialog answered by the test.
    exportLogs: async (filter) => {
      const fileName = logExportFileName('1', new Date());
      const file = path.join(exportDir.dir, fileName);
      const { rows } = await exportLogsToFile(core.deps.database.sqlite, filter, file);
      return { status: 'saved', path: file, rows, fileName };
    },
  });
  seedBillingData(core.deps.database.sqlite, { extraLogs: 120 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  core?.cleanup();
  exportDir?.cleanup();
});

const PAGES = [
  { hash: '#/dashboard', heading: 'Sync Dashboard', shot: 'dashboard' },
  { hash: '#/attention', heading: 'Needs attention', shot: 'attention' },
  { hash: '#/logs', heading: 'Sync Logs', shot: 'logs' },
  { hash: '#/statistics', heading: 'Sync Statistics', shot: 'statistics' },
  { hash: '#/customers', heading: 'Customers', shot: 'customers' },
  { hash: '#/services', heading: 'Engineering Services', shot: 'services' },
  { hash: '#/items', heading: 'Engineering Items', shot: 'items' },
  { hash: '#/config', heading: 'Configuration', shot: 'config' },
] as const;

describe('every page, light and dark, wide and narrow', () => {
  for (const look of LOOKS) {
    it(`renders all pages in the ${look.name} look without horizontal page overflow`, async () => {
      await withLook(browser, server.url, core.handlers, look, async (app) => {
        const errors: string[] = [];
        app.page.on('pageerror', (e) => errors.push(e.message));
        for (const p of PAGES) {
          await goTo(app, p.hash, p.heading);
          await app.page.waitForLoadState('networkidle');
          await app.page
            .locator('[aria-busy="true"]')
            .first()
            .waitFor({ state: 'detached', timeout: 5000 })
            .catch(() => undefined);
          // The page itself never scrolls sideways; wide tables scroll inside their own region.
          const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${p.shot} overflows horizontally in ${look.name}`).toBeLessThanOrEqual(0);
          const file = await app.screenshot(`${p.shot}-${look.name}`);
          expect(fs.statSync(file).size).toBeGreaterThan(5000);
        }
        expect(errors).toEqual([]);
      });
    });
  }
});

describe('dashboard', () => {
  it('shows the four cards, the breakdown, recent activity and quick links', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      await expect(app.page.getByTestId('total-syncs').textContent()).resolves.toBe('3');
      await expect(app.page.getByTestId('successful-syncs').textContent()).resolves.toBe('1');
      await expect(app.page.getByTestId('partial-syncs').textContent()).resolves.toBe('1');
      await expect(app.page.getByTestId('failed-syncs').textContent()).resolves.toBe('1');
      await expect(app.page.getByTestId('last-sync').textContent()).resolves.toBe('2 hours ago');
      const recent = app.page.getByTestId('recent-activity');
      await expect(recent.locator('tbody tr').count()).resolves.toBe(10);
      await recent.getByText('Imported 5.00 h on PRACBILL-Website-Hosting = $750.00').waitFor({ state: 'visible' });
      const breakdown = app.page.getByTestId('breakdown');
      await expect(
        breakdown
          .getByRole('row', { name: /Contract/ })
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await app.page.getByRole('navigation', { name: 'Quick Links' }).getByRole('link', { name: 'View Logs' }).waitFor({ state: 'visible' });
      // The time-entry panel defaults to the last 7 days up to today.
      const from = await app.page.getByLabel('Start Date').inputValue();
      const to = await app.page.getByLabel('End Date').inputValue();
      expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(7);
      await app.screenshot('dashboard-seeded');
      await app.page.getByRole('link', { name: 'View All Logs' }).click();
      await app.page.getByRole('heading', { level: 1, name: 'Sync Logs' }).waitFor();
    });
  });

  it('shows live progress from pushed sync events and the outcome when the run finishes', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      const counts = { create: 3, update: 1, unchanged: 40, skip: 2, error: 0, warning: 0 };
      await app.emit('sync:progress', {
        runId: 9,
        type: 'contract',
        trigger: 'manual',
        phase: 'Contracts',
        done: 46,
        total: 120,
        counts,
        startedAt: new Date().toISOString(),
        message: '',
      });
      const bar = app.page.getByRole('progressbar');
      await bar.waitFor();
      await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('46');
      await expect(bar.getAttribute('aria-valuemax')).resolves.toBe('120');
      await app.page.getByTestId('sync-progress').getByText('46 of 120').waitFor({ state: 'visible' });
      await expect(app.page.getByRole('button', { name: 'Sync Contracts' }).isDisabled()).resolves.toBe(true);
      await app.screenshot('dashboard-progress');
      await app.emit('sync:finished', {
        runId: 9,
        type: 'contract',
        trigger: 'manual',
        status: 'success',
        dryRun: false,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        counts,
        apiCalls: 12,
        durationMs: 900,
        message: 'Contracts synced',
      });
      await app.page.getByTestId('sync-finished').waitFor();
      await expect(app.page.getByRole('progressbar').count()).resolves.toBe(0);
      await expect(app.page.getByRole('button', { name: 'Sync Contracts' }).isEnabled()).resolves.toBe(true);
    });
  });
});

describe('log viewer', () => {
  it('filters to errors, keeps the filter while paging, and opens details that Escape closes', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/logs', 'Sync Logs');
      await app.page.getByLabel('Status').selectOption('error');
      await app.page.getByLabel('Per Page').selectOption('10');
      await app.page.getByRole('button', { name: 'Apply Filters' }).click();
      const summary = app.page.getByTestId('log-summary');
      await expect.poll(() => summary.textContent()).toMatch(/^Showing 1–10 of 22 log rows \(Error\)$/);
      const statuses = await app.page
        .getByTestId('log-table')
        .locator('tbody [data-status]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(statuses).toHaveLength(10);
      expect(new Set(statuses)).toEqual(new Set(['error']));

      const pages = app.page.getByRole('navigation', { name: 'Log pages', exact: true });
      await pages.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => summary.textContent()).toMatch(/^Showing 11–20 of 22/);
      expect(app.page.url()).toContain('status=error');
      await expect(app.page.getByLabel('Status').inputValue()).resolves.toBe('error');
      await pages.getByRole('button', { name: 'Last' }).click();
      await expect.poll(() => summary.textContent()).toMatch(/^Showing 21–22 of 22/);
      await expect(pages.getByRole('button', { name: 'Page 3' }).getAttribute('aria-current')).resolves.toBe('page');
      await pages.getByRole('button', { name: 'First' }).click();
      await expect.poll(() => summary.textContent()).toMatch(/^Showing 1–10 of 22/);

      const view = app.page.getByRole('button', { name: /^View details of log / }).first();
      await view.click();
      const dialog = app.page.getByRole('dialog');
      await dialog.waitFor();
      await expect.poll(() => dialog.getByTestId('log-details-json').textContent()).toMatch(/^\{\n {2}"/);
      await expect(app.page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).resolves.toBe(true);
      // Tab cycles inside the dialog.
      for (let i = 0; i < 4; i++) await app.page.keyboard.press('Tab');
      await expect(app.page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).resolves.toBe(true);
      await app.screenshot('logs-details-modal');
      await app.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect(view.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    });
  });

  it('refuses a start date after the end date next to the field, without querying', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/logs', 'Sync Logs');
      await app.page.getByLabel('Start Date').fill('2026-03-10');
      await app.page.getByLabel('End Date').fill('2026-03-01');
      await app.page.getByRole('button', { name: 'Apply Filters' }).click();
      await app.page.getByRole('alert').filter({ hasText: 'The start date must not be after the end date' }).waitFor({ state: 'visible' });
      expect(app.page.url()).not.toContain('from=');
      await app.screenshot('logs-date-validation');
    });
  });

  it('exports the filtered rows as CSV and says where the file was saved', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/logs?status=error&type=contract', 'Sync Logs');
      await app.page.getByRole('button', { name: 'Export CSV' }).click();
      const notice = app.page.getByRole('status').filter({ hasText: /^Exported \d+ log rows to / });
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      const file = text
        .replace(/^Exported \d+ log rows to /, '')
        .replace(/×$/, '')
        .trim();
      expect(path.basename(file)).toMatch(/^autotask_logs_1_\d{8}_\d{6}\.csv$/);
      const lines = fs
        .readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\n'); // after the UTF-8 BOM (docs/product-rules.md#accounting-exports)
      expect(lines[0]).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,contract,error,error,/);
      expect(text).toContain(`Exported ${lines.length - 1} log rows`);
      await app.screenshot('logs-export-saved');
    });
  });
});

describe('billing data pages', () => {
  it('lists customers, services (with service number and ended state) and items with the $750.00 entry, searchable', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/customers', 'Customers');
      await app.page.getByRole('cell', { name: 'New Company Inc', exact: true }).waitFor({ state: 'visible' });
      await app.page.getByRole('searchbox', { name: 'Search customers' }).fill('acme');
      await expect.poll(() => app.page.getByTestId('customers-table').locator('tbody tr').count()).toBe(1);
      expect(app.page.url()).toContain('search=acme');

      await goTo(app, '#/services', 'Engineering Services');
      const hosting = app.page.getByRole('row', { name: /PRACBILL-Website-Hosting/ });
      await hosting.getByText('newcompany.example').waitFor({ state: 'visible' });
      await hosting.getByText('Active').waitFor({ state: 'visible' });
      await expect(
        app.page
          .getByRole('row', { name: /PRACBILL-VoIP-Lines/ })
          .getByText('Ended')
          .isVisible(),
      ).resolves.toBe(true);
      // Dates follow the browser's (the OS's) locale, as formatDateRange does.
      const voipDates = await app.page.evaluate(() =>
        new Intl.DateTimeFormat(navigator.language, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(new Date(2024, 2, 1), new Date(2025, 1, 28)),
      );
      await expect(
        app.page
          .getByRole('row', { name: /PRACBILL-VoIP-Lines/ })
          .getByText(voipDates)
          .isVisible(),
      ).resolves.toBe(true);

      await goTo(app, '#/items', 'Engineering Items');
      const item = app.page.getByRole('row', { name: /New Company Inc/ });
      await item.getByRole('cell', { name: '$750.00' }).waitFor({ state: 'visible' });
      await item.getByRole('cell', { name: '5.00', exact: true }).waitFor({ state: 'visible' });
      await item.getByRole('cell', { name: '$150.00/h' }).waitFor({ state: 'visible' });
      await app.page.getByText('The time entry was un-approved in Autotask').waitFor({ state: 'visible' });
      await app.screenshot('items-seeded');
    });
  });
});

describe('configuration', () => {
  it('shows validation messages next to fields, saves settings, and keeps the secret write-only', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/config', 'Configuration');
      const rate = app.page.getByLabel('Fixed hourly rate');
      await rate.fill('12.345');
      await rate.blur();
      await app.page.getByText('Enter an amount like 150 or 150.00 (at most two decimal places)').waitFor({ state: 'visible' });
      await expect(rate.getAttribute('aria-invalid')).resolves.toBe('true');
      await rate.fill('165.5');
      await app.page.getByLabel('Time window').fill('30');
      await app.page.getByRole('button', { name: 'Save settings' }).click();
      await app.page.getByText('Settings saved.').waitFor();
      await expect.poll(() => rate.inputValue()).toBe('165.50');

      await app.page.getByLabel('API username').fill('api.user@example.com');
      await app.page.getByLabel('Integration code').fill('INTEGRATION-CODE');
      await app.page.getByLabel('API secret').fill('s3cret-value');
      await app.page.getByRole('button', { name: 'Save credentials' }).click();
      const state = app.page.getByTestId('secret-state');
      await state.getByText('Saved').waitFor();
      await state.getByRole('button', { name: 'Replace' }).waitFor({ state: 'visible' });
      await state.getByRole('button', { name: 'Delete' }).waitFor({ state: 'visible' });
      expect(await app.page.content()).not.toContain('s3cret-value');
      await app.screenshot('config-saved-secret');
      await state.getByRole('button', { name: 'Delete' }).click();
      await state.getByRole('button', { name: 'Yes, delete' }).click();
      await app.page.getByText('The saved API secret was deleted.').waitFor();
      await app.page.getByLabel('API secret').waitFor({ state: 'visible' });
      await app.screenshot('config-secret-deleted');
    });
  });
});
