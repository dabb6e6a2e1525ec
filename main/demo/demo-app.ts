import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, toLocalDate } from '../../shared/dates';
import type { RunSummary } from '../../shared/domain';
import { createCore, type Core } from '../app/create-core';
import { startBridgeServer, type BridgeServer } from '../bridge/bridge-server';
import { createEventHub } from '../bridge/event-hub';
import { createLogDownloads } from '../bridge/log-downloads';
import { createBillingDownloads } from '../bridge/billing-downloads';
import { readSettings, updateSettings } from '../config/settings-store';
import { sourceMigrationsFolder } from '../db/migrations-folder';
import { recentUnflaggedEntryIds } from '../db/queries/attention';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../sandbox';
import { createMemorySecretStore } from '../secrets/secret-store';

// `npm run demo`: the built-in Autotask sandbox with the demo tenant, the real core over a fresh database,
// configured for the sandbox, an initial contract + time sync so the dashboard has something to show, and
// the UI served on 127.0.0.1 through the browser bridge.

export interface DemoOptions {
  /** Folder of the built renderer. */
  staticDir: string;
  /** Where the demo database goes; a fresh temporary folder (removed on close) when not given. */
  dataDir?: string;
  /** Bridge port; 0 = any free port. */
  port?: number;
  /** Run the initial contract + time sync (default true). */
  initialSync?: boolean;
  /**
   * After the initial sync, un-approve two of this month's imported entries in the sandbox and sync time
   * again, so "Needs attention" has flagged items to show (`npm run demo`; off by default, so tests that
   * count the demo's figures are unaffected). Last month, the one Billing opens on, is left alone.
   */
  attentionExamples?: boolean;
  /**
   * After the initial sync, read the Excluded report once (what Refresh from Autotask does), so the page
   * opens on believable data (`npm run demo`; off by default, so tests can watch the first read).
   */
  readExcluded?: boolean;
  sandbox?: SandboxOptions;
  version?: string;
  log?: (line: string) => void;
}

export interface Demo {
  url: string;
  server: BridgeServer;
  sandbox: SandboxHandle;
  core: Core;
  databaseFile: string;
  /** Resolves when the initial sync has finished, with its runs. */
  initialSync: Promise<RunSummary[]>;
  close(): Promise<void>;
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const log = opts.log ?? (() => undefined);
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-billing-sync-demo-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const databaseFile = path.join(dataDir, 'billing.db');

  const sandbox = await startSandbox({ size: 'demo', ...opts.sandbox });
  const secrets = createMemorySecretStore({ [sandbox.credentials.username]: sandbox.credentials.secret });
  const hub = createEventHub();
  // Every finished run, in order: the initial sync reports the ones it started.
  const finishedRuns: RunSummary[] = [];
  const emit: typeof hub.emit = (channel, payload) => {
    if (channel === 'sync:finished') finishedRuns.push(payload as RunSummary);
    hub.emit(channel, payload);
  };
  let core: Core | null = null;
  const downloads = createLogDownloads({ departmentId: () => (core ? readSettings(core.database.db).departmentId : '1') });
  const billingDownloads = createBillingDownloads();
  const cleanup: (() => Promise<void> | void)[] = [() => sandbox.close()];
  try {
    core = createCore({
      now: () => new Date(),
      databaseFile,
      migrationsFolder: sourceMigrationsFolder(),
      secrets,
      // The shell's AUTOTASK_* variables would win over the demo configuration: leave them out.
      env: {},
      mode: 'browser',
      demo: true,
      version: opts.version ?? '0.0.0',
      emit,
      extra: {
        exportLogs: downloads.exportLogs,
        exportItems: downloads.exportItems,
        saveBillingFiles: billingDownloads.saveFiles,
        enableDemo: async () => ({ ok: true, message: 'This is already the demo tenant.' }),
      },
    });
    const c = core;
    cleanup.unshift(() => c.close());
    updateSettings(c.database.db, {
      username: sandbox.credentials.username,
      integrationCode: sandbox.credentials.integrationCode,
      zoneLookupUrl: sandbox.zoneLookupUrl,
    });
    const server = await startBridgeServer({ handlers: c.handlers, staticDir: opts.staticDir, hub, downloads, billingDownloads, sqlite: c.database.sqlite, port: opts.port });
    cleanup.unshift(() => server.close());

    const initialSync =
      opts.initialSync === false
        ? Promise.resolve([])
        : runInitialSync(c, finishedRuns, log).then(async (runs) => {
            const all = opts.attentionExamples ? [...runs, ...(await flagExamples(c, sandbox, finishedRuns, log))] : runs;
            if (opts.readExcluded) await readExcludedOnce(c, log);
            return all;
          });
    let closed: Promise<void> | undefined;
    return {
      url: server.url,
      server,
      sandbox,
      core: c,
      databaseFile,
      initialSync,
      close() {
        closed ??= (async () => {
          await initialSync.catch(() => undefined);
          await c.syncService.idle();
          for (const step of cleanup) await step();
          if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
        })();
        return closed;
      },
    };
  } catch (error) {
    for (const step of cleanup) await Promise.resolve(step()).catch(() => undefined);
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A contract sync, then time entries over the configured window (what the nightly job does). */
async function runInitialSync(core: Core, finished: RunSummary[], log: (line: string) => void): Promise<RunSummary[]> {
  const firstIndex = finished.length;
  const sync = core.deps.sync!;
  const today = toLocalDate(new Date());
  const days = readSettings(core.database.db).timeWindowDays;
  log('Initial sync: contracts…');
  await sync.start({ type: 'contract', endExpired: false }, 'manual');
  await core.syncService.idle();
  log(`Initial sync: time entries of the last ${days} days…`);
  await sync.start({ type: 'time_entry', from: addDays(today, -days), to: today }, 'manual');
  await core.syncService.idle();
  return finished.slice(firstIndex);
}

/** Two of this month's imported entries un-approved in the sandbox, then a time sync: they come back flagged. */
async function flagExamples(core: Core, sandbox: SandboxHandle, finished: RunSummary[], log: (line: string) => void): Promise<RunSummary[]> {
  const firstIndex = finished.length;
  const today = toLocalDate(new Date());
  const ids = recentUnflaggedEntryIds(core.database.sqlite, `${today.slice(0, 7)}-01`, 2);
  if (ids.length === 0) return [];
  for (const id of ids) sandbox.control.unapproveTimeEntry(id);
  log(`Demo: ${ids.length} of this month's entries un-approved in the sandbox, so Needs attention has flagged items…`);
  const days = readSettings(core.database.db).timeWindowDays;
  await core.deps.sync!.start({ type: 'time_entry', from: addDays(today, -days), to: today }, 'manual');
  await core.syncService.idle();
  return finished.slice(firstIndex);
}

/** The Excluded page's first read, as its Refresh button does it; a failure is logged, not fatal to the demo. */
async function readExcludedOnce(core: Core, log: (line: string) => void): Promise<void> {
  log('Demo: reading what the sync leaves out, for the Excluded page…');
  try {
    const report = await core.excluded.refresh();
    log(`Demo: ${report.contracts.length} contracts left out, time on ${report.timeByContract.length} of them, ${report.noContract.entries} entries on no contract.`);
  } catch (error) {
    log(`Demo: the Excluded read failed (${error instanceof Error ? error.message : String(error)}); use Refresh from Autotask on the page.`);
  }
}
