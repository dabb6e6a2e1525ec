import schedule from 'node-schedule';
import type { Scheduler } from '../schedule/scheduler';
import type { TrayController } from './tray-controller';
import { E2E_GLOBAL, type E2EProbe, type E2ETrayItem } from './e2e-hook-model';

/**
 * Publishes the end-to-end probe (see e2e-hook-model.ts) on globalThis. Called by DesktopApp only when
 * e2eHookEnabled() says so: an unpackaged app started with AUTOTASK_BILLING_SYNC_E2E=1.
 */
export function installE2EHook(opts: { databaseFile: string; keychainService: string; tray: () => TrayController | null; scheduler: () => Scheduler }): void {
  const items = (): Electron.MenuItem[] | null => opts.tray()?.menu()?.items ?? null;
  const probe: E2EProbe = {
    databaseFile: opts.databaseFile,
    keychainService: opts.keychainService,
    trayMenu: () => items()?.map((i): E2ETrayItem => ({ label: i.label, enabled: i.enabled, checked: i.checked, type: i.type })) ?? null,
    trayTooltip: () => opts.tray()?.tooltip() ?? null,
    clickTrayItem: (label) => {
      const item = items()?.find((i) => i.label === label);
      if (!item || !item.enabled) return false;
      // The same call Electron makes when the user picks the item in the tray menu; on the next turn, so
      // that "Quit" does not end the process before this answer reaches the test.
      setTimeout(() => item.click(), 0);
      return true;
    },
    scheduler: () => {
      const next = opts.scheduler().nextRunAt();
      return {
        runningNow: opts.scheduler().running(),
        nextRunAt: next ? next.toISOString() : null,
        nextRunLocal: next ? { hour: next.getHours(), minute: next.getMinutes() } : null,
        armedJobs: Object.values(schedule.scheduledJobs).map((job) => {
          const at = job.nextInvocation() as Date | null;
          return at ? new Date(at.getTime()).toISOString() : null;
        }),
      };
    },
  };
  (globalThis as Record<string, unknown>)[E2E_GLOBAL] = probe;
}
