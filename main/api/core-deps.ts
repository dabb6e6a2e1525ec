import type { AppDatabase } from '../db/open-database';
import type { SecretStore } from '../secrets/secret-store';
import type { Credentials, Env } from '../secrets/credentials';
import type { Events } from '../../shared/api-contract';
import type { AttentionService } from '../attention/attention-service';
import type { ExcludedService } from '../excluded/excluded-service';
import type { ReadService } from './read-service';
import type { BillingChannel, DomainHandlers } from './handler-types';
import type { SaveBillingFiles } from './billing-handlers';
import type { SyncPreview } from '../../shared/sync-preview';
import type { ItemFilter } from '../../shared/items';
import type { AppInfo, ExportResult, LogFilter, SyncProgress, SyncRequest, TestConnectionResult, Trigger } from '../../shared/domain';

export type Emit = <K extends keyof Events>(channel: K, payload: Events[K]) => void;

/** Runs syncs in the background; implemented by the sync engine (main/sync). */
export interface SyncController {
  start(request: SyncRequest, trigger: Trigger): Promise<{ queued: true; message: string }>;
  current(): SyncProgress | null;
  /** Stops the running sync at its next page boundary (recorded `cancelled`) and drops queued ones. */
  cancel?(): { cancelled: boolean; message: string };
  /** A dry run of the request through the same planning code, as the preview dialog shows it. */
  preview?(request: SyncRequest, trigger: Trigger): Promise<SyncPreview>;
  cancelPreview?(): { cancelled: boolean };
}

/**
 * Everything the handler table needs, passed in so that every transport (Electron IPC, the browser
 * bridge, tests) builds the same table with its own edges: clock, keychain, dialogs, sync engine.
 */
export interface CoreDeps {
  database: AppDatabase;
  secrets: SecretStore;
  env: Env;
  mode: AppInfo['mode'];
  demo: boolean;
  version: string;
  now: () => Date;
  emit: Emit;
  sync?: SyncController;
  testConnection?: (credentials: Credentials, zoneLookupUrl: string) => Promise<TestConnectionResult>;
  /** Writes the filtered logs as CSV to wherever this transport saves files (native dialog, download…). */
  exportLogs?: (filter: LogFilter) => Promise<ExportResult>;
  /** Writes the filtered Engineering Items as CSV the same way (native dialog, download…). */
  exportItems?: (filter: ItemFilter) => Promise<ExportResult>;
  /** Saves a billing export's files wherever this transport saves files (native dialog, download…). */
  saveBillingFiles?: SaveBillingFiles;
  enableDemo?: () => Promise<{ ok: boolean; message: string }>;
  /** The attention list's service, built by the composition root (the CLI uses the same object). */
  attention?: AttentionService;
  /** The "Excluded" view's reader and cache (issue #15), built by the composition root (the CLI uses the same object). */
  excluded?: ExcludedService;
  /** The read side (dashboard, logs, lists), built by the composition root (the CLI uses the same object). */
  reads?: ReadService;
  /** The billing domain's handlers (main/billing), built by the composition root. */
  billing?: DomainHandlers<BillingChannel>;
}
