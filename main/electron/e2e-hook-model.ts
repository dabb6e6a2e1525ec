// Pure (no 'electron' import): the test hook of `npm run test:electron` (test/electron/). Playwright's
// electronApp.evaluate() runs code in the main process but cannot reach the Tray or the scheduler, so the
// app, started with AUTOTASK_BILLING_SYNC_E2E=1, publishes a read-mostly probe on globalThis. Only an
// unpackaged app honours it: an installed app never has the hook, whatever its environment says.

export const E2E_ENV = 'AUTOTASK_BILLING_SYNC_E2E';
export const E2E_GLOBAL = '__autotaskBillingSyncE2E';
/** Under test the demo secret goes to its own keychain entry, never the developer's real one. */
export const E2E_KEYCHAIN_SERVICE = 'Autotask Billing Sync (end-to-end tests)';

export function e2eHookEnabled(env: Record<string, string | undefined>, isPackaged: boolean): boolean {
  return !isPackaged && env[E2E_ENV] === '1';
}

export interface E2ETrayItem {
  label: string;
  enabled: boolean;
  checked: boolean;
  type: string;
}

export interface E2ESchedulerState {
  /** A scheduled run is in flight right now. */
  runningNow: boolean;
  /** The slot the scheduler armed (ISO); null when nothing is armed (paused, or stopped at quit). */
  nextRunAt: string | null;
  /** Local hour and minute of that slot, as the main process sees them. */
  nextRunLocal: { hour: number; minute: number } | null;
  /** The live node-schedule jobs and when each fires next (ISO): the real timer behind the slot. */
  armedJobs: (string | null)[];
}

export interface E2EProbe {
  databaseFile: string;
  keychainService: string;
  /** The tray's current context menu, item by item; null when the app has no tray. */
  trayMenu(): E2ETrayItem[] | null;
  trayTooltip(): string | null;
  /** Clicks the tray menu item with this exact label (the real MenuItem.click); false when absent or disabled. */
  clickTrayItem(label: string): boolean;
  scheduler(): E2ESchedulerState;
}
