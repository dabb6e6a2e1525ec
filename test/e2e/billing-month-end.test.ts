import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo, type Demo } from '../../main/demo/demo-app';
import { ITEM_CSV_HEADER } from '../../shared/export-name';
import { buildRenderer } from './harness/renderer-build';
import { launchChromium, SCREENSHOT_DIR } from './harness/browser';

// Issue #14 in real Chromium over `npm run demo` (the real core, the built-in sandbox, the browser bridge):
// the Engineering Items filters, totals and CSV download; then the bookkeeper's month-end on the Billing
// page: last month's invoices, hold and release a line, close (the confirmation states the invoices and the
// total), export, reopen (numbers retired). Screenshots in light, dark and at 800 px.

let browser: Browser;
let demo: Demo;
const contexts: BrowserContext[] = [];

function previousMonth(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

beforeAll(async () => {
  const staticDir = await buildRenderer();
  browser = await launchChromium();
  demo = await startDemo({ staticDir, sandbox: { latencyScale: 0 }, version: '0.0.0-month-end' });
  await demo.initialSync;
}, 240_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await demo?.close();
});

async function signedIn(): Promise<{ page: Page; errors: string[] }> {
  // The printed sign-in code is single-use: one browser context (one session cookie) for both walks.
  const first = contexts.length === 0;
  if (first) contexts.push(await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }));
  const page = await contexts[0]!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(first ? demo.url : `${demo.server.origin}/`);
  await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
  return { page, errors };
}

/** Full-page screenshots in light, dark and at 800 px (light and dark); fails on a horizontal overflow. */
async function looks(page: Page, name: string, detail?: string): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const look of [
    { n: 'light', scheme: 'light', width: 1280 },
    { n: 'dark', scheme: 'dark', width: 1280 },
    { n: 'light-800', scheme: 'light', width: 800 },
    { n: 'dark-800', scheme: 'dark', width: 800 },
  ] as const) {
    await page.emulateMedia({ colorScheme: look.scheme });
    await page.setViewportSize({ width: look.width, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows in ${look.n}`).toBeLessThanOrEqual(0);
    const file = path.join(SCREENSHOT_DIR, `${name}-${look.n}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
    // A close-up at full resolution of the part most likely to clip (a full page is shrunk when looked at).
    if (detail && look.width === 800) {
      const part = path.join(SCREENSHOT_DIR, `${name}-${look.n}-detail.png`);
      await page.locator(detail).first().screenshot({ path: part });
      files.push(part);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  return files;
}

const summary = (page: Page) =>
  page
    .getByTestId('month-summary')
    .textContent()
    .then((t) => t ?? '');

describe('issue #14 in Chromium against the demo core and sandbox', () => {
  it('Engineering Items: filters apply with Enter and keep focus, totals follow the filter, Export CSV downloads exactly the filtered rows', async () => {
    const { page, errors } = await signedIn();
    const month = previousMonth(new Date());
    await page.getByRole('link', { name: 'Engineering Items' }).click();
    await page.getByRole('heading', { level: 1, name: 'Engineering Items' }).waitFor();
    const totals = page.getByTestId('item-totals');
    await totals.waitFor();
    const allCount = Number((await totals.textContent())!.match(/Items\s*([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(allCount).toBeGreaterThan(0);

    await page.getByLabel('Month', { exact: true }).fill(month);
    const state = page.getByLabel('State', { exact: true });
    await state.selectOption('posted');
    await state.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`month=${month}`);
    expect(page.url()).toContain('state=posted');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('items-filter-state');
    await expect.poll(async () => (await page.getByTestId('items-table').locator('tbody tr').allTextContents()).every((t) => t.includes('Posted in Autotask'))).toBe(true);
    const text = (await totals.textContent())!;
    const count = Number(text.match(/Items\s*([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(allCount);
    expect(text).toMatch(/Amount\s*\$[\d,]+\.\d{2}$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^engineering_items_\d{8}_\d{6}\.csv$/);
    expect(download.url()).toMatch(new RegExp(`^${demo.server.origin}/download/items/[A-Za-z0-9_-]+$`));
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe(ITEM_CSV_HEADER.join(','));
    expect(lines).toHaveLength(count + 1);
    const stateCol = ITEM_CSV_HEADER.indexOf('State');
    for (const l of lines.slice(1)) {
      expect(l.split(',')[1]!.slice(0, 7)).toBe(month);
      expect(l.split(',').at(stateCol - ITEM_CSV_HEADER.length)).toBe('posted');
    }
    const cents = lines.slice(1).reduce((sum, l) => sum + Math.round(Number(l.split(',').at(ITEM_CSV_HEADER.indexOf('Amount') - ITEM_CSV_HEADER.length)) * 100), 0);
    expect(text.replace(/[^\d.]/g, '').endsWith((cents / 100).toFixed(2))).toBe(true);
    // A used link is gone (single-use ticket, as for the logs).
    expect(await page.evaluate(async (u) => (await fetch(u)).status, download.url())).toBe(404);
    await page.getByLabel('State', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Apply Filters' }).click();
    await expect.poll(() => page.getByTestId('items-table').locator('tbody tr').count()).toBeGreaterThan(0);
    console.log('ITEMS SCREENSHOTS', (await looks(page, 'items-filtered')).join(' '));
    expect(errors).toEqual([]);
  }, 120_000);

  it('month-end: last month’s invoices, hold then release a line, close with the count and total, export, reopen', async () => {
    const { page, errors } = await signedIn();
    const month = previousMonth(new Date());
    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    await expect.poll(() => page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
    await expect.poll(() => summary(page), { timeout: 20_000 }).toMatch(/^\d+ invoices?, total /);
    const before = await summary(page);
    const count = Number(/^(\d+)/.exec(before)![1]);
    const total = /total ([^;]+)/.exec(before)![1]!.trim();
    expect(count).toBeGreaterThan(0);

    // Hold one line of the first invoice, through the UI.
    await page.locator('.invoice .disclosure').first().click();
    await page
      .locator('.invoice')
      .first()
      .locator('table')
      .getByRole('button', { name: /^Hold / })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hold line' }).click();
    await expect.poll(() => summary(page), { timeout: 20_000 }).not.toBe(before);
    const excluded = page.getByTestId('excluded-table');
    await expect.poll(() => excluded.textContent()).toContain('held');
    // …and release it again: the month is back to what it was.
    await excluded
      .getByRole('button', { name: /^Release / })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => summary(page), { timeout: 20_000 }).toBe(before);

    // Close: the confirmation states the number of invoices and the total.
    await page
      .getByRole('button', { name: /^Close / })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    const said = (await dialog.textContent()) ?? '';
    expect(said).toContain(`This locks ${count} invoice`);
    expect(said).toContain(total);
    await dialog.getByRole('button', { name: /^Close / }).click();
    await expect.poll(() => page.getByTestId('month-state').textContent(), { timeout: 20_000 }).toBe('Closed');
    await expect(page.getByTestId('billing-status').textContent()).resolves.toMatch(/ATS-\d{4}/);
    console.log('BILLING SCREENSHOTS', (await looks(page, 'billing-month-end-closed', '.invoice')).join(' '));

    // Export the closed month (the CSV working file), downloaded over the bridge.
    await page.getByLabel(/^CSV working file/).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV working file' }).click()]);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const invoiceNumbers = new Set(
      bytes
        .toString('utf8')
        .slice(1)
        .trimEnd()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    expect(invoiceNumbers.size).toBe(count);
    await expect.poll(() => page.getByTestId('runs-table').textContent(), { timeout: 10_000 }).toContain(download.suggestedFilename());

    // Reopen: confirmed, the numbers are retired, the month is open again with the same invoices.
    await page
      .getByRole('button', { name: /^Reopen / })
      .first()
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Reopen / })
      .click();
    await expect.poll(() => page.getByTestId('month-state').textContent(), { timeout: 20_000 }).toBe('Open');
    await expect.poll(() => page.getByTestId('runs-table').textContent()).toContain('numbers are retired');
    await expect.poll(() => summary(page)).toBe(before);
    console.log('BILLING SCREENSHOTS', (await looks(page, 'billing-month-end-reopened', '.invoice')).join(' '));
    expect(errors).toEqual([]);
  }, 180_000);
});
