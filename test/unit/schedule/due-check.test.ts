import { describe, expect, it } from 'vitest';
import { checkDue, type DueCheckInput } from '../../../main/schedule/due-check';
import { latestSlotAtOrBefore, nextSlotAfter, parseScheduleTime } from '../../../main/schedule/schedule-slots';
import { instantOfWallClock, wallClockAt } from '../../../main/schedule/zoned-time';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const at = (iso: string) => new Date(iso);

function input(over: Partial<DueCheckInput>): DueCheckInput {
  return { now: at('2026-06-10T12:00:00Z'), scheduleTime: '02:00', timeZone: NY, paused: false, lastSuccessAt: null, lastAttemptAt: null, ...over };
}

/**
 * Drives the due-check the way the app does — a check every 15 minutes, a run started whenever it says
 * so, the attempt recorded at once — and returns the local dates on which runs started.
 */
function simulate(opts: { from: string; to: string; scheduleTime: string; timeZone: string; stepMinutes?: number }): { runs: Date[]; localDates: string[] } {
  const runs: Date[] = [];
  let lastAttemptAt: Date | null = null;
  let lastSuccessAt: Date | null = null;
  const end = at(opts.to).getTime();
  for (let t = at(opts.from).getTime(); t <= end; t += (opts.stepMinutes ?? 15) * 60_000) {
    const now = new Date(t);
    const result = checkDue({ now, scheduleTime: opts.scheduleTime, timeZone: opts.timeZone, paused: false, lastAttemptAt, lastSuccessAt, notBefore: at(opts.from) });
    if (result.due) {
      runs.push(now);
      lastAttemptAt = now;
      lastSuccessAt = new Date(t + 60_000);
    }
  }
  const localDates = runs.map((r) => {
    const w = wallClockAt(r, opts.timeZone);
    return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  });
  return { runs, localDates };
}

describe('schedule slots', () => {
  it('parses 24-hour times and refuses others', () => {
    expect(parseScheduleTime('02:00')).toEqual({ hour: 2, minute: 0 });
    expect(parseScheduleTime('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(() => parseScheduleTime('24:00')).toThrow(/24-hour time/);
    expect(() => parseScheduleTime('2am')).toThrow(/24-hour time/);
  });

  it('finds the latest slot at or before now, and the next one after it, in local time', () => {
    // 2026-06-10 01:59 EDT = 05:59Z: today's 02:00 has not come yet.
    expect(latestSlotAtOrBefore(at('2026-06-10T05:59:00Z'), '02:00', NY).toISOString()).toBe('2026-06-09T06:00:00.000Z');
    expect(latestSlotAtOrBefore(at('2026-06-10T06:00:00Z'), '02:00', NY).toISOString()).toBe('2026-06-10T06:00:00.000Z');
    expect(nextSlotAfter(at('2026-06-10T06:00:00Z'), '02:00', NY).toISOString()).toBe('2026-06-11T06:00:00.000Z');
    expect(nextSlotAfter(at('2026-06-10T05:00:00Z'), '02:00', NY).toISOString()).toBe('2026-06-10T06:00:00.000Z');
  });

  it('maps a time that does not exist to just past the gap, and a repeated time to its first occurrence', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    expect(instantOfWallClock({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    // New York, 2026-11-01: 01:30 EDT (05:30Z) and again 01:30 EST (06:30Z).
    expect(instantOfWallClock({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // London, 2026-03-29: 01:00 GMT jumps to 02:00 BST; 2026-10-25: 01:30 occurs twice.
    expect(instantOfWallClock({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, LONDON).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(instantOfWallClock({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, LONDON).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('due-check', () => {
  it('a run already succeeded today → none', () => {
    const r = checkDue(input({ now: at('2026-06-10T14:00:00Z'), lastSuccessAt: at('2026-06-10T06:04:00Z'), lastAttemptAt: at('2026-06-10T06:00:01Z') }));
    expect(r).toMatchObject({ due: false, reason: 'already-succeeded' });
  });

  it('at the slot with yesterday done → due, on time', () => {
    const r = checkDue(input({ now: at('2026-06-10T06:00:00Z'), lastSuccessAt: at('2026-06-09T06:03:00Z') }));
    expect(r).toMatchObject({ due: true, trigger: 'schedule' });
    expect(r.slot.toISOString()).toBe('2026-06-10T06:00:00.000Z');
  });

  it('02:00 missed while the machine slept → one catch-up run on waking, none after it started', () => {
    const lastSuccessAt = at('2026-06-09T06:02:00Z');
    const wake = at('2026-06-10T11:40:00Z'); // 07:40 local
    const first = checkDue(input({ now: wake, lastSuccessAt }));
    expect(first).toMatchObject({ due: true, trigger: 'catch-up' });
    // The catch-up started (attempt recorded); the late node-schedule timer, the resume event and the
    // 15-minute interval all ask again — and all get "no".
    for (const later of ['2026-06-10T11:40:00Z', '2026-06-10T11:41:00Z', '2026-06-10T11:55:00Z', '2026-06-11T05:59:00Z']) {
      expect(checkDue(input({ now: at(later), lastSuccessAt, lastAttemptAt: wake })).due).toBe(false);
    }
    // The next day's slot is due again.
    expect(checkDue(input({ now: at('2026-06-11T06:00:00Z'), lastSuccessAt: at('2026-06-10T11:45:00Z'), lastAttemptAt: wake })).due).toBe(true);
  });

  it('app closed for three days → exactly one run when it starts, not one per missed day', () => {
    // Last success on the 10th; the app was closed on the 11th, 12th and 13th and starts at 11:00 local.
    const lastSuccessAt = at('2026-06-10T06:01:00Z');
    const start = at('2026-06-13T15:00:00Z');
    const first = checkDue(input({ now: start, lastSuccessAt, notBefore: at('2026-06-01T00:00:00Z') }));
    expect(first).toMatchObject({ due: true, trigger: 'catch-up' });
    expect(first.slot.toISOString()).toBe('2026-06-13T06:00:00.000Z');
    let count = 1;
    for (let m = 15; m <= 24 * 60; m += 15) {
      const now = new Date(start.getTime() + m * 60_000);
      if (now.getTime() >= at('2026-06-14T06:00:00Z').getTime()) break;
      if (checkDue(input({ now, lastSuccessAt, lastAttemptAt: start, notBefore: at('2026-06-01T00:00:00Z') })).due) count++;
    }
    expect(count).toBe(1);
  });

  it('a failed attempt is not retried until the next slot', () => {
    const r = checkDue(input({ now: at('2026-06-10T09:00:00Z'), lastSuccessAt: at('2026-06-08T06:01:00Z'), lastAttemptAt: at('2026-06-10T06:00:00Z') }));
    expect(r).toMatchObject({ due: false, reason: 'already-attempted' });
  });

  it('respects a paused schedule and slots from before the schedule existed', () => {
    expect(checkDue(input({ paused: true }))).toMatchObject({ due: false, reason: 'paused' });
    expect(checkDue(input({ now: at('2026-06-10T12:00:00Z'), notBefore: at('2026-06-10T10:00:00Z') }))).toMatchObject({ due: false, reason: 'not-scheduled-yet' });
    expect(checkDue(input({ now: at('2026-06-10T12:00:00Z'), notBefore: at('2026-06-10T05:00:00Z') }))).toMatchObject({ due: true, trigger: 'catch-up' });
  });

  it('runs exactly once per local day through a normal week', () => {
    const { localDates } = simulate({ from: '2026-06-01T04:00:00Z', to: '2026-06-08T04:00:00Z', scheduleTime: '02:00', timeZone: NY });
    expect(localDates).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
  });

  it('DST spring-forward: 02:00 and 02:30 do not exist on 8 March in New York — still one run that day', () => {
    for (const scheduleTime of ['02:00', '02:30', '01:30', '03:00']) {
      const { localDates, runs } = simulate({ from: '2026-03-06T05:00:00Z', to: '2026-03-11T05:00:00Z', scheduleTime, timeZone: NY, stepMinutes: 5 });
      expect(localDates, scheduleTime).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
      expect(new Set(localDates).size).toBe(runs.length);
    }
    // The 02:30 run on the 8th happens at 03:30 EDT, right after the gap.
    const { runs } = simulate({ from: '2026-03-08T05:00:00Z', to: '2026-03-08T12:00:00Z', scheduleTime: '02:30', timeZone: NY, stepMinutes: 5 });
    expect(runs.map((r) => r.toISOString())).toEqual(['2026-03-08T07:30:00.000Z']);
  });

  it('DST fall-back: 01:30 happens twice on 1 November in New York — one run, at the first', () => {
    const { localDates } = simulate({ from: '2026-10-30T04:00:00Z', to: '2026-11-04T05:00:00Z', scheduleTime: '01:30', timeZone: NY, stepMinutes: 5 });
    expect(localDates).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
    const { runs } = simulate({ from: '2026-11-01T04:00:00Z', to: '2026-11-01T09:00:00Z', scheduleTime: '01:30', timeZone: NY, stepMinutes: 5 });
    expect(runs.map((r) => r.toISOString())).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('Europe/London: neither the March gap nor the October repeat skips or doubles a day', () => {
    for (const scheduleTime of ['01:30', '02:00', '00:30']) {
      const spring = simulate({ from: '2026-03-27T12:00:00Z', to: '2026-03-31T12:00:00Z', scheduleTime, timeZone: LONDON, stepMinutes: 5 });
      expect(spring.localDates, scheduleTime).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
      const autumn = simulate({ from: '2026-10-23T12:00:00Z', to: '2026-10-27T12:00:00Z', scheduleTime, timeZone: LONDON, stepMinutes: 5 });
      expect(autumn.localDates, scheduleTime).toEqual(['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
    }
  });

  it('the next slot is always in the future and one local day apart across DST changes', () => {
    let t = at('2026-03-01T12:00:00Z');
    const days: string[] = [];
    for (let i = 0; i < 14; i++) {
      const next = nextSlotAfter(t, '02:30', NY);
      expect(next.getTime()).toBeGreaterThan(t.getTime());
      const w = wallClockAt(next, NY);
      days.push(`${w.month}-${w.day}`);
      t = next;
    }
    expect(days).toEqual(['3-2', '3-3', '3-4', '3-5', '3-6', '3-7', '3-8', '3-9', '3-10', '3-11', '3-12', '3-13', '3-14', '3-15']);
  });
});
