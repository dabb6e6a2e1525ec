import { checkDue, type DueCheck, type ScheduledTrigger } from './due-check';
import { nextSlotAfter } from './schedule-slots';
import type { ScheduleStateStore, ScheduledRunRecord } from './schedule-state';
import type { RunScheduled, ScheduledRunOutcome } from './scheduled-run';

// Orchestrates the daily run: every trigger (the node-schedule timer at the slot, start-up, resume from
// sleep, a coarse interval) only calls check(); the pure due-check decides, the attempt is recorded
// BEFORE the run starts (so a crash or a burst of triggers cannot start it twice), and an in-process
// single-flight keeps two runs from overlapping here while the engine's lock covers other processes.

export type CheckSource = 'startup' | 'timer' | 'resume' | 'interval' | 'settings';

export interface ScheduleSettings {
  scheduleTime: string;
  schedulePaused: boolean;
}

export interface Cancelable {
  cancel(): void;
}

export type SchedulerEvent =
  | { type: 'run-started'; trigger: ScheduledTrigger; slot: Date; source: CheckSource }
  | { type: 'run-finished'; trigger: ScheduledTrigger; slot: Date; outcome: ScheduledRunOutcome }
  | { type: 'armed'; at: Date | null };

export type CheckResult =
  | { started: true; trigger: ScheduledTrigger; slot: Date; done: Promise<ScheduledRunOutcome> }
  | { started: false; reason: Exclude<DueCheck, { due: true }>['reason'] | 'running' | 'stopped' | 'bad-settings' };

export interface SchedulerDeps {
  now: () => Date;
  timeZone: () => string;
  settings: () => ScheduleSettings;
  state: ScheduleStateStore;
  runScheduled: RunScheduled;
  /** The engine's own record of the last successful scheduled run, if it keeps one. */
  lastEngineSuccessAt?: () => Date | null;
  /** Fires `fire` once at `at` (node-schedule in the app; a fake in tests). */
  armTimer: (at: Date, fire: () => void) => Cancelable;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  intervalMs?: number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface Scheduler {
  start(): CheckResult;
  stop(): void;
  check(source: CheckSource): CheckResult;
  /** Call on powerMonitor 'resume': timers may have slept through the slot. */
  resume(): CheckResult;
  /** Call after settings change: a new time or the end of a pause re-arms and does not catch up old slots. */
  settingsChanged(previous: ScheduleSettings): void;
  running(): boolean;
  nextRunAt(): Date | null;
}

export const DEFAULT_CHECK_INTERVAL_MS = 15 * 60_000;

const later = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a.getTime() >= b.getTime() ? a : b);

export function createScheduler(deps: SchedulerDeps): Scheduler {
  let inFlight: Promise<ScheduledRunOutcome> | null = null;
  let timer: Cancelable | null = null;
  let nextAt: Date | null = null;
  let intervalHandle: unknown = null;
  let stopped = true;
  const emit = (e: SchedulerEvent) => deps.onEvent?.(e);

  function arm(): void {
    timer?.cancel();
    timer = null;
    nextAt = null;
    const s = deps.settings();
    if (!stopped && !s.schedulePaused) {
      try {
        nextAt = nextSlotAfter(deps.now(), s.scheduleTime, deps.timeZone());
        timer = deps.armTimer(nextAt, () => {
          check('timer');
          arm();
        });
      } catch {
        nextAt = null; // an unreadable schedule time: nothing to arm; check() reports it
      }
    }
    emit({ type: 'armed', at: nextAt });
  }

  async function run(trigger: ScheduledTrigger, previousAttempt: Date | null): Promise<ScheduledRunOutcome> {
    let outcome: ScheduledRunOutcome;
    try {
      outcome = await deps.runScheduled(trigger);
    } catch (error) {
      outcome = { kind: 'not-run', message: error instanceof Error ? error.message : String(error) };
    }
    const finishedAt = deps.now();
    if (outcome.kind === 'busy') {
      // Nothing ran: forget the attempt so the next check (≤ one interval later) tries again.
      deps.state.write({ lastAttemptAt: previousAttempt });
    } else {
      const record: ScheduledRunRecord = {
        at: finishedAt.toISOString(),
        trigger,
        result: outcome.kind === 'completed' ? outcome.status : 'not-run',
        message: outcome.message,
      };
      const succeeded = outcome.kind === 'completed' && outcome.status !== 'failed';
      deps.state.write(succeeded ? { lastRun: record, lastSuccessAt: finishedAt } : { lastRun: record });
    }
    return outcome;
  }

  function check(source: CheckSource): CheckResult {
    if (stopped) return { started: false, reason: 'stopped' };
    if (inFlight) return { started: false, reason: 'running' };
    const s = deps.settings();
    const state = deps.state.read();
    const now = deps.now();
    let due: DueCheck;
    try {
      due = checkDue({
        now,
        scheduleTime: s.scheduleTime,
        timeZone: deps.timeZone(),
        paused: s.schedulePaused,
        lastSuccessAt: later(state.lastSuccessAt, deps.lastEngineSuccessAt?.() ?? null),
        lastAttemptAt: state.lastAttemptAt,
        notBefore: state.notBefore,
      });
    } catch {
      return { started: false, reason: 'bad-settings' };
    }
    if (!due.due) return { started: false, reason: due.reason };
    deps.state.write({ lastAttemptAt: now });
    emit({ type: 'run-started', trigger: due.trigger, slot: due.slot, source });
    const slot = due.slot;
    const trigger = due.trigger;
    const done = run(trigger, state.lastAttemptAt).then((outcome) => {
      inFlight = null;
      emit({ type: 'run-finished', trigger, slot, outcome });
      return outcome;
    });
    inFlight = done;
    return { started: true, trigger, slot, done };
  }

  return {
    start() {
      if (!stopped) return { started: false, reason: 'running' };
      stopped = false;
      // The first start arms the schedule from now: no catch-up for days before the app existed.
      if (!deps.state.read().notBefore) deps.state.write({ notBefore: deps.now() });
      arm();
      const set = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms).unref());
      intervalHandle = set(() => check('interval'), deps.intervalMs ?? DEFAULT_CHECK_INTERVAL_MS);
      return check('startup');
    },
    stop() {
      stopped = true;
      timer?.cancel();
      timer = null;
      nextAt = null;
      if (intervalHandle !== null) (deps.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(intervalHandle);
      intervalHandle = null;
    },
    check,
    resume() {
      arm();
      return check('resume');
    },
    settingsChanged(previous) {
      const next = deps.settings();
      const timeChanged = previous.scheduleTime !== next.scheduleTime;
      const unpaused = previous.schedulePaused && !next.schedulePaused;
      if (timeChanged || unpaused) deps.state.write({ notBefore: deps.now() });
      if (timeChanged || previous.schedulePaused !== next.schedulePaused) arm();
    },
    running: () => inFlight !== null,
    nextRunAt: () => nextAt,
  };
}
