import type { Browser } from 'playwright-core';
import type { SettingsPatch } from '../../../shared/settings';
import { launchChromium, openApp, type AppPage } from '../harness/browser';
import { buildRenderer } from '../harness/renderer-build';
import { serveStatic } from '../harness/static-server';
import { startScenarioCore, type ScenarioCore } from './scenario-core';

/** Chromium, the built renderer on a static server, and the real core beside the sandbox: one e2e file's world. */
export interface ScenarioApp {
  browser: Browser;
  server: { url: string; close: () => Promise<void> };
  scenario: ScenarioCore;
  /** The app page at 1280 × 900, attached to the core's events; null with `open: false`. */
  app: AppPage | null;
  close(): Promise<void>;
}

/**
 * Starts a ScenarioApp. `configure` saves the sandbox's zone address, the PRACBILL prefix (plus any other
 * settings given) and its credentials through the handlers, so the file starts where the seed's
 * configuration step ends; without it the app starts unconfigured (the user-guide walk configures it itself).
 */
export async function startScenarioApp(opts: { configure?: SettingsPatch | false; open?: boolean } = {}): Promise<ScenarioApp> {
  const server = await serveStatic(await buildRenderer());
  const browser = await launchChromium();
  const scenario = await startScenarioCore();
  if (opts.configure !== false && opts.configure !== undefined) {
    const { credentials, zoneLookupUrl } = scenario.sandbox;
    const h = scenario.core.handlers;
    await h['settings:update']({ zoneLookupUrl, skuPrefix: 'PRACBILL', ...opts.configure } as never);
    await h['credentials:set']({ username: credentials.username, integrationCode: credentials.integrationCode, secret: credentials.secret });
  }
  const app = opts.open === false ? null : await openApp(browser, server.url, scenario.core.handlers, { viewport: { width: 1280, height: 900 } });
  if (app) scenario.attach(app);
  return {
    browser,
    server,
    scenario,
    app,
    close: async () => {
      await app?.context.close();
      await browser.close();
      await server.close();
      await scenario.close();
    },
  };
}
