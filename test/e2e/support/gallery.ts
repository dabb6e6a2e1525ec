import type { Browser } from 'playwright-core';
import type { Handlers } from '../../../main/api/handlers';
import { openApp, type AppPage } from '../harness/browser';

// Screenshots of pages in the looks a bookkeeper may have: light and dark (following the OS), a desktop
// window, a half-screen window (≈800 px) and a phone-narrow one (≈420 px).
export const LOOKS = [
  { name: 'light', colorScheme: 'light', viewport: { width: 1280, height: 860 } },
  { name: 'dark', colorScheme: 'dark', viewport: { width: 1280, height: 860 } },
  { name: 'light-800', colorScheme: 'light', viewport: { width: 800, height: 900 } },
  { name: 'dark-420', colorScheme: 'dark', viewport: { width: 420, height: 900 } },
] as const;

export type Look = (typeof LOOKS)[number];

export async function withLook<T>(browser: Browser, url: string, handlers: Handlers, look: Look, fn: (app: AppPage) => Promise<T>): Promise<T> {
  const app = await openApp(browser, url, handlers, { colorScheme: look.colorScheme, viewport: look.viewport });
  try {
    return await fn(app);
  } finally {
    await app.context.close();
  }
}

/** Navigates with the hash router and waits until the page's heading is shown. */
export async function goTo(app: AppPage, hash: string, heading: string): Promise<void> {
  await app.page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await app.page.getByRole('heading', { level: 1, name: heading }).waitFor();
}
