// One sync run from start to finish: credentials, the cross-process lock, recovery of interrupted runs,
// a backup, the run row, the Autotask client, the contract or time-entry sync, and the final status.
// Record-level problems make the run `partial`; auth, network, limits and the mass-change guard make it
// `failed` with a message the bookkeeper can act on, and the data written by completed pages stays.
import { isolate } from '../../shared/display-text';
import path from 'node:path';
import type { Counts, RunSummary, SyncProgress, SyncRequest, Trigger } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import { addDays, toLocalDate } from '../../shared/dates';
import { createAutotaskClient, isAutotaskError, type AutotaskClient, type AutotaskClientOptions, type ClientEvent } from '../autotask';
import { createSqliteZoneCache } from '../db/zone-cache';
import { createSqliteThresholdCache } from '../db/threshold-cache';
import { createSqliteFieldListCache } from '../db/field-list-cache';
import { backupDatabase } from '../db/backup';
import type { AppDatabase } from '../db/open-database';
import { pruneTimeEntrySkips } from '../db/queries/sync-state';
import { backupDirFor } from '../paths';
import { MissingCredentialsError, type Credentials } from '../secrets/credentials';
import { createPlanApplier } from './apply-plan';
import { syncContracts } from './contract-sync';
import { loadLocalServices } from './local-services';
import { MassChangeError } from './mass-change-guard';
import { emptySummary, type PlanSummary } from './plan';
import { acquireRunLock } from './run-lock';
import { RunRecorder, failInterruptedRuns } from './run-recorder';
import type { SyncContext } from './sync-context';
import { syncTimeEntries } from './time-entry-sync';
import { CURSOR_KEY, LAST_FULL_KEY, contractsKey, coversScheduledWindow, decideTimeMode, writeState, type ModeDecision } from './time-sync-state';

/** What the UI, the CLI and the scheduler ask for. `mode: 'auto'` = incremental when allowed (scheduled). */
export type RunRequest = SyncRequest & {
  allowMassChange?: boolean;
  mode?: 'full' | 'auto';
  includePlan?: boolean;
  /** Preview (dry runs only): the mass-change guard reports in `massChange` instead of stopping the plan. */
  reportMassChange?: boolean;
};

export interface RunResult extends RunSummary {
  plan?: PlanSummary;
  /** The mass-change guard's message: what it would stop (preview) or what was allowed once (lifted). */
  massChange?: string;
}

export interface SyncEnvironment {
  database: AppDatabase;
  settings: () => Settings;
  /** Throws MissingCredentialsError when something is missing. */
  credentials: () => Promise<Credentials>;
  zoneLookupUrl: () => string;
  now?: () => Date;
  /** Where backups go (default: `backups/` next to the database); false = no backups. */
  backupDir?: string | false;
  /** Extra client options (tests: shorter retries). */
  client?: Partial<AutotaskClientOptions>;
  /** How long to wait for another process's run to finish before giving up (default 0). */
  lockWaitMs?: number;
  /** Log-retention cleanup to call after each run (see log-retention.ts). */
  cleanupLogs?: (env: SyncEnvironment, settings: Settings) => void;
}

export interface RunHooks {
  onProgress?: (p: SyncProgress) => void;
  /** Shown in the mass-change message: how to allow the change from where the run was started. */
  howToAllow?: string;
  /**
   * Cancels the run (issue #16): checked at every page boundary (each progress report comes after a page
   * was applied in its own transaction), and handed to the Autotask client so a request in flight or a
   * back-off wait stops at once — that page is then never applied. The run is recorded `cancelled`.
   */
  signal?: AbortSignal;
}

/** Thrown at a page boundary once the run's signal is aborted. */
export class SyncCancelledError extends Error {
  constructor() {
    super('The sync was cancelled.');
    this.name = 'SyncCancelledError';
  }
}

/** Waits shorter than this are pacing, not worth a "waiting for Autotask" line. */
const WAIT_SHOWN_MS = 1000;

/** Bad settings or credentials: nothing was started (CLI exit 2). */
export class SyncSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncSetupError';
  }
}

function describeCounts(c: Counts): string {
  return `${c.create} created, ${c.update} updated, ${c.unchanged} unchanged, ${c.skip} skipped, ${c.warning} warning(s), ${c.error} error(s)`;
}

/** Resolves the time window of a request: manual default is the last 7 days to today. */
export function manualWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -7), to: today };
}

export function scheduledWindow(today: string, settings: Settings): { from: string; to: string } {
  return { from: addDays(today, -settings.timeWindowDays), to: today };
}

async function prepare(env: SyncEnvironment): Promise<{ settings: Settings; credentials: Credentials; zoneLookupUrl: string }> {
  const settings = env.settings();
  let credentials: Credentials;
  try {
    credentials = await env.credentials();
  } catch (error) {
    if (error instanceof MissingCredentialsError) throw new SyncSetupError(error.message);
    throw error;
  }
  const zoneLookupUrl = env.zoneLookupUrl();
  try {
    new URL(zoneLookupUrl);
  } catch {
    throw new SyncSetupError(`The zone lookup address "${zoneLookupUrl}" is not a valid URL (setting zoneLookupUrl or AUTOTASK_ZONE_LOOKUP_URL).`);
  }
  return { settings, credentials, zoneLookupUrl };
}

export async function runSync(env: SyncEnvironment, request: RunRequest, trigger: Trigger, hooks: RunHooks = {}): Promise<RunResult> {
  const now = env.now ?? (() => new Date());
  const { settings, credentials, zoneLookupUrl } = await prepare(env);
  const { sqlite } = env.database;
  const dryRun = request.dryRun === true;
  const lock = await acquireRunLock(sqlite, { now, waitMs: env.lockWaitMs ?? 0 });
  let client: AutotaskClient | null = null;
  let recorder: RunRecorder | null = null;
  let massChange: string | undefined;
  try {
    failInterruptedRuns(sqlite);
    const today = toLocalDate(now());
    recorder = new RunRecorder(sqlite, { type: request.type, trigger, options: request, dryRun, now });
    lock.heartbeat(recorder.runId);
    const rec = recorder;
    const signal = hooks.signal;
    const checkCancelled = () => {
      if (signal?.aborted) throw new SyncCancelledError();
    };
    let last: { phase: string; done: number; total: number | null; phaseStartedAt: string } = { phase: 'Starting', done: 0, total: null, phaseStartedAt: new Date().toISOString() };
    let waiting: SyncProgress['waiting'] = null;
    const report = () =>
      hooks.onProgress?.({
        runId: rec.runId,
        type: request.type,
        trigger,
        ...last,
        counts: { ...rec.counts },
        startedAt: rec.startedAt,
        message: '',
        waiting,
        ...(signal?.aborted ? { cancelling: true } : {}),
      });
    const progress = (phase: string, done: number, total: number | null) => {
      last = { phase, done, total, phaseStartedAt: phase === last.phase ? last.phaseStartedAt : new Date().toISOString() };
      waiting = null;
      report();
      checkCancelled();
    };
    const onClientEvent = (e: ClientEvent) => {
      env.client?.onEvent?.(e);
      const ms = e.type === 'retry' ? e.delayMs : e.type === 'throttle-wait' && e.reason === 'rate-limit' ? e.ms : 0;
      if (ms >= WAIT_SHOWN_MS) {
        const reason = e.type === 'retry' ? e.message : 'Autotask asked the app to slow down';
        waiting = { until: new Date(Date.now() + ms).toISOString(), reason };
        report();
      } else if (e.type === 'page' && waiting) {
        waiting = null;
        report();
      }
    };
    progress('Starting', 0, 1);

    if (!dryRun && env.backupDir !== false && env.database.file !== ':memory:') {
      progress('Backing up the database', 0, 1);
      const base = path.basename(env.database.file).replace(/\.[^.]+$/, '');
      backupDatabase(sqlite, { dir: env.backupDir ?? backupDirFor(env.database.file), prefix: `${base}-before-sync`, keep: settings.keepBackups, now: now() });
      progress('Backing up the database', 1, 1);
    }

    client = createAutotaskClient({
      credentials,
      zoneLookupUrl,
      zoneCache: createSqliteZoneCache(env.database.db),
      thresholdCache: createSqliteThresholdCache(env.database.sqlite),
      fieldListCache: createSqliteFieldListCache(env.database.sqlite),
      concurrencyPerEntity: settings.apiConcurrency,
      budget: { reserve: settings.apiReserve },
      tls: { legacyServerConnect: settings.legacyTls === true },
      ...env.client,
      signal: signal && env.client?.signal ? AbortSignal.any([signal, env.client.signal]) : (signal ?? env.client?.signal),
      onEvent: onClientEvent,
    });
    progress('Starting', 1, 1);
    const summary = request.includePlan || dryRun ? emptySummary() : null;
    const keep = (m: string) => void (massChange = m);
    const guard = dryRun && request.reportMassChange ? { report: keep } : { lifted: keep };
    const ctx: SyncContext = {
      client,
      sqlite,
      settings,
      today,
      now,
      dryRun,
      allowMassChange: request.allowMassChange === true,
      howToAllow: hooks.howToAllow ?? 'run again with mass changes allowed',
      guard,
      recorder: rec,
      applier: createPlanApplier(sqlite, rec, now),
      summary,
      progress: (phase, done, total) => {
        lock.heartbeat();
        progress(phase, done, total);
      },
    };

    let detail: string;
    if (request.type === 'contract') {
      detail = await syncContracts(ctx, { endExpired: request.endExpired });
    } else {
      const decision: ModeDecision =
        request.mode === 'auto'
          ? decideTimeMode(sqlite, settings, loadLocalServices(sqlite), now())
          : { mode: 'full', cursor: null, reason: 'a manual run reads the whole window' };
      detail = await syncTimeEntries(ctx, { from: request.from, to: request.to, mode: decision.mode, cursor: decision.cursor });
      if (!dryRun) recordTimeState(env, settings, request, decision, rec.startedAt, today, now());
      detail += decision.mode === 'full' && request.mode === 'auto' ? ` (full reconciliation: ${decision.reason})` : '';
    }
    checkCancelled();
    if (massChange && request.allowMassChange) noteLiftedGuard(rec, request, massChange);
    const status = rec.counts.error > 0 ? 'partial' : 'success';
    const what = request.type === 'contract' ? 'Contract sync' : 'Time entry sync';
    const message = `${dryRun ? 'Dry run of ' + what.toLowerCase() : what} ${status === 'success' ? 'completed' : 'completed with errors'}: ${describeCounts(rec.counts)}. ${detail}.`;
    const result: RunResult = rec.finish(status, message, client.accounting());
    if (summary) result.plan = summary;
    if (massChange) result.massChange = massChange;
    return result;
  } catch (error) {
    if (!recorder) throw error;
    // The override was applied before the run failed: its log still says so.
    if (massChange && request.allowMassChange) noteLiftedSafely(recorder, request, massChange);
    if (hooks.signal?.aborted) return cancelRun(recorder, request, client);
    return failRun(recorder, request, error, client);
  } finally {
    await client?.close().catch(() => undefined);
    lock.release();
    if (recorder) {
      try {
        env.cleanupLogs?.(env, settings);
      } catch {
        // retention is housekeeping; it never fails a run
      }
    }
  }
}

/**
 * A cancelled run: every page applied before the stop stays (each was one transaction, with its log
 * rows and counts); the page being read when the cancel came was never applied. Time-sync state (the
 * incremental cursor) is only written by a completed run, so the next run reads the same window again
 * and converges.
 */
function cancelRun(recorder: RunRecorder, request: RunRequest, client: AutotaskClient | null): RunResult {
  const what = request.type === 'contract' ? 'Contract sync' : 'Time entry sync';
  const message = `${what} cancelled on request: ${describeCounts(recorder.counts)} before it stopped. Pages completed before the stop were kept; nothing was half-written, and the next run picks up the rest.`;
  let accounting = null;
  try {
    accounting = client?.accounting() ?? null;
  } catch {
    accounting = null;
  }
  return recorder.finish('cancelled', message, accounting);
}

function failRun(recorder: RunRecorder, request: RunRequest, error: unknown, client: AutotaskClient | null): RunResult {
  let message: string;
  let details: unknown;
  if (error instanceof MassChangeError) {
    message = error.message;
    details = { guard: 'mass-change' };
  } else if (isAutotaskError(error)) {
    message = `The sync stopped: ${isolate(error.userMessage)}`;
    details = error.toJSON();
  } else {
    const e = error instanceof Error ? error : new Error(String(error));
    message = `The sync stopped because of an unexpected error: ${e.message}`;
    details = { name: e.name, message: e.message, stack: e.stack };
  }
  const syncType = request.type === 'contract' ? 'contract' : 'time_entry';
  try {
    recorder.log({ syncType, operation: 'error', status: 'error', message, details }, 0);
    recorder.counts.error += 1;
  } catch {
    // the database itself may be what failed; the run row below still records the outcome if it can
  }
  let accounting = null;
  try {
    accounting = client?.accounting() ?? null;
  } catch {
    accounting = null;
  }
  const result: RunResult = recorder.finish('failed', message, accounting);
  if (error instanceof MassChangeError) result.massChangeStop = true;
  return result;
}

/** A run with the guard lifted says so in its own log: what the guard would have stopped, allowed for this run only. */
function noteLiftedGuard(rec: RunRecorder, request: RunRequest, message: string): void {
  const syncType = request.type === 'contract' ? 'contract' : 'time_entry';
  const what = message.replace(/^Stopped before writing anything: /, '').split('. That usually')[0];
  const text = `Mass-change check lifted for this run only ("Allow this once" / --allow-mass-change): ${what}.`;
  rec.log({ syncType, operation: 'update', status: 'warning', message: text, details: { guard: 'mass-change', allowedOnce: true } }, 0);
}

function noteLiftedSafely(rec: RunRecorder, request: RunRequest, message: string): void {
  try {
    noteLiftedGuard(rec, request, message);
  } catch {
    // the database itself may be what failed; the run row still records the outcome if it can
  }
}

function recordTimeState(
  env: SyncEnvironment,
  settings: Settings,
  request: RunRequest & { type: 'time_entry' },
  decision: ModeDecision,
  startedAt: string,
  today: string,
  now: Date,
): void {
  const { sqlite } = env.database;
  const coversWindow = coversScheduledWindow(request.from, request.to, today, settings);
  if (decision.mode === 'incremental' || coversWindow) writeState(sqlite, CURSOR_KEY, startedAt, now);
  if (decision.mode === 'full' && coversWindow) {
    const lastFull = {
      at: startedAt,
      windowDays: settings.timeWindowDays,
      rate: settings.hourlyRate,
      prefix: settings.skuPrefix,
      contractsKey: contractsKey(loadLocalServices(sqlite)),
    };
    writeState(sqlite, LAST_FULL_KEY, JSON.stringify(lastFull), now);
  }
  // Skip memory for entries that left the window is no longer needed.
  pruneTimeEntrySkips(sqlite, addDays(today, -Math.max(settings.timeWindowDays, 7) - 1));
}
