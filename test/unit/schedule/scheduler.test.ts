import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createScheduler, type SchedulerDeps, type SchedulerEvent, type ScheduleSettings } from '../../../main/schedule/scheduler';
import { createMemoryScheduleStateStore, createSqliteScheduleStateStore, type ScheduleState } from '../../../main/schedule/schedule-state';
import type { ScheduledRunOutcome } from '../../../main/schedule/scheduled-run';
import type { ScheduledTrigger } from '../../../main/schedule/due-check';
import { armWithNodeSchedule } from '../../../main/schedule/node-schedule-trigger';
import { makeTestDatabase } from '../../helpers/test-database';

const NY = 'America/New_York';
const root = path.resolve(__dirname, '..', '..', '..');

/** A controllable world: a wall clock, the armed one-shot timer, the interval, and a fake engine. */
function world(opts: { now: string; state?: Partial<ScheduleState>; settings?: Partial<ScheduleSettings>; outcome?: () => ScheduledRunOutcome }) {
  let now = new Date(opts.now);
  let settings: ScheduleSettings = { scheduleTime: '02:00', schedulePaused: false, ...opts.settings };
  const state = createMemoryScheduleStateStore(opts.state);
  const armed: { at: Date; fire: () => void; cancelled: boolean }[] = [];
  let intervalFn: (() => void) | null = null;
  const runs: ScheduledTrigger[] = [];
  const events: SchedulerEvent[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const deps: SchedulerDeps = {
    now: () => now,
    timeZone: () => NY,
    settings: () => settings,
    state,
    runScheduled: async (trigger) => {
      runs.push(trigger);
      if (hold) await new Promise<void>((r) => (release = r));
      return opts.outcome?.() ?? { kind: 'completed', status: 'success', message: 'ok' };
    },
    armTimer: (at, fire) => {
      const entry = { at, fire, cancelled: false };
      armed.push(entry);
      return { cancel: () => (entry.cancelled = true) };
    },
    setInterval: (fn) => {
      intervalFn = fn;
      return 1;
    },
    clearInterval: () => (intervalFn = null),
    onEvent: (e) => events.push(e),
  };
  const scheduler = createScheduler(deps);
  return {
    scheduler,
    state,
    runs,
    events,
    armed,
    setNow: (iso: string) => (now = new Date(iso)),
    setSettings: (s: Partial<ScheduleSettings>) => {
      const prev = settings;
      settings = { ...settings, ...s };
      scheduler.settingsChanged(prev);
    },
    activeTimer: () => armed.filter((a) => !a.cancelled).at(-1),
    interval: () => intervalFn?.(),
    holdRuns: () => (hold = true),
    releaseRun: () => release?.(),
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('scheduler orchestration', () => {
  it('runs at the slot with trigger "schedule" and arms the next day', async () => {
    const w = world({ now: '2026-06-09T20:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z'), lastSuccessAt: new Date('2026-06-09T06:01:00Z') } });
    expect(w.scheduler.start()).toEqual({ started: false, reason: 'already-succeeded' });
    expect(w.activeTimer()!.at.toISOString()).toBe('2026-06-10T06:00:00.000Z');
    w.setNow('2026-06-10T06:00:00Z');
    w.activeTimer()!.fire();
    await flush();
    expect(w.runs).toEqual(['schedule']);
    expect(w.state.read().lastSuccessAt?.toISOString()).toBe('2026-06-10T06:00:00.000Z');
    expect(w.state.read().lastRun).toMatchObject({ trigger: 'schedule', result: 'success' });
    expect(w.activeTimer()!.at.toISOString()).toBe('2026-06-11T06:00:00.000Z');
    w.scheduler.stop();
  });

  it('missed 02:00 during sleep → one catch-up on resume; the late timer and the interval start nothing more', async () => {
    const w = world({ now: '2026-06-09T20:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z'), lastSuccessAt: new Date('2026-06-09T06:01:00Z') } });
    w.scheduler.start();
    const timerArmedBeforeSleep = w.activeTimer()!;
    // Asleep from 22:00 to 08:30 local: no timer ran. On waking, powerMonitor 'resume' arrives first…
    w.setNow('2026-06-10T12:30:00Z');
    const r = w.scheduler.resume();
    expect(r).toMatchObject({ started: true, trigger: 'catch-up' });
    // …then node-schedule's delayed timer (monotonic clock) and the interval fire while it runs.
    timerArmedBeforeSleep.fire();
    w.interval();
    await flush();
    w.interval();
    w.setNow('2026-06-10T12:45:00Z');
    w.interval();
    await flush();
    expect(w.runs).toEqual(['catch-up']);
    expect(w.events.filter((e) => e.type === 'run-started')).toHaveLength(1);
    w.scheduler.stop();
  });

  it('app closed for three days → one catch-up run at start-up', async () => {
    const w = world({ now: '2026-06-13T15:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z'), lastSuccessAt: new Date('2026-06-10T06:01:00Z') } });
    const r = w.scheduler.start();
    expect(r).toMatchObject({ started: true, trigger: 'catch-up' });
    if (r.started) expect(r.slot.toISOString()).toBe('2026-06-13T06:00:00.000Z');
    await flush();
    for (let i = 0; i < 10; i++) w.interval();
    await flush();
    expect(w.runs).toEqual(['catch-up']);
    w.scheduler.stop();
  });

  it('never starts two runs at once, however many triggers arrive', async () => {
    const w = world({ now: '2026-06-10T06:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z') } });
    w.holdRuns();
    expect(w.scheduler.start()).toMatchObject({ started: true });
    expect(w.scheduler.running()).toBe(true);
    expect(w.scheduler.check('interval')).toEqual({ started: false, reason: 'running' });
    expect(w.scheduler.resume()).toEqual({ started: false, reason: 'running' });
    w.releaseRun();
    await flush();
    expect(w.scheduler.running()).toBe(false);
    expect(w.runs).toHaveLength(1);
    w.scheduler.stop();
  });

  it('a run refused because another process holds the lock is retried at the next check', async () => {
    let busy = true;
    const w = world({
      now: '2026-06-10T06:00:00Z',
      state: { notBefore: new Date('2026-06-01T00:00:00Z') },
      outcome: () => (busy ? { kind: 'busy', message: 'A sync started from the command line is running.' } : { kind: 'completed', status: 'success', message: 'ok' }),
    });
    w.scheduler.start();
    await flush();
    expect(w.state.read().lastAttemptAt).toBeNull();
    busy = false;
    w.setNow('2026-06-10T06:15:00Z');
    w.interval();
    await flush();
    expect(w.runs).toEqual(['schedule', 'catch-up']); // 15 minutes late is past the on-time grace
    w.setNow('2026-06-10T06:30:00Z');
    w.interval();
    await flush();
    expect(w.runs).toHaveLength(2);
    w.scheduler.stop();
  });

  it('a failed run is recorded, reported, and not retried before the next slot', async () => {
    const w = world({
      now: '2026-06-10T06:00:00Z',
      state: { notBefore: new Date('2026-06-01T00:00:00Z') },
      outcome: () => ({ kind: 'completed', status: 'failed', message: 'The API secret was rejected (HTTP 401).' }),
    });
    w.scheduler.start();
    await flush();
    w.setNow('2026-06-10T09:00:00Z');
    w.interval();
    await flush();
    expect(w.runs).toEqual(['schedule']);
    expect(w.state.read().lastSuccessAt).toBeNull();
    expect(w.state.read().lastRun).toMatchObject({ result: 'failed', message: 'The API secret was rejected (HTTP 401).' });
    expect(w.events.find((e) => e.type === 'run-finished')).toMatchObject({ outcome: { kind: 'completed', status: 'failed' } });
    w.scheduler.stop();
  });

  it('an engine that throws counts as a run that could not start', async () => {
    const w = world({ now: '2026-06-10T06:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z') } });
    const s = createScheduler({
      now: () => new Date('2026-06-10T06:00:00Z'),
      timeZone: () => NY,
      settings: () => ({ scheduleTime: '02:00', schedulePaused: false }),
      state: w.state,
      runScheduled: async () => {
        throw new Error('Autotask credentials are incomplete: missing API secret.');
      },
      armTimer: () => ({ cancel: () => undefined }),
      setInterval: () => 1,
      clearInterval: () => undefined,
    });
    const r = s.start();
    expect(r.started).toBe(true);
    if (r.started) await expect(r.done).resolves.toEqual({ kind: 'not-run', message: 'Autotask credentials are incomplete: missing API secret.' });
    expect(w.state.read().lastRun).toMatchObject({ result: 'not-run' });
    s.stop();
  });

  it('respects a paused schedule: nothing is armed or run; unpausing does not catch up the paused days', async () => {
    const w = world({
      now: '2026-06-12T15:00:00Z',
      settings: { schedulePaused: true },
      state: { notBefore: new Date('2026-06-01T00:00:00Z'), lastSuccessAt: new Date('2026-06-09T06:01:00Z') },
    });
    expect(w.scheduler.start()).toEqual({ started: false, reason: 'paused' });
    expect(w.activeTimer()).toBeUndefined();
    expect(w.scheduler.nextRunAt()).toBeNull();
    w.setSettings({ schedulePaused: false });
    expect(w.scheduler.check('settings')).toEqual({ started: false, reason: 'not-scheduled-yet' });
    expect(w.activeTimer()!.at.toISOString()).toBe('2026-06-13T06:00:00.000Z');
    expect(w.runs).toEqual([]);
    w.scheduler.stop();
  });

  it('a new schedule time re-arms the timer without running the slot it moved over', () => {
    const w = world({ now: '2026-06-10T14:00:00Z', state: { notBefore: new Date('2026-06-01T00:00:00Z'), lastSuccessAt: new Date('2026-06-10T06:01:00Z') } });
    w.scheduler.start();
    w.setSettings({ scheduleTime: '09:30' }); // 09:30 local already passed today
    expect(w.scheduler.check('settings')).toEqual({ started: false, reason: 'not-scheduled-yet' });
    expect(w.activeTimer()!.at.toISOString()).toBe('2026-06-11T13:30:00.000Z');
    w.scheduler.stop();
  });

  it('a first start arms from now instead of catching up a run nobody asked for', () => {
    const w = world({ now: '2026-06-10T15:00:00Z' });
    expect(w.scheduler.start()).toEqual({ started: false, reason: 'not-scheduled-yet' });
    expect(w.state.read().notBefore?.toISOString()).toBe('2026-06-10T15:00:00.000Z');
    w.scheduler.stop();
    expect(w.scheduler.check('interval')).toEqual({ started: false, reason: 'stopped' });
  });
});

describe('schedule state in SQLite', () => {
  it('persists attempts, successes and the last run across connections', () => {
    const db = makeTestDatabase();
    try {
      const store = createSqliteScheduleStateStore(db.database.sqlite);
      expect(store.read()).toEqual({ lastAttemptAt: null, lastSuccessAt: null, notBefore: null, lastRun: null });
      store.write({ lastAttemptAt: new Date('2026-06-10T06:00:00Z'), lastRun: { at: '2026-06-10T06:03:00.000Z', trigger: 'schedule', result: 'partial', message: '3 errors' } });
      const again = createSqliteScheduleStateStore(db.database.sqlite).read();
      expect(again.lastAttemptAt?.toISOString()).toBe('2026-06-10T06:00:00.000Z');
      expect(again.lastRun).toEqual({ at: '2026-06-10T06:03:00.000Z', trigger: 'schedule', result: 'partial', message: '3 errors' });
      store.write({ lastAttemptAt: null });
      expect(store.read().lastAttemptAt).toBeNull();
    } finally {
      db.cleanup();
    }
  });
});

describe('node-schedule trigger', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once at the armed instant and can be cancelled', () => {
    vi.useFakeTimers({ now: new Date('2026-06-10T05:00:00Z') });
    const fired: number[] = [];
    armWithNodeSchedule(new Date('2026-06-10T06:00:00Z'), () => fired.push(Date.now()));
    const cancelled = armWithNodeSchedule(new Date('2026-06-10T06:30:00Z'), () => fired.push(-1));
    vi.advanceTimersByTime(59 * 60_000);
    expect(fired).toEqual([]);
    cancelled.cancel();
    vi.advanceTimersByTime(2 * 3_600_000);
    expect(fired).toEqual([new Date('2026-06-10T06:00:00Z').getTime()]);
  });

  it('fires a moment that already passed on the next tick instead of never', () => {
    vi.useFakeTimers({ now: new Date('2026-06-10T07:00:00Z') });
    let fired = 0;
    armWithNodeSchedule(new Date('2026-06-10T06:00:00Z'), () => fired++);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });
});

describe('the process time zone is the schedule time zone', () => {
  it('in a child process with TZ=America/New_York, the 02:00 slot is 02:00 New York time, also on DST days', () => {
    const script = [
      "import { systemTimeZone } from './main/schedule/zoned-time';",
      "import { latestSlotAtOrBefore } from './main/schedule/schedule-slots';",
      'const tz = systemTimeZone();',
      "const spring = latestSlotAtOrBefore(new Date('2026-03-08T12:00:00Z'), '02:30', tz);",
      "const fall = latestSlotAtOrBefore(new Date('2026-11-01T12:00:00Z'), '01:30', tz);",
      "const normal = latestSlotAtOrBefore(new Date('2026-06-10T12:00:00Z'), '02:00', tz);",
      // What the process's own local Date says for the same wall clocks.
      'const local = [new Date(2026, 2, 8, 2, 30), new Date(2026, 10, 1, 1, 30), new Date(2026, 5, 10, 2, 0)].map((d) => d.toISOString());',
      'console.log(JSON.stringify({ tz, slots: [spring, fall, normal].map((d) => d.toISOString()), local }));',
    ].join('\n');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--eval', script], {
      cwd: root,
      env: { ...process.env, TZ: NY },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim()) as { tz: string; slots: string[]; local: string[] };
    expect(out.tz).toBe(NY);
    expect(out.slots).toEqual(['2026-03-08T07:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-06-10T06:00:00.000Z']);
    expect(out.slots).toEqual(out.local);
  });
});
