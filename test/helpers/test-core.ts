import path from 'node:path';
import type { Handlers } from '../../main/api/handlers';
import type { CoreDeps } from '../../main/api/core-deps';
import { createCore, type Core, type CoreExtra } from '../../main/app/create-core';
import { sourceMigrationsFolder } from '../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../main/secrets/secret-store';
import type { Events } from '../../shared/api-contract';
import { saveExportFiles, suggestedName } from '../../main/billing/export-files';
import { makeTempDir } from './temp-dir';

export interface TestCore {
  handlers: Handlers;
  deps: CoreDeps;
  /** The whole core (sync service, services) as createCore built it. */
  core: Core;
  events: { channel: keyof Events; payload: unknown }[];
  cleanup: () => void;
}

/** What a test may replace: the edges (keychain, clock, events, environment) and the shell's pieces. */
export type TestCoreOverrides = Partial<Pick<CoreDeps, 'secrets' | 'env' | 'now' | 'emit' | CoreExtra>>;

/**
 * The app's core, built by the same createCore as Electron, the demo and the CLI, over a fresh migrated
 * database in a temporary folder, with fakes at the edges: an in-memory keychain, no environment, events
 * recorded. The real sync service and connection tester are wired unless a test brings its own.
 */
export function makeTestCore(overrides: TestCoreOverrides = {}): TestCore {
  const tmp = makeTempDir('abs-db-');
  const events: TestCore['events'] = [];
  const { secrets, env, now, emit, ...extra } = overrides;
  const databaseFile = path.join(tmp.dir, 'billing.db');
  const core = createCore({
    databaseFile,
    migrationsFolder: sourceMigrationsFolder(),
    secrets: secrets ?? createMemorySecretStore(),
    env: env ?? {},
    mode: 'test',
    version: '0.0.0-test',
    now: now ?? (() => new Date()),
    emit:
      emit ??
      ((channel, payload) => {
        events.push({ channel, payload });
      }),
    extra: {
      // Billing exports land in the test database's folder (what a save dialog would return).
      saveBillingFiles: async (files) => ({
        status: 'saved',
        files: await saveExportFiles(path.join(tmp.dir, suggestedName(files)), files, databaseFile),
      }),
      ...withoutUndefined(extra),
    },
  });
  const cleanup = () => {
    void core.close().catch(() => {}); // already closed by the test
    tmp.cleanup();
  };
  return { handlers: core.handlers, deps: core.deps, core, events, cleanup };
}

/** `{ billing: undefined }` means "the default wiring", as it did when deps were spread by hand. */
function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
