// Issue #16 point 4 in real Chromium against the real core and the sandbox's demo tenant: Preview on the
// contract panel shows the plan, "Run this sync" applies exactly it (created/updated counts equal the
// preview's), and a run the mass-change check stops leads to the preview and its "Allow this once".
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { openApp, SCREENSHOT_DIR, type AppPage } from './harness/browser';
import { goTo } from './support/gallery';
import type { ScenarioCore } from './support/scenario-core';
import { startScenarioApp, type ScenarioApp } from './support/scenario-app';

// Screenshots go to test-artifacts/screenshots; `UPDATE_DOCS=1` writes them into docs/ for the README instead
// (a test run never changes tracked files otherwise).
const DOCS = process.env.UPDATE_DOCS === '1' ? path.resolve(__dirname, '..', '..', 'docs') : SCREENSHOT_DIR;

let world: ScenarioApp;
let scenario: ScenarioCore;
let app: AppPage;
let browser: Browser;
let server: ScenarioApp['server'];

beforeAll(async () => {
  world = await startScenarioApp({ configure: {} });
  scenario = world.scenario;
  app = world.app!;
  ({ browser, server } = world);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const sqlite = () => scenario.core.database.sqlite;
const lastRealRun = () =>
  sqlite().prepare("SELECT id, status, count_create AS c, count_update AS u FROM sync_runs WHERE dry_run = 0 AND type = 'contract' ORDER BY id DESC LIMIT 1").get() as
    { id: number; status: string; c: number; u: number } | undefined;

async function count(dialog: Locator, name: string): Promise<number> {
  const text = (await dialog.locator(`[data-count="${name}"] .preview-count`).textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

async function openPreview(page: AppPage['page']): Promise<Locator> {
  await page.getByRole('button', { name: 'Preview the contract sync' }).click();
  const dialog = page.getByRole('dialog', { name: 'Preview: Sync Contracts' });
  await dialog.getByText(/^Plan ready:/).waitFor({ timeout: 60_000 });
  return dialog;
}

/** axe-core on the open dialog: no violations. */
async function axeViolations(page: AppPage['page']): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

/** The viewport (the dialog is fixed over it), into docs/ for the README. */
async function shot(page: AppPage['page'], name: string): Promise<void> {
  fs.mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
}

describe('sync preview', () => {
  it('Preview shows the plan; Run this sync applies exactly it', async () => {
    await goTo(app, '#/dashboard', 'Sync Dashboard');
    const opener = app.page.getByRole('button', { name: 'Preview the contract sync' });
    const dialog = await openPreview(app.page);
    const creates = await count(dialog, 'create');
    const updates = await count(dialog, 'update');
    expect(creates).toBeGreaterThan(0);
    await dialog.getByRole('heading', { level: 3, name: /^Creates/ }).waitFor();
    expect(await dialog.getByRole('table', { name: 'Creates this sync would make' }).locator('tbody tr').count()).toBeGreaterThan(0);
    // Nothing was written to the billing data by the preview.
    expect((sqlite().prepare('SELECT COUNT(*) AS n FROM engineering_services').get() as { n: number }).n).toBe(0);
    expect(lastRealRun()).toBeUndefined();
    // Focus is on the action; Escape closes and gives focus back to Preview.
    await expect(app.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Run this sync');
    await shot(app.page, 'screenshot-sync-preview-light');
    expect(await axeViolations(app.page)).toEqual([]);
    await app.page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expect(opener.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    const again = await openPreview(app.page);
    expect(await count(again, 'create')).toBe(creates);
    await again.getByRole('button', { name: 'Run this sync' }).click();
    await app.page.getByTestId('sync-finished').filter({ hasText: 'Contract sync completed' }).waitFor({ timeout: 60_000 });
    const run = lastRealRun()!;
    expect(run.status).toBe('success');
    expect({ created: run.c, updated: run.u }).toEqual({ created: creates, updated: updates });
  }, 120_000);

  it('a mass-change stop leads to the preview; Allow this once runs it once, with the check lifted', async () => {
    // End every PRACBILL contract in Autotask: the next contract run would end all active services.
    const contracts = sqlite().prepare('SELECT DISTINCT autotask_contract_id AS id FROM engineering_services WHERE ended = 0').all() as { id: number }[];
    expect(contracts.length).toBeGreaterThanOrEqual(10);
    for (const c of contracts) scenario.sandbox.control.endContract(c.id);
    const active = (sqlite().prepare('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 0').get() as { n: number }).n;

    await app.page.getByRole('button', { name: 'Sync Contracts' }).click();
    const stop = app.page.getByTestId('contract-guard-stop');
    await stop.waitFor({ timeout: 60_000 });
    const failed = await app.page.getByTestId('sync-finished').textContent();
    expect(failed).toContain(`would end ${active} of ${active} active services`);
    expect(failed).toContain('"Allow this once"');
    expect(failed).not.toMatch(/massChangeRatio|massChangeMinCount/);
    expect(lastRealRun()!.status).toBe('failed');

    await stop.getByRole('button', { name: 'Preview the changes' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Preview: Sync Contracts' });
    await dialog.getByText(/^Plan ready:/).waitFor({ timeout: 60_000 });
    await expect(dialog.getByTestId('preview-guard').textContent()).resolves.toContain(`would end ${active} of ${active} active services`);
    expect(await count(dialog, 'ends')).toBe(active);
    await expect(dialog.getByRole('button', { name: 'Run this sync' }).count()).resolves.toBe(0);
    await shot(app.page, 'screenshot-sync-preview-guard-light');

    // The same dialog in the dark colour scheme.
    const dark = await openApp(browser, server.url, scenario.core.handlers, { colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    scenario.attach(dark);
    try {
      await goTo(dark, '#/dashboard', 'Sync Dashboard');
      const d = await openPreview(dark.page);
      await d.getByTestId('preview-guard').waitFor();
      await shot(dark.page, 'screenshot-sync-preview-guard-dark');
      expect(await axeViolations(dark.page)).toEqual([]);
      await dark.page.keyboard.press('Escape');
    } finally {
      await dark.context.close();
    }

    await app.page.waitForTimeout(300); // the dark page's dry run has finished; its finished event reached this page
    await dialog.getByRole('button', { name: 'Allow this once' }).click();
    await app.page.getByTestId('sync-finished').filter({ hasText: 'Contract sync completed' }).waitFor({ timeout: 60_000 });
    const run = lastRealRun()!;
    expect(run.status).toBe('success');
    expect(run.u).toBe(active);
    expect((sqlite().prepare('SELECT COUNT(*) AS n FROM engineering_services WHERE ended = 0').get() as { n: number }).n).toBe(0);
    const options = JSON.parse((sqlite().prepare('SELECT options FROM sync_runs WHERE id = ?').get(run.id) as { options: string }).options);
    expect(options.allowMassChange).toBe(true);
    const note = sqlite().prepare("SELECT message FROM sync_logs WHERE run_id = ? AND details LIKE '%allowedOnce%'").get(run.id) as { message: string };
    expect(note.message).toContain('lifted for this run only');
    await expect(stop.count()).resolves.toBe(0);
    // Focus went back to the notice's button when the dialog closed; with the notice gone it is on the
    // panel's Sync button, not dropped to <body>.
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent?.trim() ?? null)).toBe('Sync Contracts');
  }, 180_000);
});
