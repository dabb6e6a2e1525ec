// Issue #16 point 1 in real Chromium, keyboard only (Tab / Shift+Tab / Enter / Space / Escape): test the
// connection, run a contract sync against the sandbox, find its rows in Logs with a filter, open and close
// a log's details, export the CSV. The focus is asserted at every step and never falls to <body>; the
// polite live region says how the sync ended; every page's landmarks have unique names.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp } from './harness/browser';
import { goTo } from './support/gallery';
import type { ScenarioCore } from './support/scenario-core';
import { startScenarioApp, type ScenarioApp } from './support/scenario-app';

let world: ScenarioApp;
let scenario: ScenarioCore;
let browser: Browser;
let server: ScenarioApp['server'];

beforeAll(async () => {
  world = await startScenarioApp({ configure: { hourlyRate: '150' }, open: false });
  scenario = world.scenario;
  ({ browser, server } = world);
});
afterAll(async () => {
  await world?.close();
});

/** The focused element's role-ish description: tag + accessible name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'BODY';
    const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().replace(/\s+/g, ' ');
    return `${el.tagName.toLowerCase()}:${name}`;
  });

/** Presses Tab (or Shift+Tab) until the focused element matches, at most `max` times. */
async function tabTo(page: Page, match: RegExp, opts: { back?: boolean; max?: number } = {}): Promise<string> {
  const seen: string[] = [];
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f);
    if (match.test(f)) return f;
  }
  throw new Error(`Tab never reached ${match}: ${seen.join(' | ')}`);
}

const PAGES = [
  ['#/dashboard', 'Sync Dashboard'],
  ['#/logs', 'Sync Logs'],
  ['#/statistics', 'Sync Statistics'],
  ['#/billing', 'Billing'],
  ['#/customers', 'Customers'],
  ['#/services', 'Engineering Services'],
  ['#/items', 'Engineering Items'],
  ['#/config', 'Configuration'],
] as const;

describe('keyboard-only walk', () => {
  it('every page names its landmarks uniquely', async () => {
    const app = await openApp(browser, server.url, scenario.core.handlers);
    try {
      const dupes: string[] = [];
      for (const [hash, heading] of PAGES) {
        await goTo(app, hash, heading);
        await app.page.waitForLoadState('networkidle');
        const names = await app.page.evaluate(() => {
          const roleOf = (el: Element) =>
            el.getAttribute('role') ?? ({ NAV: 'navigation', MAIN: 'main', ASIDE: 'complementary', SECTION: 'region', FORM: 'form' } as Record<string, string>)[el.tagName] ?? '';
          const nameOf = (el: Element) =>
            el.getAttribute('aria-label') ??
            (el.getAttribute('aria-labelledby') ?? '')
              .split(' ')
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' ')
              .trim();
          return [...document.querySelectorAll('nav, main, aside, section, form, [role=region], [role=navigation], [role=search], [role=complementary]')]
            .map((el) => ({ role: roleOf(el), name: nameOf(el) }))
            .filter((l) => l.role && (l.role !== 'region' && l.role !== 'form' ? true : l.name)) // unnamed sections are not landmarks
            .map((l) => `${l.role}:${l.name}`);
        });
        const seen = new Set<string>();
        for (const n of names) {
          if (seen.has(n)) dupes.push(`${hash} ${n}`);
          seen.add(n);
        }
      }
      expect(dupes).toEqual([]);
    } finally {
      await app.context.close();
    }
  });

  it('tests the connection, syncs, filters Logs, opens and closes details, and exports, by keyboard', async () => {
    const app = await openApp(browser, server.url, scenario.core.handlers, { viewport: { width: 1280, height: 900 } });
    scenario.attach(app);
    const { page } = app;
    try {
      await goTo(app, '#/config', 'Configuration');
      await page.locator('h1').focus();
      await tabTo(page, /^button:Test Connection/i);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toMatch(/Connected|connection (works|succeeded)/i);
      expect(await focused(page)).not.toBe('BODY');

      await tabTo(page, /^a:Dashboard$/, { back: true });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
      await tabTo(page, /^button:Sync Contracts$/);
      await page.keyboard.press('Space');
      await page.getByTestId('sync-finished').filter({ hasText: 'Success' }).waitFor({ timeout: 60_000 });
      expect(await focused(page)).not.toBe('BODY');
      await expect.poll(() => page.getByTestId('sync-announcer').textContent()).toMatch(/^Contract sync finished: \d+ created, \d+ updated, 0 errors\.$/);

      await tabTo(page, /^a:Logs$/, { back: true });
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Sync Logs' }).waitFor();
      await tabTo(page, /^select:/); // Sync Type
      await page.keyboard.press('ArrowDown'); // the first type after "All Types"
      const chosen = await page.evaluate(() => (document.activeElement as HTMLSelectElement).value);
      expect(chosen).not.toBe('');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.url()).toContain(`type=${chosen}`);
      expect(await focused(page)).toMatch(/^select:/);

      const details = await tabTo(page, /^button:View details of log \d+$/);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await focused(page)).toBe(details);

      await tabTo(page, /^button:Export CSV$/, { back: true });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toMatch(/Exported|Saved/i);
      expect(await focused(page)).not.toBe('BODY');
      const csv = fs.readdirSync(scenario.exportDir).filter((f) => f.endsWith('.csv'));
      expect(csv.length).toBe(1);
      await app.screenshot('ux-keyboard-walk-logs');
    } finally {
      await app.context.close();
    }
  });

  it('a slowed run says "estimating…" (no rate yet) in the strip and the navigation; with a rate, the estimate', async () => {
    const app = await openApp(browser, server.url, scenario.core.handlers, { viewport: { width: 1280, height: 900 } });
    scenario.attach(app);
    try {
      await goTo(app, '#/dashboard', 'Sync Dashboard');
      scenario.sandbox.control.setLatency(400);
      await app.page.getByRole('button', { name: 'Sync Contracts' }).click();
      const estimate = app.page.getByTestId('sync-estimate');
      const seen = new Set<string>();
      const phases = new Set<string>();
      const until = Date.now() + 45_000;
      while (Date.now() < until && !(await app.page.getByTestId('sync-finished').count())) {
        const t = await estimate.textContent({ timeout: 200 }).catch(() => null);
        const phase = await app.page
          .getByTestId('sync-progress')
          .locator('.status-strip-figure')
          .textContent({ timeout: 200 })
          .catch(() => '');
        if (t) seen.add(t.replace(/\d+/g, 'N'));
        if (t) phases.add(`${phase} ${t}`);
        const nav = await app.page
          .getByTestId('nav-sync-indicator')
          .textContent({ timeout: 200 })
          .catch(() => null);
        if (nav && t) expect(nav).toContain(t);
        await app.page.waitForTimeout(150);
      }
      await app.page.getByTestId('sync-finished').waitFor({ timeout: 60_000 });
      // The demo tenant's phases each come in one page (0 of N, then done): no rate to go on, so the
      // strip says "estimating…" and never makes up an estimate.
      expect([...seen]).toEqual(['estimating…']);
      expect([...phases].every((p) => /^0 of \d+ estimating…$|^ estimating…$/.test(p))).toBe(true);

      // With a rate (a quarter of 1,000 records in 30 s), the strip and the navigation show the estimate.
      const startedAt = new Date(Date.now() - 40_000).toISOString();
      const phaseStartedAt = new Date(Date.now() - 30_000).toISOString();
      const counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 };
      await app.emit('sync:progress', {
        runId: 999,
        type: 'time_entry',
        trigger: 'manual',
        phase: 'Reading time entries',
        done: 250,
        total: 1000,
        counts,
        startedAt,
        phaseStartedAt,
        message: '',
      });
      await expect.poll(() => estimate.textContent()).toMatch(/^about 1 min (30|35) s left$/);
      // The navigation ticks its own clock once a second: poll it too, or it may still show the previous tick.
      await expect.poll(() => app.page.getByTestId('nav-sync-indicator').textContent()).toMatch(/· about 1 min (30|35) s left$/);
      await app.screenshot('ux-estimate-dashboard');
    } finally {
      scenario.sandbox.control.setLatency(0);
      await app.context.close();
    }
  });
});
