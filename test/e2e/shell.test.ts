import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer } from './harness/renderer-build';
import { serveStatic } from './harness/static-server';
import { launchChromium, openApp } from './harness/browser';
import { makeTestCore, type TestCore } from '../helpers/test-core';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let core: TestCore;

beforeAll(async () => {
  const dir = await buildRenderer();
  server = await serveStatic(dir);
  browser = await launchChromium();
  core = makeTestCore();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  core?.cleanup();
});

describe('renderer shell in real Chromium through the real handler table', () => {
  it('renders data that came from the core (version, empty dashboard) and saves a screenshot', async () => {
    const app = await openApp(browser, server.url, core.handlers);
    await app.page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
    await app.page.getByText('Autotask Billing Sync', { exact: true }).waitFor({ state: 'visible' });
    await app.page.getByText('v0.0.0-test').waitFor({ state: 'visible' });
    await expect(app.page.getByTestId('last-sync').textContent()).resolves.toBe('Never');
    const shot = await app.screenshot('shell');
    expect(fs.statSync(shot).size).toBeGreaterThan(1000);
    await app.context.close();
  });
});
