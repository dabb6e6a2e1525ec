import path from 'node:path';
import { app, Menu, powerMonitor, powerSaveBlocker, session, type BrowserWindow } from 'electron';
import type { Events } from '../../shared/api-contract';
import type { RunSummary } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import { toLocalDate } from '../../shared/dates';
import { createCore, type Core } from '../app/create-core';
import { readSettings, updateSettings } from '../config/settings-store';
import { latestRun } from '../db/queries/runs';
import { createKeychainSecretStore } from '../secrets/keychain-store';
import { credentialStatus } from '../secrets/credentials';
import { manualWindow } from '../sync/run-sync';
import { createScheduler, type Scheduler } from '../schedule/scheduler';
import { createSqliteScheduleStateStore } from '../schedule/schedule-state';
import { armWithNodeSchedule } from '../schedule/node-schedule-trigger';
import { lastEngineSuccessAt, runScheduledWith } from '../schedule/engine-adapter';
import { systemTimeZone } from '../schedule/zoned-time';
import { serveAppProtocol } from './app-protocol';
import { hardenSession } from './window-security';
import { registerIpc } from './ipc-bridge';
import { createMainWindow, showWindow } from './main-window';
import { createTrayController, type TrayController } from './tray-controller';
import { applyLaunchAtLogin } from './login-item';
import { createDialogExport, createItemsDialogExport } from './export-dialog';
import { createBillingSaveDialog } from './billing-export-dialog';
import { showNotification } from './notifications';
import { notificationFor, notificationTarget } from './notification-model';
import { CLOSE_TO_TRAY_NOTICE, decideOnClose } from './lifecycle-model';
import type { TrayAction } from './tray-menu-model';
import type { DesktopLayout } from './desktop-paths';
import { applicationMenu } from './app-menu-model';
import { createDemoSwitch, type DemoSwitch } from '../demo/demo-switch';
import { E2E_KEYCHAIN_SERVICE, e2eHookEnabled } from './e2e-hook-model';
import { installE2EHook } from './e2e-hook';
import { KEYCHAIN_SERVICE } from '../secrets/keychain-store';

export interface DesktopPaths extends DesktopLayout {
  userData: string;
}

/**
 * The running desktop app: the core (database, handler table, sync engine), the window, the tray, the
 * scheduler and the OS hooks, wired together. Every decision is made by a pure module; this file only
 * connects Electron's events to them.
 */
export class DesktopApp {
  private core!: Core;
  private demo: DemoSwitch | null = null;
  private scheduler!: Scheduler;
  private tray: TrayController | null = null;
  private window: BrowserWindow | null = null;
  private quitting = false;
  private settingsSnapshot!: Settings;
  private blockerId: number | null = null;
  private trayRefresh: NodeJS.Timeout | null = null;

  constructor(private readonly paths: DesktopPaths) {}

  start(opts: { startHidden: boolean }): void {
    serveAppProtocol(this.paths.rendererDir);
    hardenSession(session.defaultSession);
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(process.platform, app.isPackaged)));

    // `npm run test:electron` (unpackaged app, AUTOTASK_BILLING_SYNC_E2E=1): a probe for the test and a
    // keychain entry of its own; an installed app never takes this branch.
    const e2e = e2eHookEnabled(process.env, app.isPackaged);
    const keychainService = e2e ? E2E_KEYCHAIN_SERVICE : KEYCHAIN_SERVICE;
    const secrets = createKeychainSecretStore(keychainService);
    const databaseFile = path.join(this.paths.userData, 'billing.db');
    this.core = createCore({
      now: () => new Date(),
      databaseFile,
      migrationsFolder: this.paths.migrationsFolder,
      secrets,
      env: process.env,
      mode: 'electron',
      version: app.getVersion(),
      // Set by scripts/start.mjs in development: better-sqlite3 compiled for Electron's ABI, kept apart
      // from the Node build the tests use. A packaged app has it rebuilt in place by electron-builder.
      nativeBinding: process.env.BETTER_SQLITE3_ELECTRON_BINDING || undefined,
      emit: (channel, payload) => this.onEvent(channel, payload),
      extra: {
        exportLogs: createDialogExport({
          sqlite: () => this.core.database.sqlite,
          departmentId: () => this.settings().departmentId,
          window: () => this.window,
        }),
        exportItems: createItemsDialogExport({ sqlite: () => this.core.database.sqlite, window: () => this.window }),
        saveBillingFiles: createBillingSaveDialog({
          databaseFile: () => this.core.database.file,
          window: () => this.window,
        }),
        // "Try with the demo tenant": the built-in sandbox in this process, configured as the account.
        // The tray's sync items depend on the credentials it just set: refresh it now, not at the next minute.
        enableDemo: async () => {
          const result = this.demo ? await this.demo.enableDemo() : { ok: false, message: 'The demo tenant is not available.' };
          this.refreshTraySoon();
          return result;
        },
      },
    });
    this.demo = createDemoSwitch({ database: this.core.database, secrets });
    // A configuration that points at the demo tenant gets its sandbox back at every start.
    void this.demo.resume().catch(() => undefined);
    this.settingsSnapshot = this.settings();

    registerIpc(this.core.handlers, () => this.window);
    this.window = createMainWindow({
      preloadFile: this.paths.preloadFile,
      stateFile: path.join(this.paths.userData, 'window-state.json'),
      show: !opts.startHidden,
      onClose: (event, win) => this.onWindowClose(event, win),
    });

    try {
      this.tray = createTrayController(
        (action) => void this.onTrayAction(action),
        () => this.showDashboard(),
      );
    } catch {
      this.tray = null; // no system tray on this desktop: closing the window then quits (see onWindowClose)
    }

    const engine = this.core.syncService;
    this.scheduler = createScheduler({
      now: () => new Date(),
      timeZone: systemTimeZone,
      settings: () => this.settings(),
      state: createSqliteScheduleStateStore(this.core.database.sqlite),
      runScheduled: runScheduledWith(engine, () => this.lastRun()),
      lastEngineSuccessAt: () => lastEngineSuccessAt(engine),
      armTimer: armWithNodeSchedule,
      onEvent: (e) => {
        const content = notificationFor(e);
        if (content) showNotification(content, () => this.showPage(notificationTarget(e)));
        this.refreshTraySoon();
      },
    });
    this.scheduler.start();

    powerMonitor.on('resume', () => this.scheduler.resume());
    powerMonitor.on('unlock-screen', () => this.scheduler.check('resume'));
    try {
      applyLaunchAtLogin(this.settingsSnapshot.launchAtLogin);
    } catch {
      // an unwritable autostart folder must not stop the app; the setting is retried when changed
    }
    this.refreshTraySoon();
    // "2 hours ago" in the tray ages; refresh it now and then.
    setInterval(() => this.refreshTraySoon(), 60_000).unref();
    if (e2e) installE2EHook({ databaseFile, keychainService, tray: () => this.tray, scheduler: () => this.scheduler });
  }

  /** Shows the window (second launch, dock click, tray click). */
  showDashboard(): void {
    showWindow(this.window);
  }

  /** Called from before-quit: stop timers, let the window really close. */
  prepareQuit(): void {
    this.quitting = true;
    this.scheduler?.stop();
  }

  /** Called from will-quit. A sync still running is marked interrupted by the engine's recovery next start. */
  shutdown(): void {
    this.tray?.destroy();
    void this.demo?.close();
    if (!this.core.syncService.current()) {
      try {
        this.core.database.close();
      } catch {
        // already closed
      }
    }
  }

  private settings(): Settings {
    return readSettings(this.core.database.db);
  }

  private emitToWindow<K extends keyof Events>(channel: K, payload: Events[K]): void {
    const w = this.window;
    if (w && !w.isDestroyed()) w.webContents.send(channel, payload);
  }

  private onEvent<K extends keyof Events>(channel: K, payload: Events[K]): void {
    this.emitToWindow(channel, payload);
    if (channel === 'settings:changed') this.onSettingsChanged(payload as Settings);
    if (channel === 'sync:progress') this.keepAwake(true);
    if (channel === 'sync:finished') setImmediate(() => this.keepAwake(this.core.syncService.current() !== null));
    if (channel === 'sync:progress' || channel === 'sync:finished') this.refreshTraySoon();
  }

  private onSettingsChanged(next: Settings): void {
    const previous = this.settingsSnapshot;
    this.settingsSnapshot = next;
    this.scheduler?.settingsChanged(previous);
    if (previous.launchAtLogin !== next.launchAtLogin) {
      try {
        applyLaunchAtLogin(next.launchAtLogin);
      } catch {
        // reported nowhere better than here; the setting stays as chosen
      }
    }
    this.refreshTraySoon();
  }

  /** Stops the machine from sleeping in the middle of a sync (released when the sync ends). */
  private keepAwake(on: boolean): void {
    if (on && this.blockerId === null) this.blockerId = powerSaveBlocker.start('prevent-app-suspension');
    if (!on && this.blockerId !== null) {
      powerSaveBlocker.stop(this.blockerId);
      this.blockerId = null;
    }
  }

  private onWindowClose(event: Electron.Event, win: BrowserWindow): void {
    const s = this.settings();
    const decision = decideOnClose({ closeToTray: s.closeToTray, closeToTrayAnnounced: s.closeToTrayAnnounced, quitting: this.quitting, trayAvailable: this.tray !== null });
    if (decision.action === 'close') return;
    event.preventDefault();
    win.hide();
    if (decision.announce) {
      showNotification({ ...CLOSE_TO_TRAY_NOTICE, urgency: 'normal' }, () => this.showDashboard());
      const next = updateSettings(this.core.database.db, { closeToTrayAnnounced: true });
      this.onEvent('settings:changed', next);
    }
  }

  private showPage(target: Events['navigate']): void {
    this.showDashboard();
    this.emitToWindow('navigate', target);
  }

  private async onTrayAction(action: TrayAction): Promise<void> {
    const sync = this.core.deps.sync;
    try {
      switch (action) {
        case 'sync-contracts':
          await sync?.start({ type: 'contract', endExpired: false }, 'tray');
          break;
        case 'sync-time':
          await sync?.start({ type: 'time_entry', ...manualWindow(toLocalDate(new Date())) }, 'tray');
          break;
        case 'cancel-sync':
          this.core.syncService.cancel();
          break;
        case 'open-dashboard':
          this.showDashboard();
          this.emitToWindow('navigate', { page: 'dashboard' });
          break;
        case 'toggle-pause': {
          const next = updateSettings(this.core.database.db, { schedulePaused: !this.settings().schedulePaused });
          this.onEvent('settings:changed', next);
          break;
        }
        case 'quit':
          app.quit();
          break;
      }
    } catch (error) {
      showNotification({ title: 'The sync could not start', body: error instanceof Error ? error.message : String(error), urgency: 'normal' }, () => this.showDashboard());
    }
    this.refreshTraySoon();
  }

  private lastRun(): RunSummary | null {
    return latestRun(this.core.database.sqlite);
  }

  /** Coalesces bursts of progress events into one tray update. */
  private refreshTraySoon(): void {
    if (!this.tray || this.trayRefresh) return;
    this.trayRefresh = setTimeout(() => {
      this.trayRefresh = null;
      void this.refreshTray();
    }, 250);
  }

  private async refreshTray(): Promise<void> {
    if (!this.tray) return;
    const s = this.settings();
    const creds = await credentialStatus({ env: process.env, settings: s, store: this.core.deps.secrets }).catch(() => null);
    this.tray.update({
      running: this.core.syncService.current(),
      lastRun: this.lastRun(),
      paused: s.schedulePaused,
      nextRunAt: this.scheduler.nextRunAt(),
      configured: Boolean(creds && creds.username && creds.integrationCode && creds.secretSaved),
      now: new Date(),
    });
  }
}
