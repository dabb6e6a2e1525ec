import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium, openApp } from './harness/browser';
import { goTo } from './support/gallery';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { seedLogs } from '../../bench/seed-logs';

// The log viewer over 1,000,000 log rows: the UI asks for one page at a time and draws a constant number
// of page buttons, so the first, a middle and the last of 40,000 pages work the same way. (How fast the
// queries are is measured by `npm run bench`, not here.)

const ROWS = 1_000_000;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let core: TestCore;

beforeAll(async () => {
  const dir = await buildRenderer();
  server = await serveStatic(dir);
  browser = await launchChromium();
  core = makeTestCore();
  seedLogs(core.deps.database.sqlite, { rows: ROWS, days: 180 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  core?.cleanup();
});

describe('log viewer with 1,000,000 log rows', () => {
  it('pages from the first to the last of 40,000 pages and keeps a filter, with a constant-size page bar', async () => {
    const app = await openApp(browser, server.url, core.handlers);
    try {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      const total = await app.page.getByTestId('breakdown').locator('tfoot td').last().textContent();
      expect(total).toBe('1,000,000');

      await goTo(app, '#/logs', 'Sync Logs');
      const summary = app.page.getByTestId('log-summary');
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toBe('Showing 1–25 of 1,000,000 log rows');
      const pages = app.page.getByRole('navigation', { name: 'Log pages', exact: true });
      await expect(pages.getByRole('button').count()).resolves.toBeLessThanOrEqual(13);
      await pages.getByRole('button', { name: 'Last' }).click();
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toBe('Showing 999,976–1,000,000 of 1,000,000 log rows');
      await expect(pages.getByRole('button', { name: 'Page 40,000' }).getAttribute('aria-current')).resolves.toBe('page');
      await expect(app.page.getByTestId('log-table').locator('tbody tr').count()).resolves.toBe(25);
      await pages.getByRole('button', { name: 'Previous' }).click();
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toBe('Showing 999,951–999,975 of 1,000,000 log rows');

      await app.page.getByLabel('Status').selectOption('error');
      await app.page.getByLabel('Sync Type').selectOption('time_entry');
      await app.page.getByRole('button', { name: 'Apply Filters' }).click();
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/^Showing 1–25 of [\d,]+ log rows \(Time Entry, Error\)$/);
      const filteredTotal = Number(/of ([\d,]+)/.exec((await summary.textContent()) ?? '')![1]!.replace(/,/g, ''));
      const expected = core.deps.database.sqlite.prepare("SELECT COUNT(*) AS n FROM sync_logs WHERE sync_type = 'time_entry' AND status = 'error'").get() as { n: number };
      expect(filteredTotal).toBe(expected.n);
      const lastPage = Math.ceil(filteredTotal / 25);
      await pages.getByRole('button', { name: 'Last' }).click();
      await expect.poll(() => pages.getByRole('button', { name: `Page ${lastPage.toLocaleString('en-US')}` }).getAttribute('aria-current'), { timeout: 30_000 }).toBe('page');
      const statuses = await app.page
        .getByTestId('log-table')
        .locator('tbody [data-status]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(new Set(statuses)).toEqual(new Set(['error']));
      expect(app.page.url()).toContain(`page=${lastPage}`);
      await app.screenshot('logs-1m-rows-last-page');
    } finally {
      await app.context.close();
    }
  });
});
