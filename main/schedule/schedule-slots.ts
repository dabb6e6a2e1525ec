import { addCalendarDays, instantOfWallClock, wallClockAt } from './zoned-time';

// A "slot" is the instant of one day's scheduled run: that local date at `scheduleTime` in the
// bookkeeper's time zone. Every local calendar date has exactly one slot, also on DST days (see
// instantOfWallClock), which is what makes "one run per day" hold across clock changes.

export interface ScheduleTime {
  hour: number;
  minute: number;
}

export function parseScheduleTime(value: string): ScheduleTime {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m) throw new Error(`The schedule time "${value}" is not a 24-hour time like 02:00.`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The slot of the local calendar date that contains `ref` (it may be before or after `ref`). */
function slotOfLocalDate(date: { year: number; month: number; day: number }, time: ScheduleTime, timeZone: string): Date {
  return instantOfWallClock({ ...date, hour: time.hour, minute: time.minute }, timeZone);
}

/** The most recent slot at or before `now`. */
export function latestSlotAtOrBefore(now: Date, scheduleTime: string, timeZone: string): Date {
  const time = parseScheduleTime(scheduleTime);
  const today = wallClockAt(now, timeZone);
  for (let back = 0; back <= 2; back++) {
    const slot = slotOfLocalDate(addCalendarDays(today, -back), time, timeZone);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  // Unreachable for real zones (yesterday's slot is always in the past); kept total for safety.
  return slotOfLocalDate(addCalendarDays(today, -3), time, timeZone);
}

/** The first slot strictly after `now`: when the node-schedule job should fire next. */
export function nextSlotAfter(now: Date, scheduleTime: string, timeZone: string): Date {
  const time = parseScheduleTime(scheduleTime);
  const today = wallClockAt(now, timeZone);
  for (let ahead = 0; ahead <= 2; ahead++) {
    const slot = slotOfLocalDate(addCalendarDays(today, ahead), time, timeZone);
    if (slot.getTime() > now.getTime()) return slot;
  }
  return slotOfLocalDate(addCalendarDays(today, 3), time, timeZone);
}
