// Wall-clock arithmetic in a named IANA time zone, with Intl only (no process-wide TZ): the schedule is
// "02:00 local", and the tests must be able to ask "local where?" without changing the process time zone.

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The time zone this process treats as local (what the bookkeeper's clock shows). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock shown in `timeZone` at `instant` (seconds dropped). */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (New York in winter: −5 h). */
export function offsetAt(instant: number, timeZone: string): number {
  const w = wallClockAt(new Date(instant), timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, seconds);
  return asUtc - (instant - (instant % 1000));
}

const sameWall = (a: WallClock, b: WallClock) => a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

const HOUR = 3_600_000;

/**
 * The instant at which `timeZone` shows the wall clock `w`. Daylight-saving edges are resolved the way a
 * person reads a clock (and the way ECMAScript's `new Date(y, m, d, h, min)` does):
 * - a time that does not exist (spring forward, 02:30 in New York) maps to the same distance past the
 *   gap (03:30 daylight time), so that day still has exactly one such moment;
 * - a time that occurs twice (fall back, 01:30) maps to its FIRST occurrence.
 */
export function instantOfWallClock(w: WallClock, timeZone: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  // Offsets a day either side bracket any transition on this date (zones change at most once a day).
  const before = offsetAt(guess - 26 * HOUR, timeZone);
  const after = offsetAt(guess + 26 * HOUR, timeZone);
  const candidates = [...new Set([guess - before, guess - after])].sort((a, b) => a - b);
  const valid = candidates.filter((t) => sameWall(wallClockAt(new Date(t), timeZone), w));
  if (valid.length > 0) return new Date(valid[0]!);
  // In the gap: the offset in force before the jump carries the wall time past it.
  return new Date(guess - before);
}

/** Calendar arithmetic on a local date (no time zone involved). */
export function addCalendarDays(w: Pick<WallClock, 'year' | 'month' | 'day'>, days: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
