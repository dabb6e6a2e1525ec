import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../e2e/harness/renderer-build';
import { makeTempDir } from '../../helpers/temp-dir';
import { API_CHANNELS } from '../../../shared/api-contract';
import { E2E_ENV, E2E_KEYCHAIN_SERVICE } from '../../../main/electron/e2e-hook-model';

// The Electron binary cannot be downloaded here, so the BUILT main bundle runs in a child Node process
// against a recording stand-in for the 'electron' module (support/fake-electron.cjs). That exercises the
// real wiring — protocol, IPC sender checks, window options, tray, close-to-tray, export — though not
// Electron itself; `npm start` on a machine with the binary remains the real check.

const root = path.resolve(__dirname, '..', '..', '..');
let appRoot: string;
let home: { dir: string; cleanup: () => void };
let report: Record<string, any>;
let stderr = '';
let e2eReport: Record<string, any>;
let e2eStderr = '';

beforeAll(async () => {
  // Inside the repository so the bundle's require('better-sqlite3') finds node_modules.
  fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  appRoot = fs.mkdtempSync(path.join(root, 'test-artifacts', 'shell-smoke-'));
  home = makeTempDir('abs-shell-home-');
  const { buildMain } = (await import(path.join(root, 'scripts', 'build-main.mjs'))) as { buildMain: (dir: string) => Promise<void> };
  await buildMain(path.join(appRoot, 'out'));
  fs.cpSync(await buildRenderer(), path.join(appRoot, 'out', 'renderer'), { recursive: true });
  fs.cpSync(path.join(root, 'drizzle'), path.join(appRoot, 'drizzle'), { recursive: true });
  const run = (extraEnv: Record<string, string>) => {
    const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'support', 'fake-electron.cjs'), path.join(appRoot, 'out', 'main', 'electron.cjs')], {
      cwd: appRoot,
      env: {
        PATH: process.env.PATH,
        HOME: home.dir,
        FAKE_HOME: home.dir,
        FAKE_APP_ROOT: appRoot,
        AUTOTASK_BILLING_SYNC_HOME: path.join(home.dir, extraEnv[E2E_ENV] ? 'userData-e2e' : 'userData'),
        TZ: 'UTC',
        ...extraEnv,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT '));
    return { stderr: r.stderr, report: line ? (JSON.parse(line.slice('REPORT '.length)) as Record<string, any>) : { noReport: r.stdout + r.stderr } };
  };
  ({ stderr, report } = run({}));
  // The same scenario once more with the end-to-end test hook switched on (what `npm run test:electron` reads).
  ({ stderr: e2eStderr, report: e2eReport } = run({ [E2E_ENV]: '1' }));
}, 180_000);

afterAll(() => {
  if (appRoot) fs.rmSync(appRoot, { recursive: true, force: true });
  home?.cleanup();
});

describe('the built Electron main process (against a stand-in electron module)', () => {
  it('starts without errors', () => {
    expect(report.crashed ?? report.noReport ?? null, stderr).toBeNull();
    expect(report.errorBox).toBeNull();
  });

  it('opens a sandboxed, isolated window on app://app with the preload', () => {
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: 'index.cjs' });
    expect(report.preloadExists).toBe(true);
    expect(report.loadedUrl).toBe('app://app/index.html');
    expect(report.visible).toBe(true);
  });

  it('serves the renderer with the CSP and refuses traversal and other hosts', () => {
    expect(report.protocol.scheme).toBe('app');
    expect(report.protocol.index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', start: '<!doctype html>' });
    expect(report.protocol.index.csp).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(report.protocol.traversal.status).toBe(403);
    expect(report.protocol.otherHost.status).toBe(403);
    expect(report.protocol.missing.status).toBe(404);
  });

  it('registers exactly the listed channels and checks every sender', () => {
    expect(report.channels).toEqual([...API_CHANNELS].sort());
    expect(report.ipc.trusted).toMatchObject({ ok: true, value: { name: 'Autotask Billing Sync', mode: 'electron', version: '0.0.0-smoke' } });
    for (const k of ['iframe', 'foreign', 'otherWindow']) {
      expect(report.ipc[k], k).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'Request refused: it did not come from the app window.' } });
    }
    expect(report.ipc.badArg).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('exports through the save dialog, suggesting the log CSV’s file name (docs/product-rules.md#log-csv) in Downloads, and writes the CSV', () => {
    expect(report.export.suggested).toEqual(['Downloads/autotask_logs_1_STAMP.csv']);
    expect(report.export.result).toMatchObject({ ok: true, value: { status: 'saved', rows: 0, fileName: 'chosen-export.csv' } });
    expect(report.export.firstLine).toBe('\uFEFFID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
  });

  it('wires "Try with the demo tenant", which refuses clearly when the keychain cannot keep the secret', () => {
    expect(report.demo).toMatchObject({ ok: true, value: { ok: false, message: expect.stringMatching(/D-Bus|Secret Service|keyring/i) } });
  });

  it('denies permissions, navigation and new windows; https links go to the browser', () => {
    expect(report.permissions).toEqual({ media: false, notifications: false });
    expect(report.navigationPrevented).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.openedExternally).toEqual(['https://example.com/help']);
  });

  it('shows the tray menu; sync items are off until credentials are set up', () => {
    expect(report.tray.labels).toEqual([
      'Sync contracts now (set up credentials first) [off]',
      'Sync time entries now (set up credentials first) [off]',
      'Open dashboard',
      '—',
      'Last sync: never [off]',
      expect.stringMatching(/^Next scheduled sync: 02:00 \[off\]$/),
      'Pause scheduled syncs',
      '—',
      'Quit Autotask Billing Sync',
    ]);
    expect(report.tray.tooltip).toBe('Autotask Billing Sync\nLast sync: never');
    expect(report.powerListeners).toEqual(['resume', 'unlock-screen']);
    expect(report.appMenu).toEqual(['File', 'Edit', 'View']);
  });

  it('closing the window keeps the app in the tray, announced once', () => {
    expect(report.close).toEqual({ firstPrevented: true, secondPrevented: true, visible: false, notifications: ['Autotask Billing Sync is still running'] });
    expect(report.closeToTrayAnnounced).toBe(true);
  });

  it('pausing from the tray updates the setting, the menu and the renderer', () => {
    expect(report.pausedFromTray).toBe(true);
    expect(report.trayAfterPause).toEqual([{ label: 'Pause scheduled syncs', checked: true }]);
    expect(report.rendererHeard).toContain('settings:changed');
  });

  it('Quit really closes the window and removes the tray icon', () => {
    expect(report.quit).toEqual({ quitCalled: 1, windowDestroyed: true, trayDestroyed: true });
  });

  it('has no end-to-end hook unless started for the end-to-end suite', () => {
    expect(report.e2eProbe).toBeNull();
  });

  it('with AUTOTASK_BILLING_SYNC_E2E=1 (unpackaged), publishes the probe test:electron reads: tray menu, scheduler, clicks', () => {
    expect(e2eReport.crashed ?? e2eReport.noReport ?? null, e2eStderr).toBeNull();
    const p = e2eReport.e2eProbe;
    expect(p).toMatchObject({ databaseFile: 'billing.db', keychainService: E2E_KEYCHAIN_SERVICE, tooltip: 'Autotask Billing Sync\nLast sync: never' });
    expect(p.tray.map((i: { label: string }) => i.label)).toEqual(report.tray.labels.map((l: string) => (l === '—' ? undefined : l.replace(/ \[off\]$/, ''))));
    expect(p.tray.find((i: { label: string }) => i.label === 'Open dashboard')).toMatchObject({ enabled: true });
    expect(p.tray.find((i: { label: string }) => i.label === 'Last sync: never')).toMatchObject({ enabled: false });
    // The 02:00 slot (TZ=UTC here), armed as a real node-schedule job.
    expect(p.scheduler).toMatchObject({ runningNow: false, nextRunLocal: { hour: 2, minute: 0 } });
    expect(p.scheduler.armedJobs).toEqual([p.scheduler.nextRunAt]);
    // A disabled or missing item is not clicked; an enabled one is, through the menu item's own click.
    expect(p.clickDisabled).toBe(false);
    expect(p.clickMissing).toBe(false);
    expect(p.clickPause).toBe(true);
    expect(e2eReport.pausedFromTray).toBe(true);
    expect(e2eReport.quit).toEqual({ quitCalled: 1, windowDestroyed: true, trayDestroyed: true });
  });
});
