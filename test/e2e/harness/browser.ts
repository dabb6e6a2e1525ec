import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dispatch } from '../../../main/api/dispatch';
import type { Handlers } from '../../../main/api/handlers';
import type { Events } from '../../../shared/api-contract';

const root = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(root, 'test-artifacts', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.");
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Push an event to the page, as the core does over IPC. */
  emit<K extends keyof Events>(channel: K, payload: Events[K]): Promise<void>;
  screenshot(name: string): Promise<string>;
}

/**
 * Opens the built renderer with `window.api` bound to the real handler table in this process (Playwright
 * exposeBinding), so UI tests exercise the real core, database and validation — the test transport.
 */
export async function openApp(
  browser: Browser,
  url: string,
  handlers: Handlers,
  opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; locale?: string; timezoneId?: string } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    colorScheme: opts.colorScheme ?? 'light',
    acceptDownloads: true,
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  await context.exposeBinding('__absInvoke', (_source, channel: unknown, arg: unknown) => dispatch(handlers, channel, arg, { error: () => undefined }));
  await context.addInitScript(() => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const w = window as unknown as {
      __absInvoke: (c: unknown, a: unknown) => Promise<unknown>;
      __absEmit: (c: string, p: unknown) => void;
      api: unknown;
    };
    w.__absEmit = (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload));
    w.api = {
      invoke: (channel: unknown, arg?: unknown) => w.__absInvoke(channel, arg),
      on: (channel: string, listener: (p: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
        return () => listeners.get(channel)?.delete(listener);
      },
    };
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return {
    context,
    page,
    emit: async (channel, payload) => {
      await page.evaluate(([c, p]) => (window as unknown as { __absEmit: (c: string, p: unknown) => void }).__absEmit(c as string, p), [channel, payload] as const);
    },
    screenshot: async (name) => {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/**
 * Starts recording every text the element with this test id shows, from now on; the returned function reads
 * what was recorded. For notices a later event clears (the green "queued" notice goes when the run finishes,
 * which on a fast machine can be before a poll sees it).
 */
export async function recordTexts(page: Page, testId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const region = document.querySelector(`[data-testid="${id}"]`);
    if (!region) throw new Error(`No element with data-testid="${id}" to record`);
    const seen: string[] = [region.textContent ?? ''];
    (window as unknown as Record<string, string[]>)[`recorded:${id}`] = seen;
    new MutationObserver(() => void seen.push(region.textContent ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
  }, testId);
  return () => page.evaluate((id) => (window as unknown as Record<string, string[]>)[`recorded:${id}`] ?? [], testId);
}
