import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/app-protocol-path';
import { E2E_ENV, E2E_GLOBAL, E2E_KEYCHAIN_SERVICE, type E2EProbe, type E2ESchedulerState, type E2ETrayItem } from '../../main/electron/e2e-hook-model';
import { EXPORT_DIALOG } from '../../main/electron/export-dialog-model';
import { APP_START_URL } from '../../main/electron/trusted-sender';
import { LOG_CSV_HEADER } from '../../shared/export-name';
import { DEMO_CREDENTIALS } from '../../main/sandbox';
import { makeTempDir } from '../helpers/temp-dir';
import { recordTexts } from '../e2e/harness/browser';

// `npm run test:electron` (scripts/test-electron.mjs builds first, then runs this file with
// vitest.electron.config.ts): the BUILT app in a real Electron window, driven by Playwright's _electron
// launcher, with a temporary user-data folder, the Chromium sandbox on, and the built-in Autotask sandbox
// ("Try with the demo tenant") as the account. One story, in order; each step needs the one before.
// It cannot run where Electron's binary is absent (the team's offline machines): CI's desktop runners
// run it (.github/workflows/desktop.yml). Where it has never run, the README says so.
//
// What Playwright cannot reach from outside (the tray, the scheduler) the app publishes through its test
// hook (main/electron/e2e-hook.ts), which only an unpackaged app started with AUTOTASK_BILLING_SYNC_E2E=1
// installs. The save dialog is stubbed at the dialog boundary, in the main process.

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; productName: string };
const TRAY_QUIT = 'Quit Autotask Billing Sync';

let home: { dir: string; cleanup: () => void };
let electronApp: ElectronApplication;
let child: ChildProcess;
let page: Page;
let exitCode: Promise<number | null>;
const appLog: string[] = [];

type ProbeArgs<K extends keyof E2EProbe> = E2EProbe[K] extends (...a: infer A) => unknown ? A : [];
type ProbeResult<K extends keyof E2EProbe> = E2EProbe[K] extends (...a: never[]) => infer R ? R : E2EProbe[K];

/** Calls a method (or reads a property) of the app's test probe in the main process. */
async function probe<K extends keyof E2EProbe>(method: K, ...args: ProbeArgs<K>): Promise<ProbeResult<K>> {
  const result = await electronApp.evaluate(
    (_electron, call) => {
      const p = (globalThis as Record<string, unknown>)[call.key] as Record<string, unknown> | undefined;
      if (!p) throw new Error('The app has no end-to-end probe: was it started unpackaged with AUTOTASK_BILLING_SYNC_E2E=1?');
      const member = p[call.method];
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown)(...call.args) : member;
    },
    { key: E2E_GLOBAL, method: method as string, args: args as unknown[] },
  );
  return result as ProbeResult<K>;
}

/** Polls `read` until `accept` holds (or throws with the last value seen). */
async function until<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const trayLabels = async (): Promise<E2ETrayItem[]> => (await probe('trayMenu')) ?? [];
const trayItem = (items: E2ETrayItem[], pattern: RegExp) => items.find((i) => pattern.test(i.label));

async function goTo(hash: string, heading: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

beforeAll(async () => {
  for (const f of ['out/main/electron.cjs', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`npm run test:electron\` (it builds first), not this file alone.`);
  }
  home = makeTempDir('abs-electron-e2e-');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE' && !k.toLowerCase().startsWith('npm_config_')) env[k] = v;
  Object.assign(env, {
    AUTOTASK_BILLING_SYNC_HOME: path.join(home.dir, 'userData'),
    [E2E_ENV]: '1',
    // better-sqlite3 for Electron's ABI, made by scripts/test-electron.mjs (as `npm start` does).
    BETTER_SQLITE3_ELECTRON_BINDING: process.env.BETTER_SQLITE3_ELECTRON_BINDING ?? '',
  });
  // No executablePath: Playwright then finds the binary through the electron package (which honours
  // ELECTRON_OVERRIDE_DIST_PATH) and injects its loader, so it is attached before the first window.
  electronApp = await _electron.launch({
    args: [root],
    cwd: root,
    env,
    // Playwright adds --no-sandbox on Linux unless told otherwise: this suite tests the sandboxed app.
    chromiumSandbox: true,
    timeout: 60_000,
  });
  child = electronApp.process();
  exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout?.on('data', (d: Buffer) => appLog.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => appLog.push(d.toString()));
  page = await electronApp.firstWindow();
  await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  // Normally the last test quit the app; if a step failed first, make sure it is gone.
  if (child && child.exitCode === null && child.signalCode === null) await electronApp.close().catch(() => undefined);
  // The demo secret went to the test's own keychain entry (E2E_KEYCHAIN_SERVICE); leave nothing behind.
  try {
    const keytar = await import('@napi-rs/keyring/keytar');
    await keytar.deletePassword(E2E_KEYCHAIN_SERVICE, DEMO_CREDENTIALS.username);
  } catch {
    // no keychain reachable from the test process: nothing was stored there either
  }
  home?.cleanup();
  // What the app printed, for the CI artifact of a failed run.
  fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-artifacts', 'electron-e2e-app.log'), appLog.join(''));
}, 60_000);

describe('the desktop app in a real Electron window', () => {
  it('opens one sandboxed, isolated window on app://app with the strict CSP', async () => {
    expect(page.url()).toMatch(new RegExp(`^${APP_START_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(#.*)?$`));
    await expect(page.title()).resolves.toBe('Sync Dashboard — Autotask Billing Sync');

    const win = await electronApp.evaluate(({ app, BrowserWindow }) => {
      const all = BrowserWindow.getAllWindows();
      const w = all[0];
      const pid = w ? w.webContents.getOSProcessId() : -1;
      const metric = app.getAppMetrics().find((m) => m.pid === pid);
      return {
        windows: all.length,
        visible: w?.isVisible() ?? false,
        // Reported on macOS and Windows only (Electron's ProcessMetric.sandboxed).
        osSandboxed: metric?.sandboxed ?? null,
        noSandboxSwitch: app.commandLine.hasSwitch('no-sandbox'),
        userData: app.getPath('userData'),
      };
    });
    expect(win).toMatchObject({ windows: 1, visible: true, noSandboxSwitch: false });
    if (process.platform !== 'linux') expect(win.osSandboxed).toBe(true);
    expect(win.userData).toBe(path.join(home.dir, 'userData'));

    // The header every app:// response carries, read the way the page itself would.
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    // And it is enforced: an injected inline script does not run; the page has no Node.
    const enforced = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 200));
      const w = window as unknown as Record<string, unknown>;
      return { inlineRan: w.__inlineRan === true, violations, hasRequire: typeof w.require !== 'undefined', hasProcess: typeof w.process !== 'undefined' };
    });
    expect(enforced.inlineRan).toBe(false);
    expect(enforced.violations.some((d) => d.startsWith('script-src'))).toBe(true);
    expect(enforced).toMatchObject({ hasRequire: false, hasProcess: false });
  });

  it('window.api answers the app window and refuses foreign senders', async () => {
    const answer = await page.evaluate(async () => {
      const api = (window as unknown as { api: { invoke: (c: string, a?: unknown) => Promise<unknown> } }).api;
      return { keys: Object.keys(api).sort(), info: await api.invoke('app:info') };
    });
    expect(answer.keys).toEqual(['invoke', 'on']);
    expect(answer.info).toMatchObject({
      ok: true,
      value: { name: pkg.productName, version: pkg.version, mode: 'electron', databaseFile: path.join(home.dir, 'userData', 'billing.db') },
    });
    await expect(page.locator('.brand-meta').textContent()).resolves.toContain(`v${pkg.version}`);

    // Two pages that got the same preload but are not the app window's top frame on app://app: a second
    // window showing the app's own page, and one showing a foreign page. Both are refused by the sender check.
    // The preload the app window uses (desktop-paths.ts: out/main/../preload/index.cjs).
    const preload = path.join(root, 'out', 'preload', 'index.cjs');
    const foreign = await electronApp.evaluate(
      async ({ BrowserWindow }, { preload, urls }) => {
        const results: unknown[] = [];
        for (const url of urls) {
          const w = new BrowserWindow({ show: false, webPreferences: { preload, sandbox: true, contextIsolation: true, nodeIntegration: false } });
          try {
            await w.loadURL(url);
            results.push(await w.webContents.executeJavaScript("window.api ? window.api.invoke('app:info') : 'no window.api'"));
          } finally {
            w.destroy();
          }
        }
        return results;
      },
      { preload, urls: [APP_START_URL, 'data:text/html,<!doctype html><title>Not the app</title>'] },
    );
    const refused = { ok: false, error: { code: 'invalid-argument', message: 'Request refused: it did not come from the app window.' } };
    expect(foreign).toEqual([refused, refused]);
    // The app window still has exactly one window afterwards and keeps answering.
    await expect(electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).resolves.toBe(1);
  });

  it('shows the version in Configuration → About', async () => {
    await goTo('#/config', 'Configuration');
    await expect(page.getByTestId('about-version').textContent()).resolves.toBe(`${pkg.productName} ${pkg.version}`);
    await expect(page.getByTestId('about-mode').textContent()).resolves.toBe('Desktop app');
    await expect(page.getByTestId('about-database').textContent()).resolves.toBe(path.join(home.dir, 'userData', 'billing.db'));
    await goTo('#/dashboard', 'Sync Dashboard');
  });

  it('"Try with the demo tenant" connects the built-in sandbox; the tray enables its sync items', async () => {
    const before = await trayLabels();
    expect(trayItem(before, /^Sync contracts now/)).toMatchObject({ label: 'Sync contracts now (set up credentials first)', enabled: false });
    expect(trayItem(before, /^Last sync:/)?.label).toBe('Last sync: never');

    await page.getByText('Autotask is not connected yet.').waitFor();
    await page.getByRole('button', { name: 'Try with the demo tenant' }).click();
    // Success reloads the dashboard without the "not connected" notice; a refusal (no keychain) says why.
    const outcome = await until(
      'the demo tenant to be enabled',
      async () => {
        const refusal = page.locator('.demo-offer .tone-red-text');
        if ((await refusal.count()) > 0) {
          const text = (await refusal.first().textContent()) ?? '';
          if (text) return `refused: ${text}`;
        }
        return (await page.getByText('Autotask is not connected yet.').count()) === 0 ? 'connected' : 'waiting';
      },
      (v) => v !== 'waiting',
    );
    expect(outcome).toBe('connected');

    const after = await until('the tray to enable its sync items', trayLabels, (items) => trayItem(items, /^Sync contracts now/)?.enabled === true);
    expect(trayItem(after, /^Sync contracts now/)?.label).toBe('Sync contracts now');
    expect(trayItem(after, /^Sync time entries now/)).toMatchObject({ label: 'Sync time entries now', enabled: true });
  });

  it('a contract sync from the dashboard populates it, and the tray menu reflects the run', async () => {
    const feedback = await recordTexts(page, 'contract-sync-feedback');
    await page.getByRole('button', { name: 'Sync Contracts' }).click();
    await expect.poll(feedback).toContain('Contract sync has been queued. Check the logs for progress.');
    const finished = page.getByTestId('sync-finished').filter({ hasText: 'Contracts sync finished' });
    await finished.waitFor({ timeout: 90_000 });
    const strip = (await finished.textContent()) ?? '';
    expect(strip).not.toMatch(/Failed/);
    expect(strip).toMatch(/[1-9]\d* created/);

    // The dashboard is populated: one run counted, last sync just now, the run's operations listed.
    await until(
      'the dashboard to count the run',
      async () => (await page.getByTestId('total-syncs').textContent()) ?? '',
      (t) => t === '1',
    );
    await expect(page.getByTestId('successful-syncs').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('last-sync').textContent()).resolves.toBe('just now');
    expect(await page.getByTestId('recent-activity').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('recent-activity').textContent()).resolves.toContain('create');

    const items = await until('the tray to show the contract run', trayLabels, (i) => /^Last sync: Contract sync/.test(trayItem(i, /^Last sync:/)?.label ?? ''));
    expect(trayItem(items, /^Last sync:/)?.label).toMatch(/^Last sync: Contract sync (succeeded|finished with errors), just now$/);
    await expect(probe('trayTooltip')).resolves.toMatch(/^Autotask Billing Sync\nLast sync: Contract sync /);
  });

  it('"Sync time entries now" in the tray runs a sync the open dashboard follows', async () => {
    await expect(probe('clickTrayItem', 'Sync time entries now')).resolves.toBe(true);
    await page.getByTestId('sync-finished').filter({ hasText: 'Time entries sync finished' }).waitFor({ timeout: 90_000 });
    await until(
      'the dashboard to count both runs',
      async () => (await page.getByTestId('total-syncs').textContent()) ?? '',
      (t) => t === '2',
    );
    const items = await until('the tray to show the time run', trayLabels, (i) => /^Last sync: Time entry sync/.test(trayItem(i, /^Last sync:/)?.label ?? ''));
    expect(trayItem(items, /^Last sync:/)?.label).toMatch(/^Last sync: Time entry sync (succeeded|finished with errors), just now$/);
  });

  it('exports the log through the native save dialog (stubbed at the dialog boundary)', async () => {
    const target = path.join(home.dir, 'chosen', 'my-export');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await electronApp.evaluate(({ dialog }, filePath) => {
      const calls: unknown[] = [];
      (globalThis as Record<string, unknown>).__e2eSaveDialogCalls = calls;
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        const options = args.length > 1 ? args[1] : args[0];
        calls.push({ withParentWindow: args.length > 1, options });
        return { canceled: false, filePath };
      }) as typeof dialog.showSaveDialog;
    }, target);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sync Logs' }).waitFor();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const notice = page.locator('.notice-text').filter({ hasText: /^Exported / });
    await notice.waitFor({ timeout: 30_000 });
    const text = (await notice.textContent()) ?? '';
    // No extension typed: the file is a CSV either way.
    const file = `${target}.csv`;
    const m = /Exported ([\d,]+) log rows to (.+)$/.exec(text);
    expect(m?.[2]).toBe(file);
    const rows = Number((m?.[1] ?? '0').replace(/,/g, ''));
    expect(rows).toBeGreaterThan(0);

    const calls = (await electronApp.evaluate(() => (globalThis as Record<string, unknown>).__e2eSaveDialogCalls)) as {
      withParentWindow: boolean;
      options: { title: string; buttonLabel: string; defaultPath: string };
    }[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ withParentWindow: true, options: { title: EXPORT_DIALOG.title, buttonLabel: EXPORT_DIALOG.buttonLabel } });
    expect(path.basename(calls[0]!.options.defaultPath)).toMatch(/^autotask_logs_1_\d{8}_\d{6}\.csv$/);

    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split(/\r?\n/)[0]).toBe(LOG_CSV_HEADER.join(','));
    expect(csv.split(/\r?\n/).filter((l) => l !== '').length).toBeGreaterThanOrEqual(rows + 1);
  });

  it('closing the window keeps the app in the tray with the 02:00 schedule armed', async () => {
    await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    const state = await until(
      'the window to hide',
      () => electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() }))),
      (w) => w.length === 1 && w[0]?.visible === false,
    );
    expect(state).toEqual([{ visible: false, destroyed: false }]);
    expect(child.exitCode).toBeNull();

    // Still in the tray, the scheduler still armed for the next 02:00 (the default schedule time).
    const tray = await trayLabels();
    expect(tray.map((i) => i.label)).toContain(TRAY_QUIT);
    const scheduler: E2ESchedulerState = await probe('scheduler');
    expect(scheduler.nextRunLocal).toEqual({ hour: 2, minute: 0 });
    const next = new Date(scheduler.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(25 * 3_600_000);
    expect(scheduler.armedJobs).toContain(scheduler.nextRunAt);
    expect(trayItem(tray, /^Next scheduled sync:/)?.label).toBe('Next scheduled sync: 02:00');

    // The first close says so once, and remembers that it did.
    const settings = await page.evaluate(async () => {
      const api = (window as unknown as { api: { invoke: (c: string) => Promise<{ ok: boolean; value?: { closeToTrayAnnounced?: boolean } }> } }).api;
      return api.invoke('settings:get');
    });
    expect(settings.value?.closeToTrayAnnounced).toBe(true);

    // "Open dashboard" in the tray brings the same window back.
    await expect(probe('clickTrayItem', 'Open dashboard')).resolves.toBe(true);
    await until(
      'the window to show again',
      () => electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible() ?? false),
      (v) => v,
    );
    await page.getByRole('heading', { level: 1, name: 'Sync Dashboard' }).waitFor();
  });

  it('Quit in the tray ends the process and releases the database', async () => {
    const databaseFile = await probe('databaseFile');
    expect(databaseFile).toBe(path.join(home.dir, 'userData', 'billing.db'));
    await expect(probe('clickTrayItem', TRAY_QUIT)).resolves.toBe(true);
    const code = await Promise.race([exitCode, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000))]);
    expect(code).toBe(0);

    // The database closed cleanly (its write-ahead log folded back in), another process can now take it
    // for writing at once, and nothing was left running or locked.
    const wal = `${databaseFile}-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0, 'the -wal file is empty or gone after a clean close').toBe(true);
    const db = new Database(databaseFile, { fileMustExist: true, timeout: 0 });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => db.exec('BEGIN EXCLUSIVE; COMMIT;')).not.toThrow();
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_lock').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT COUNT(*) AS n FROM sync_runs WHERE status = 'running'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_runs WHERE dry_run = 0').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});
