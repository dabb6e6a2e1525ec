// Issue #16 in real Chromium: axe-core reports 0 violations on every page in light and dark mode; the
// polite live region announces a sync; focus stays on controls that disable; Enter applies a filter;
// Statistics has its chart and the table alternative; and a real run on a slowed sandbox is cancelled
// from the dashboard, recorded as cancelled, and the next run converges.
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium, openApp } from './harness/browser';
import { goTo, LOOKS, withLook } from './support/gallery';
import { seedBillingData } from './support/seed-data';
import { startScenarioCore, type ScenarioCore } from './support/scenario-core';
import { makeTestCore, type TestCore } from '../helpers/test-core';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let core: TestCore;

beforeAll(async () => {
  const dir = await buildRenderer();
  server = await serveStatic(dir);
  browser = await launchChromium();
  core = makeTestCore();
  seedBillingData(core.deps.database.sqlite, { extraLogs: 120 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  core?.cleanup();
});

const PAGES = [
  { hash: '#/dashboard', heading: 'Sync Dashboard' },
  { hash: '#/attention', heading: 'Needs attention' },
  { hash: '#/logs', heading: 'Sync Logs' },
  { hash: '#/statistics', heading: 'Sync Statistics' },
  { hash: '#/billing', heading: 'Billing' },
  { hash: '#/customers', heading: 'Customers' },
  { hash: '#/services', heading: 'Engineering Services' },
  { hash: '#/items', heading: 'Engineering Items' },
  { hash: '#/config', heading: 'Configuration' },
] as const;

const counts = { create: 3, update: 1, unchanged: 40, skip: 2, error: 0, warning: 0 };

describe('axe-core', () => {
  for (const look of [LOOKS[0], LOOKS[1]]) {
    it(`reports 0 violations on every page in the ${look.name} colour scheme`, async () => {
      await withLook(browser, server.url, core.handlers, look, async (app) => {
        await app.page.emulateMedia({ colorScheme: look.colorScheme });
        const found: string[] = [];
        for (const p of PAGES) {
          await goTo(app, p.hash, p.heading);
          await app.page.waitForLoadState('networkidle');
          await app.page
            .locator('[aria-busy="true"]')
            .first()
            .waitFor({ state: 'detached', timeout: 5000 })
            .catch(() => undefined);
          // A table that is refreshing is dimmed (.is-busy, with a 0.15 s fade): measure contrast once it is not.
          await app.page
            .locator('.is-busy')
            .first()
            .waitFor({ state: 'detached', timeout: 5000 })
            .catch(() => undefined);
          await app.page.waitForTimeout(250);
          const result = await new AxeBuilder({ page: app.page }).analyze();
          for (const v of result.violations)
            found.push(
              `${p.hash} ${v.id}: ${v.help} — ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
            );
        }
        expect(found).toEqual([]);
      });
    });
  }
});

describe('keyboard and screen reader', () => {
  it('announces start, milestones and the outcome in the polite live region, with the indicator on every page', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/logs', 'Sync Logs');
      const live = app.page.getByTestId('sync-announcer');
      await expect(live.getAttribute('aria-live')).resolves.toBe('polite');
      const startedAt = new Date(Date.now() - 65_000).toISOString();
      const p = { runId: 41, type: 'contract' as const, trigger: 'manual' as const, phase: 'Saving', done: 0, total: 100, counts, startedAt, message: '' };
      await app.emit('sync:progress', p);
      await expect.poll(() => live.textContent()).toBe('Contract sync started.');
      const nav = app.page.getByTestId('nav-sync-indicator');
      await expect(nav.textContent()).resolves.toMatch(/^Syncing contracts0 % · 1 min \d s · estimating…$/);
      await app.emit('sync:progress', { ...p, done: 55 });
      await expect.poll(() => live.textContent()).toMatch(/^Contract sync: 50 % of saving done, about \d+ s left\.$/);
      // A known total shows a determinate bar in the navigation too (issue #16 point 3).
      await expect.poll(() => app.page.getByTestId('nav-sync-bar').getAttribute('class')).toBe('progress nav-sync-progress');
      await expect(app.page.locator('[data-testid="nav-sync-bar"] .progress-bar').getAttribute('style')).resolves.toContain('width: 55%');
      await app.screenshot('ux-nav-indicator-logs');
      await app.emit('sync:finished', {
        runId: 41,
        type: 'contract',
        trigger: 'manual',
        status: 'success',
        dryRun: false,
        startedAt,
        finishedAt: new Date().toISOString(),
        counts,
        apiCalls: 3,
        durationMs: 65_000,
        message: 'done',
      });
      await expect.poll(() => live.textContent()).toBe('Contract sync finished: 3 created, 1 updated, 0 errors.');
      await expect(nav.count()).resolves.toBe(0);
    });
  });

  it('keeps the focus on Sync Contracts when a sync starts, and on Last after the last page', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      const button = app.page.getByRole('button', { name: 'Sync Contracts' });
      await button.focus();
      await app.emit('sync:progress', {
        runId: 42,
        type: 'contract',
        trigger: 'manual',
        phase: 'Reading contracts',
        done: 5,
        total: null,
        counts,
        startedAt: new Date().toISOString(),
        message: '',
      });
      await app.page.getByTestId('sync-progress').waitFor();
      await expect(button.getAttribute('aria-disabled')).resolves.toBe('true');
      await expect(button.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(app.page.getByTestId('sync-elapsed').textContent()).resolves.toMatch(/^Elapsed \d+ s$/);
      await app.emit('sync:finished', {
        runId: 42,
        type: 'contract',
        trigger: 'manual',
        status: 'success',
        dryRun: false,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        counts,
        apiCalls: 3,
        durationMs: 5,
        message: 'done',
      });

      await goTo(app, '#/logs?perPage=10', 'Sync Logs');
      const bottom = app.page.getByRole('navigation', { name: 'Log pages', exact: true });
      // The page bars come with the first page of rows, after the heading: wait for them (visible), not a snapshot.
      await app.page.getByRole('navigation', { name: 'Log pages, above the table' }).waitFor({ state: 'visible' });
      await bottom.waitFor({ state: 'visible' });
      const last = bottom.getByRole('button', { name: 'Last' });
      await last.focus();
      await app.page.keyboard.press('Enter');
      await expect.poll(() => last.getAttribute('aria-disabled')).toBe('true');
      await expect(last.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    });
  });

  it('applies a filter with Enter in the Status select', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[0], async (app) => {
      await goTo(app, '#/logs', 'Sync Logs');
      const status = app.page.getByLabel('Status');
      await status.selectOption('error');
      await status.focus();
      await app.page.keyboard.press('Enter');
      await expect.poll(() => app.page.getByTestId('log-summary').textContent()).toMatch(/\(Error\)$/);
      expect(app.page.url()).toContain('status=error');
    });
  });

  it('Statistics shows the runs-per-day chart, its table alternative, outcomes apart and the reason', async () => {
    await withLook(browser, server.url, core.handlers, LOOKS[1], async (app) => {
      await goTo(app, '#/statistics', 'Sync Statistics');
      const chart = app.page.getByRole('img', { name: /^Runs per day, / });
      await chart.waitFor();
      await expect(chart.getAttribute('aria-label')).resolves.toMatch(/3 runs \(1 successful, 1 partial, 1 failed, 0 cancelled\), 5 created/);
      await app.page.getByText("Show the chart's figures as a table").click();
      const table = app.page.getByTestId('runs-per-day-table');
      await expect(table.locator('tbody tr').count()).resolves.toBe(14);
      const rowsWithRuns = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)).filter((cells) => cells[1] !== '0'));
      expect(rowsWithRuns.reduce((n, cells) => n + Number(cells[1]), 0)).toBe(3);
      await app.page.getByTestId('runs-table').getByRole('cell', { name: 'The API secret was rejected (HTTP 401)' }).waitFor({ state: 'visible' });
      await app.screenshot('ux-statistics-chart-dark');
    });
  });
});

describe('cancel a real run', () => {
  let scenario: ScenarioCore;
  beforeAll(async () => {
    scenario = await startScenarioCore();
    const { credentials, zoneLookupUrl } = scenario.sandbox;
    const h = scenario.core.handlers;
    await h['settings:update']({ zoneLookupUrl, skuPrefix: 'PRACBILL', hourlyRate: '150' } as never);
    await h['credentials:set']({ username: credentials.username, integrationCode: credentials.integrationCode, secret: credentials.secret });
  });
  afterAll(async () => {
    scenario?.sandbox.control.setLatency(0);
    await scenario?.close();
  });

  it('Cancel on the dashboard stops a slowed run, the run row says cancelled, and the next run converges', async () => {
    const app = await openApp(browser, server.url, scenario.core.handlers, { viewport: { width: 1280, height: 900 } });
    scenario.attach(app);
    try {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      scenario.sandbox.control.setLatency(400);
      await app.page.getByRole('button', { name: 'Sync Contracts' }).click();
      await app.page.getByTestId('sync-progress').waitFor({ timeout: 30_000 });
      const cancel = app.page.getByRole('button', { name: 'Cancel' });
      await cancel.click();
      const finished = app.page.getByTestId('sync-finished');
      await finished.waitFor({ timeout: 60_000 });
      // The strip with the Cancel button is replaced by the outcome, and the focus moves there with it.
      await expect.poll(() => finished.evaluate((el) => el === document.activeElement)).toBe(true);
      await expect(finished.textContent()).resolves.toContain('Cancelled');
      await expect.poll(() => app.page.getByTestId('sync-announcer').textContent()).toMatch(/^Contract sync cancelled: /);
      const sqlite = scenario.core.database.sqlite;
      expect(sqlite.prepare('SELECT status FROM sync_runs ORDER BY id').all()).toEqual([{ status: 'cancelled' }]);
      expect(sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_services').get()).toEqual({ n: 0 }); // read phase: nothing written

      await goTo(app, '#/statistics', 'Sync Statistics');
      await expect(app.page.getByTestId('runs-table').locator('tbody tr').first().locator('[data-status="cancelled"]').textContent()).resolves.toContain('Cancelled');
      await expect(
        app.page
          .getByTestId('runs-table')
          .locator('tbody tr')
          .first()
          .getByRole('cell', { name: /^Contract sync cancelled on request/ })
          .isVisible(),
      ).resolves.toBe(true);
      await app.screenshot('ux-cancelled-run');

      scenario.sandbox.control.setLatency(0);
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      await app.page.getByRole('button', { name: 'Sync Contracts' }).click();
      await app.page.getByTestId('sync-finished').filter({ hasText: 'Contracts sync finished' }).filter({ hasText: 'Success' }).waitFor({ timeout: 60_000 });
      expect(sqlite.prepare('SELECT status FROM sync_runs ORDER BY id').all()).toEqual([{ status: 'cancelled' }, { status: 'success' }]);
      expect((sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_services').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      await app.context.close();
    }
  });
});
