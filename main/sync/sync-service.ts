// The SyncController behind the UI (CoreDeps.sync) and the scheduler: runs are queued and executed in
// the background one at a time (the run lock also keeps other processes out), progress is pushed to the
// renderer as `sync:progress` events (throttled) and each outcome as `sync:finished`.
import type { RunSummary, SyncProgress, SyncRequest, Trigger } from '../../shared/domain';
import type { Events } from '../../shared/api-contract';
import type { Settings } from '../../shared/settings';
import type { AutotaskClientOptions } from '../autotask';
import type { AppDatabase } from '../db/open-database';
import { lastSuccessfulScheduledRun as lastSuccessfulRun } from '../db/queries/runs';
import { readSettings } from '../config/settings-store';
import { resolveCredentials, zoneLookupUrlFrom, type Env } from '../secrets/credentials';
import type { SecretStore } from '../secrets/secret-store';
import { cleanupOldLogRows } from './log-retention';
import { RunRecorder } from './run-recorder';
import { runSync, SyncCancelledError, SyncSetupError, type RunRequest, type RunResult, type SyncEnvironment } from './run-sync';
import { previewRunRequest, toSyncPreview } from './sync-preview';
import type { SyncPreview } from '../../shared/sync-preview';
import { runScheduledSequence } from './scheduled-run';

type Emit = <K extends keyof Events>(channel: K, payload: Events[K]) => void;

export const QUEUED_MESSAGES = {
  contract: 'Contract sync has been queued. Check the logs for progress.',
  time_entry: 'Time entry sync has been queued. Check the logs for progress.',
} as const;

/** A second request of a type that is already waiting in the queue (issue #17: the queue is bounded). */
export class SyncAlreadyQueuedError extends Error {
  constructor(readonly type: keyof typeof QUEUED_MESSAGES) {
    super(
      `A ${type === 'contract' ? 'contract' : 'time entry'} sync is already queued; it runs as soon as the current run ends. ` +
        'Nothing more was queued. Check the logs for progress.',
    );
    this.name = 'SyncAlreadyQueuedError';
  }
}

/** Said at the end of the guard's message in the app, in the app's own terms (issue #16). */
export const UI_HOW_TO_ALLOW = 'choose "Preview" on the sync panel to see every change, then "Allow this once" to run it with the check lifted for that one run';

export interface SyncServiceOptions {
  database: AppDatabase;
  secrets: SecretStore;
  env: Env;
  emit: Emit;
  now?: () => Date;
  settings?: () => Settings;
  backupDir?: string | false;
  client?: Partial<AutotaskClientOptions>;
  /** How long a queued run waits for a run of another process (a CLI sync) to finish. Default 15 min. */
  lockWaitMs?: number;
  /** Minimum time between two progress events of the same phase. Default 250 ms. */
  progressIntervalMs?: number;
}

export interface SyncService {
  /** Queues a run and returns at once with the confirmation the seed guide shows. */
  start(request: SyncRequest & { allowMassChange?: boolean }, trigger: Trigger): Promise<{ queued: true; message: string }>;
  /** Progress of the running run, or null. */
  current(): SyncProgress | null;
  /** The scheduled job (docs/product-rules.md#runs-and-logs): contract sync, then time sync over the configured window. Queued too. */
  runScheduled(trigger: 'schedule' | 'catch-up'): Promise<RunResult[]>;
  /** The newest completed (success or partial) run started by the schedule or a catch-up. */
  lastSuccessfulScheduledRun(): RunSummary | null;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /**
   * Asks the running run to stop at its next page boundary (issue #16); it is then recorded `cancelled`.
   * Runs still waiting in the queue are dropped too, so "Cancel" leaves nothing running.
   */
  cancel(): { cancelled: boolean; message: string };
  /** A dry run of this request (queued like a run), returned as the preview dialog shows it (issue #16). */
  preview(request: SyncRequest, trigger: Trigger): Promise<SyncPreview>;
  /** Stops the preview that is running or waiting (closing the dialog); leaves real runs alone. */
  cancelPreview(): { cancelled: boolean };
}

export const CANCEL_MESSAGES = {
  requested: 'Cancelling: the sync stops after the page it is on; pages already saved are kept.',
  idle: 'No sync is running, so there was nothing to cancel.',
} as const;

/** The environment a run reads its settings, credentials and zone address from (the app's and the CLI's). */
export function createSyncEnvironment(opts: Omit<SyncServiceOptions, 'emit'>): SyncEnvironment {
  const settings = opts.settings ?? (() => readSettings(opts.database.db));
  return {
    database: opts.database,
    settings,
    credentials: () => resolveCredentials({ env: opts.env, settings: settings(), store: opts.secrets }),
    zoneLookupUrl: () => zoneLookupUrlFrom(opts.env, settings()),
    now: opts.now ?? (() => new Date()),
    backupDir: opts.backupDir,
    client: opts.client,
    lockWaitMs: opts.lockWaitMs ?? 15 * 60_000,
    cleanupLogs: cleanupOldLogRows,
  };
}

export function createSyncService(opts: SyncServiceOptions): SyncService {
  const now = opts.now ?? (() => new Date());
  const env = createSyncEnvironment(opts);
  const interval = opts.progressIntervalMs ?? 250;
  let running: SyncProgress | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  /** Types with a manual run waiting (not yet started): at most one each, so the queue stays bounded. */
  const waiting = new Set<RunRequest['type']>();
  /** The active job's cancel switch; queued jobs started after a cancel see a newer generation. */
  let active: AbortController | null = null;
  let generation = 0;

  const onProgress = (() => {
    let lastAt = 0;
    let lastKey = '';
    return (p: SyncProgress) => {
      running = p;
      const key = `${p.runId}:${p.phase}`;
      const t = Date.now();
      if (key === lastKey && t - lastAt < interval) return;
      lastKey = key;
      lastAt = t;
      opts.emit('sync:progress', p);
    };
  })();

  const finished = (r: RunResult) => {
    const { plan: _plan, massChange: _massChange, ...summary } = r;
    opts.emit('sync:finished', summary);
  };

  /** A run that could not start (setup problem, or another process kept the lock) still gets a row. */
  const recordFailure = (request: RunRequest, trigger: Trigger, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const rec = new RunRecorder(opts.database.sqlite, { type: request.type, trigger, options: request, dryRun: request.dryRun === true, now });
    rec.log({ syncType: request.type, operation: 'error', status: 'error', message }, 0);
    rec.counts.error += 1;
    finished(rec.finish('failed', message, null));
  };

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const p = tail.then(job, job);
    tail = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  };

  const runOne = async (request: RunRequest, trigger: Trigger) => {
    const controller = new AbortController();
    active = controller;
    try {
      const r = await runSync(env, request, trigger, { onProgress, howToAllow: UI_HOW_TO_ALLOW, signal: controller.signal });
      finished(r);
      return r;
    } catch (error) {
      recordFailure(request, trigger, error);
      return null;
    } finally {
      running = null;
      if (active === controller) active = null;
    }
  };

  let previewing: AbortController | null = null;
  const preview = async (request: SyncRequest, trigger: Trigger): Promise<SyncPreview> => {
    previewing?.abort(); // one preview at a time: a newer one replaces it
    const controller = new AbortController();
    previewing = controller;
    await env.credentials().catch((error: unknown) => {
      if (previewing === controller) previewing = null;
      throw new SyncSetupError(error instanceof Error ? error.message : String(error));
    });
    const result = await enqueue(async () => {
      if (controller.signal.aborted) return null; // closed while it waited
      active = controller;
      try {
        const r = await runSync(env, previewRunRequest(request), trigger, { onProgress, howToAllow: UI_HOW_TO_ALLOW, signal: controller.signal });
        finished(r);
        return r;
      } finally {
        running = null;
        if (active === controller) active = null;
      }
    }).finally(() => {
      if (previewing === controller) previewing = null;
    });
    if (!result) throw new SyncCancelledError();
    return toSyncPreview(request, result);
  };

  return {
    preview,
    cancelPreview() {
      if (!previewing) return { cancelled: false };
      previewing.abort(new Error('preview closed'));
      return { cancelled: true };
    },
    async start(request, trigger) {
      // Missing credentials are reported now, to the person who clicked, rather than as a failed run.
      await env.credentials().catch((error: unknown) => {
        throw new SyncSetupError(error instanceof Error ? error.message : String(error));
      });
      if (waiting.has(request.type)) throw new SyncAlreadyQueuedError(request.type);
      waiting.add(request.type);
      const queuedIn = generation;
      void enqueue(async () => {
        waiting.delete(request.type);
        if (queuedIn !== generation) return null; // dropped by a cancel while it waited
        return runOne({ ...request }, trigger);
      });
      return { queued: true, message: QUEUED_MESSAGES[request.type] };
    },
    current: () => running,
    runScheduled(trigger) {
      return enqueue(async () => {
        const controller = new AbortController();
        active = controller;
        try {
          const runs = await runScheduledSequence(env, trigger, { onProgress, howToAllow: UI_HOW_TO_ALLOW, signal: controller.signal });
          for (const r of runs) finished(r);
          return runs;
        } catch (error) {
          recordFailure({ type: 'contract', endExpired: false }, trigger, error);
          return [];
        } finally {
          running = null;
          if (active === controller) active = null;
        }
      });
    },
    lastSuccessfulScheduledRun() {
      return lastSuccessfulRun(opts.database.sqlite);
    },
    idle: () => tail.then(() => undefined),
    cancel() {
      const hadQueued = waiting.size > 0;
      generation += 1;
      waiting.clear();
      if (!active || active.signal.aborted) {
        return hadQueued && !active
          ? { cancelled: true, message: 'The queued sync was removed before it started.' }
          : { cancelled: active !== null, message: active ? CANCEL_MESSAGES.requested : CANCEL_MESSAGES.idle };
      }
      active.abort(new Error('cancelled on request'));
      // Say so at once (the run itself reports again at its next page boundary).
      if (running) {
        running = { ...running, cancelling: true };
        opts.emit('sync:progress', running);
      }
      return { cancelled: true, message: CANCEL_MESSAGES.requested };
    },
  };
}
