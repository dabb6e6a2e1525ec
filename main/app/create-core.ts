import path from 'node:path';
import type { AppDatabase } from '../db/open-database';
import { openCheckedDatabase } from '../db/recovery';
import { createHandlers, type Handlers } from '../api/handlers';
import type { CoreDeps, Emit } from '../api/core-deps';
import type { SecretStore } from '../secrets/secret-store';
import type { Env } from '../secrets/credentials';
import { ApiError } from '../api/api-error';
import { createSyncEnvironment, createSyncService, SyncAlreadyQueuedError, type SyncService } from '../sync/sync-service';
import { SyncCancelledError, SyncSetupError, type SyncEnvironment } from '../sync/run-sync';
import { SyncBusyError } from '../sync/run-lock';
import { createConnectionTester } from './connection-tester';
import { createBillingService } from '../billing/billing-service';
import { createBillingHandlers } from '../api/billing-handlers';
import type { BillingLedger } from '../billing/ledger';
import { createAttentionService, type AttentionService } from '../attention/attention-service';
import { createReadService, type ReadService } from '../api/read-service';
import { createExcludedService, type ExcludedService } from '../excluded/excluded-service';

/** The pieces a shell (or a test, with fakes) may bring in place of the core's own. */
export type CoreExtra = 'exportLogs' | 'exportItems' | 'saveBillingFiles' | 'enableDemo' | 'sync' | 'testConnection' | 'billing';

export interface CoreOptions {
  databaseFile: string;
  migrationsFolder: string;
  secrets: SecretStore;
  env: Env;
  mode: CoreDeps['mode'];
  demo?: boolean;
  version: string;
  emit: Emit;
  /** The clock every service reads (a fixed one in tests); required so no service falls back to the system clock unseen. */
  now: () => Date;
  nativeBinding?: string;
  /** Transport-specific pieces (save dialog or download, demo switch), filled in by each shell. */
  extra?: Partial<Pick<CoreDeps, CoreExtra>>;
}

/** The sync engine's refusals as the API's typed errors. */
async function apiErrors<T>(job: () => Promise<T>): Promise<T> {
  try {
    return await job();
  } catch (error) {
    if (error instanceof SyncSetupError) throw new ApiError('not-configured', error.message);
    if (error instanceof SyncAlreadyQueuedError) throw new ApiError('busy', error.message);
    if (error instanceof SyncCancelledError) throw new ApiError('busy', 'The preview was closed before it started.');
    if (error instanceof SyncBusyError) throw new ApiError('busy', error.message);
    throw error;
  }
}

export interface Core {
  database: AppDatabase;
  deps: CoreDeps;
  handlers: Handlers;
  /** The sync engine: also what the desktop scheduler calls (`runScheduled`, `lastSuccessfulScheduledRun`). */
  syncService: SyncService;
  /** The environment runs read settings, credentials and the zone address from (the CLI's sync commands use it). */
  syncEnvironment: SyncEnvironment;
  /** The services the handlers use, for transports that are not the handler table (the CLI). */
  ledger: BillingLedger;
  attention: AttentionService;
  reads: ReadService;
  excluded: ExcludedService;
  close(): Promise<void>;
}

/**
 * The composition root shared by every shell (Electron, the browser demo, the CLI, tests): opens the database and
 * wires the core's services into one handler table. Each capability adds its wiring here.
 */
export function createCore(opts: CoreOptions): Core {
  // A damaged file is refused with CorruptDatabaseError, which names the latest intact backup to offer.
  const database = openCheckedDatabase(path.resolve(opts.databaseFile), {
    migrationsFolder: opts.migrationsFolder,
    nativeBinding: opts.nativeBinding,
  });
  const { now } = opts;
  const syncService = createSyncService({ database, secrets: opts.secrets, env: opts.env, emit: opts.emit, now });
  const attention = createAttentionService({ sqlite: database.sqlite, now });
  const ledger = createBillingService({ database, now });
  const reads = createReadService(database.sqlite);
  const syncEnvironment = createSyncEnvironment({ database, secrets: opts.secrets, env: opts.env, now });
  const excluded = createExcludedService({ sqlite: database.sqlite, environment: syncEnvironment, now });
  const deps: CoreDeps = {
    database,
    secrets: opts.secrets,
    env: opts.env,
    mode: opts.mode,
    demo: opts.demo ?? false,
    version: opts.version,
    now,
    emit: opts.emit,
    sync: {
      start: (request, trigger) => apiErrors(() => syncService.start(request, trigger)),
      current: () => syncService.current(),
      cancel: () => syncService.cancel(),
      preview: (request, trigger) => apiErrors(() => syncService.preview(request, trigger)),
      cancelPreview: () => syncService.cancelPreview(),
    },
    testConnection: createConnectionTester(database),
    attention,
    reads,
    excluded,
    ...opts.extra,
  };
  deps.billing ??= createBillingHandlers({ ledger, saveFiles: deps.saveBillingFiles });
  return {
    database,
    deps,
    handlers: createHandlers(deps),
    syncService,
    syncEnvironment,
    ledger,
    attention,
    reads,
    excluded,
    close: async () => {
      database.close();
    },
  };
}
