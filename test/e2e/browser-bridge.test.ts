import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { launchChromium, recordTexts, SCREENSHOT_DIR } from './harness/browser';
import { startDemo, type Demo } from '../../main/demo/demo-app';

// `npm run demo`'s stack for real: the sandbox, the core, the loopback bridge, and the renderer talking to
// it over HTTP + server-sent events with the session cookie of the one-time sign-in address — no test
// transport in between.

let browser: Browser;
let demo: Demo;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const staticDir = await buildRenderer();
  browser = await launchChromium();
  demo = await startDemo({ staticDir, sandbox: { latencyScale: 0 }, version: '0.0.0-bridge' });
  await demo.initialSync;
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await demo?.close();
});

async function newPage(opts: { colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, colorScheme: opts.colorScheme ?? 'light' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function shot(page: import('playwright-core').Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describe('the browser bridge of npm run demo, in real Chromium', () => {
  it('opens the printed address, drops the token from the address bar and shows the populated dashboard', async () => {
    const { page, errors } = await newPage();
    const navigated: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigated.push(f.url());
    });
    await page.goto(demo.url);
    await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
    expect(page.url()).toBe(`${demo.server.origin}/`);
    expect(page.url()).not.toContain('token');
    // The code never became a page: the server redirected before anything was shown (issue #17 item 6).
    expect(navigated.filter((u) => u.includes('token'))).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: no script can read the session
    // History holds no entry with the code: Back goes to the blank start page, Forward to the clean address.
    await page.goBack();
    expect(page.url()).not.toContain('token');
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
    expect(page.url()).toBe(`${demo.server.origin}/`);
    await expect.poll(() => page.getByTestId('total-syncs').textContent()).toBe('2');
    await page.getByText('Demo tenant', { exact: true }).waitFor({ state: 'visible' });
    await expect(page.getByTestId('recent-activity').locator('tbody tr').count()).resolves.toBe(10);
    await shot(page, 'bridge-dashboard');
    // A reload keeps working: the session cookie stays.
    await page.reload();
    await expect.poll(() => page.getByTestId('total-syncs').textContent()).toBe('2');
    expect(errors).toEqual([]);
  });

  it('a used address is refused in another browser; without signing in the page loads but the core refuses, and says what to do', async () => {
    const { page: reuse } = await newPage();
    const reply = await reuse.goto(demo.url);
    expect(reply?.status()).toBe(403);
    await expect(reuse.locator('body').textContent()).resolves.toMatch(/already used or has expired/);
    const { page } = await newPage();
    await page.goto(`${demo.server.origin}/`);
    await page
      .getByText(/opened without its access token/)
      .first()
      .waitFor();
    await shot(page, 'bridge-no-token');
  });

  it('runs a sync from the dashboard and follows it live through server-sent events', async () => {
    const { page } = await newPage({ colorScheme: 'dark' });
    await page.goto(demo.server.mintUrl());
    await expect.poll(() => page.getByTestId('total-syncs').textContent()).toBe('2');
    const feedback = await recordTexts(page, 'contract-sync-feedback');
    await page.getByRole('button', { name: 'Sync Contracts' }).click();
    await expect.poll(feedback).toContain('Contract sync has been queued. Check the logs for progress.');
    // Only a pushed `sync:finished` event shows this strip; no reload happens.
    await page.getByTestId('sync-finished').filter({ hasText: 'Contracts sync finished' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('total-syncs').textContent()).toBe('3');
    await shot(page, 'bridge-dashboard-dark-after-sync');
  });

  it('downloads the CSV of the filtered logs with the SPEC file name', async () => {
    const { page } = await newPage();
    await page.goto(demo.server.mintUrl());
    await page.getByRole('link', { name: 'View Logs' }).first().click();
    // Wait for the log viewer's first page, so the filter is not picked while the page is still changing.
    await page.getByRole('heading', { name: 'Sync Logs' }).waitFor();
    const summary = page.getByTestId('log-summary');
    await expect.poll(() => summary.textContent()).toMatch(/log rows/);
    await page.getByLabel('Sync Type').selectOption('company');
    await page.getByRole('button', { name: 'Apply Filters' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/\(Company\)$/);
    const total = Number(/of ([\d,]+) log rows/.exec((await summary.textContent()) ?? '')![1]!.replace(/,/g, ''));
    expect(total).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^autotask_logs_1_\d{8}_\d{6}\.csv$/);
    expect(download.url()).not.toContain('token');
    expect(download.url()).toMatch(new RegExp(`^${demo.server.origin}/download/logs/[A-Za-z0-9_-]+$`));
    const file = await download.path();
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n'); // after the UTF-8 BOM (docs/product-rules.md#accounting-exports)
    expect(lines[0]).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
    expect(lines).toHaveLength(total + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d+,company,/);
    await page
      .getByRole('status')
      .filter({ hasText: /^Downloading autotask_logs_1_/ })
      .first()
      .waitFor();
    await shot(page, 'bridge-logs-export');
  });

  it('downloads a draft billing export from the Billing page over the bridge, without a token, with the bytes it reports', async () => {
    const { page } = await newPage();
    await page.goto(demo.server.mintUrl());
    await page.getByRole('link', { name: 'Billing' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    await expect.poll(() => page.getByTestId('month-summary').textContent(), { timeout: 20_000 }).toMatch(/^\d+ invoices?, total /);
    await page.getByLabel(/^CSV working file/).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export draft/ }).click()]);
    expect(download.url()).not.toContain('token');
    expect(download.url()).toMatch(new RegExp(`^${demo.server.origin}/download/billing/[A-Za-z0-9_-]+$`));
    expect(download.suggestedFilename()).toMatch(/^invoices-\d{4}-\d{2}-csv.*\.csv$/);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('Invoice Number,Customer,Invoice Date,Due Date,Line Type,Description,Service Number');
    expect(bytes.toString('utf8')).toContain('DRAFT-0001');
    const sha = (await page.getByTestId('export-result').locator('code.sha').first().textContent()) ?? '';
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha.trim());
    // The ticket is single-use: fetching the address again (with the session cookie) is refused.
    const again = await page.evaluate(async (u) => (await fetch(u)).status, download.url());
    expect(again).not.toBe(200);
    await shot(page, 'bridge-billing-export');
  });
});
