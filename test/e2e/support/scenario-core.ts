import path from 'node:path';
import { createCore, type Core } from '../../../main/app/create-core';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { exportLogsToFile } from '../../../main/export/log-csv';
import { startSandbox, type SandboxHandle } from '../../../main/sandbox';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import type { Events } from '../../../shared/api-contract';
import { logExportFileName } from '../../../shared/export-name';
import { readSettings } from '../../../main/config/settings-store';
import { makeTempDir } from '../../helpers/temp-dir';
import type { AppPage } from '../harness/browser';

/**
 * The real core (createCore: sync engine, connection tester, settings, keychain port) over a fresh
 * database, next to the built-in Autotask sandbox with the demo tenant. Events go to whichever app pages
 * are open, as Electron's webContents.send would deliver them. CSV export answers like the desktop's
 * save dialog with a file in a temporary folder.
 */
export interface ScenarioCore {
  core: Core;
  sandbox: SandboxHandle;
  exportDir: string;
  attach(app: AppPage): void;
  close(): Promise<void>;
}

export async function startScenarioCore(): Promise<ScenarioCore> {
  const tmp = makeTempDir('abs-scenario-');
  const sandbox = await startSandbox({ size: 'demo', latencyScale: 0 });
  const pages = new Set<AppPage>();
  const emit = <K extends keyof Events>(channel: K, payload: Events[K]) => {
    for (const app of pages) {
      if (!app.page.isClosed()) void app.emit(channel, payload).catch(() => undefined);
    }
  };
  let core: Core | null = null;
  core = createCore({
    now: () => new Date(),
    databaseFile: path.join(tmp.dir, 'billing.db'),
    migrationsFolder: sourceMigrationsFolder(),
    secrets: createMemorySecretStore(),
    env: {},
    mode: 'test',
    version: '0.0.0-scenario',
    emit,
    extra: {
      exportLogs: async (filter) => {
        const fileName = logExportFileName(readSettings(core!.database.db).departmentId, new Date());
        const { rows, path: file } = await exportLogsToFile(core!.database.sqlite, filter, path.join(tmp.dir, fileName));
        return { status: 'saved', path: file, rows, fileName };
      },
    },
  });
  const c = core;
  return {
    core: c,
    sandbox,
    exportDir: tmp.dir,
    attach: (app) => {
      pages.add(app);
      app.page.on('close', () => pages.delete(app));
    },
    close: async () => {
      await c.syncService.idle();
      await c.close();
      await sandbox.close();
      tmp.cleanup();
    },
  };
}
