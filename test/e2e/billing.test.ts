import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createCore, type Core } from '../../main/app/create-core';
import { sourceMigrationsFolder } from '../../main/db/migrations-folder';
import { createDemoSwitch, type DemoSwitch } from '../../main/demo/demo-switch';
import { createMemorySecretStore } from '../../main/secrets/secret-store';
import { saveExportFiles, suggestedName } from '../../main/billing/export-files';
import { toLocalDate } from '../../shared/dates';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium, openApp } from './harness/browser';
import { LOOKS } from './support/gallery';
import { makeTempDir } from '../helpers/temp-dir';

const GOLDEN_XERO = 'invoices-2026-11-xero.csv';

// The bookkeeper's month-end in real Chromium over the real core and the demo tenant: sync, open Billing,
// see last month's invoices, close, export Xero after the pre-flight asked for its settings, see the
// history with SHA-256; screenshots in light and dark at 1280 and 800 px.

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let core: Core;
let demo: DemoSwitch;
const tmp = makeTempDir('abs-billing-e2e-');

function previousMonth(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

beforeAll(async () => {
  const secrets = createMemorySecretStore();
  core = createCore({
    now: () => new Date(),
    databaseFile: path.join(tmp.dir, 'billing.db'),
    migrationsFolder: sourceMigrationsFolder(),
    secrets,
    env: {},
    mode: 'test',
    version: '0.0.0-billing',
    emit: () => undefined,
    extra: {
      enableDemo: () => demo.enableDemo(),
      saveBillingFiles: async (files) => ({ status: 'saved', files: await saveExportFiles(path.join(tmp.dir, suggestedName(files)), files, path.join(tmp.dir, 'billing.db')) }),
    },
  });
  demo = createDemoSwitch({ database: core.database, secrets, sandbox: { latencyScale: 0 } });
  const enabled = await core.handlers['demo:enable'](undefined as never);
  expect(enabled.ok).toBe(true);
  await core.handlers['sync:start']({ type: 'contract', endExpired: false });
  await core.syncService.idle();
  const now = new Date();
  const from = new Date(now.getFullYear(), now.getMonth() - 3, 1);
  await core.handlers['sync:start']({ type: 'time_entry', from: toLocalDate(from), to: toLocalDate(now) });
  await core.syncService.idle();
  server = await serveStatic(await buildRenderer());
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.syncService.idle();
  await demo?.close();
  await core?.close();
  tmp.cleanup();
});

describe('Billing month-end in Chromium', () => {
  it('shows last month’s invoices, closes it, exports Xero once its settings are set, and lists the export with its SHA-256', async () => {
    const app = await openApp(browser, server.url, core.handlers, { viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    app.page.on('pageerror', (e) => errors.push(e.message));
    try {
      await app.page.getByRole('link', { name: 'Billing' }).click();
      await app.page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      const month = previousMonth(new Date());
      await expect.poll(() => app.page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
      await expect.poll(() => app.page.getByTestId('month-summary').textContent(), { timeout: 20_000 }).toMatch(/^\d+ invoices?, total /);
      const count = Number(/^(\d+)/.exec((await app.page.getByTestId('month-summary').textContent()) ?? '')?.[1]);
      expect(count).toBeGreaterThan(0);
      await expect(app.page.locator('.invoice').count()).resolves.toBe(count);
      await app.page.locator('.invoice .disclosure').first().click();
      await app.screenshot('billing-open-light');

      // Xero: the pre-flight names the missing settings; export is refused until they are set.
      await app.page.getByLabel(/^Xero/).check();
      await expect.poll(() => app.page.getByTestId('preflight-missing').textContent()).toContain('Income account');
      // Fill them the way the bookkeeper does: Configuration → Billing, then back to the month.
      await app.page.goto(`${new URL(app.page.url()).origin}${new URL(app.page.url()).pathname}#/config`);
      await app.page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
      const billingForm = app.page
        .getByRole('form', { name: /Billing/ })
        .or(app.page.locator('[aria-labelledby="billing-settings-title"]'))
        .first();
      await billingForm.getByLabel('Income account').fill('200');
      await billingForm.getByLabel('Tax type').fill('GST on Income');
      await billingForm.getByRole('button', { name: /^Save/ }).click();
      await billingForm.getByText('Billing settings saved.').waitFor();
      expect((await core.handlers['settings:get'](undefined)).incomeAccount).toBe('200');
      expect((await core.handlers['settings:get'](undefined)).billingExportFormat).toBe('xero');
      await app.page.getByRole('link', { name: 'Billing' }).click();
      await app.page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      await expect.poll(() => app.page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
      await expect.poll(() => app.page.getByTestId('preflight-missing').textContent(), { timeout: 20_000 }).toContain('Nothing more');

      const closeBtn = app.page.getByRole('button', { name: /^Close / }).first();
      await closeBtn.click();
      const dialog = app.page.getByRole('dialog');
      await expect(dialog.textContent()).resolves.toContain(`This locks ${count} invoice`);
      await app.screenshot('billing-close-dialog');
      await dialog.getByRole('button', { name: /^Close / }).click();
      await expect.poll(() => app.page.getByTestId('month-state').textContent(), { timeout: 20_000 }).toBe('Closed');
      await expect(app.page.getByTestId('billing-status').textContent()).resolves.toMatch(/^Closed .*ATS-0001/);
      // Focus did not fall to the page when Close month went away.
      await expect(app.page.evaluate(() => document.activeElement?.tagName)).resolves.not.toBe('BODY');

      await app.page.reload();
      await app.page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      await expect.poll(() => app.page.getByLabel(/^Xero/).isChecked()).toBe(true);
      await app.page.getByRole('button', { name: 'Export Xero' }).click();
      const result = app.page.getByTestId('export-result');
      await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('SHA-256');
      const sha = (await result.locator('code.sha').first().textContent()) ?? '';
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
      const fileName = (await result.locator('.export-files .strong').first().textContent()) ?? '';
      const written = fs.readdirSync(tmp.dir).filter((f) => f.includes('xero'));
      expect(written.length).toBeGreaterThan(0);
      // The file has the golden shape: the same BOM and 29-column header as the Xero golden file.
      const headerOf = (b: Buffer) => b.toString('utf8').split(/\r?\n/)[0];
      const golden = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/billing-golden', GOLDEN_XERO));
      const file = fs.readFileSync(path.join(tmp.dir, written[0]!));
      expect(headerOf(file)).toBe(headerOf(golden));
      expect(headerOf(file)!.split(',')).toHaveLength(29);
      const runs = app.page.getByTestId('runs-table');
      await expect.poll(() => runs.textContent(), { timeout: 10_000 }).toContain(sha);
      expect(await runs.textContent()).toContain(fileName);
      for (const look of LOOKS.filter((l) => l.name !== 'dark-420')) {
        await app.page.emulateMedia({ colorScheme: look.colorScheme });
        await app.page.setViewportSize(look.viewport);
        const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0)
          console.log(
            'OVERFLOW',
            look.name,
            await app.page.evaluate(() =>
              [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 12)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
                .join(' | '),
            ),
          );
        expect(overflow, `billing overflows in ${look.name}`).toBeLessThanOrEqual(0);
        await app.screenshot(`billing-closed-${look.name}`);
      }
      await app.page.emulateMedia({ colorScheme: 'dark' });
      await app.page.setViewportSize({ width: 800, height: 900 });
      await app.screenshot('billing-closed-dark-800');
      expect(errors).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});
