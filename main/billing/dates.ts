// Calendar helpers for billing periods (docs/product-rules.md#billing-period): a period is a calendar month 'YYYY-MM' in the
// bookkeeper's time zone; dates are 'YYYY-MM-DD' calendar dates. Pure string/UTC arithmetic: no clock, no
// local time zone, so the same input gives the same answer on every machine.

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;

export interface Period {
  month: string;
  /** First day 'YYYY-MM-01'. */
  from: string;
  /** Last day (28th–31st). */
  to: string;
}

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

export function assertMonth(month: string): void {
  if (!isMonth(month)) throw new Error(`Not a billing period (YYYY-MM): ${JSON.stringify(month)}`);
}

function ym(month: string): [number, number] {
  assertMonth(month);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

function fmtMonth(year: number, month1: number): string {
  return `${String(year).padStart(4, '0')}-${String(month1).padStart(2, '0')}`;
}

/** 28, 29, 30 or 31. */
export function daysInMonth(month: string): number {
  const [y, m] = ym(month);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function periodOf(month: string): Period {
  const days = daysInMonth(month);
  return { month, from: `${month}-01`, to: `${month}-${String(days).padStart(2, '0')}` };
}

export function nextMonth(month: string): string {
  const [y, m] = ym(month);
  return m === 12 ? fmtMonth(y + 1, 1) : fmtMonth(y, m + 1);
}

export function previousMonth(month: string): string {
  const [y, m] = ym(month);
  return m === 1 ? fmtMonth(y - 1, 12) : fmtMonth(y, m - 1);
}

/**
 * The earliest open month E: the month after the last closed period; before any close, the month
 * being looked at. `closedPeriods` need not be sorted.
 */
export function earliestOpenMonth(closedPeriods: readonly string[], month: string): string {
  let last: string | null = null;
  for (const p of closedPeriods) if (last === null || p > last) last = p;
  return last === null ? month : nextMonth(last);
}

/** 'YYYY-MM-DD' (or an ISO instant: its date part, as written) → 'YYYY-MM'. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The calendar date of 'YYYY-MM-DD' or of an ISO instant (its leading date part, not shifted). */
export function dateOf(value: string): string {
  const d = value.slice(0, 10);
  if (!DATE_RE.test(d)) throw new Error(`Not a date: ${JSON.stringify(value)}`);
  return d;
}

function toUtc(date: string): number {
  const d = dateOf(date);
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

/** Inclusive count of days from `from` to `to` (1 for the same day; 0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  const n = Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;
  return n > 0 ? n : 0;
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

export const maxDate = (a: string, b: string): string => (a > b ? a : b);
export const minDate = (a: string, b: string): string => (a < b ? a : b);
