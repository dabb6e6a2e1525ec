import { formatDistanceStrict, parseISO } from 'date-fns';
import type { LogStatus, Operation, RunStatus, SyncType, Trigger } from '../../../shared/domain';
import { currencyForLocale, osLocale } from '../../../shared/locale-defaults';
import { centsToDecimal, decimalToCents } from '../../../shared/money';

// How values read on screen. One place, so every page says "Time Entry" and "24 Nov 2026" the same way.
// Money and dates follow the bookkeeper's locale (the OS / browser language) through `Intl`; amounts carry
// the `currency` setting, which App keeps current with setDisplayCurrency (docs/product-rules.md#accounting-exports). Files keep their own
// formats: this module is for the screen only.

let displayLocale: string | undefined;
let displayCurrency = currencyForLocale(osLocale());
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** The locale the UI formats in: the browser's (Chromium follows the OS), unless a test pins one. */
export function uiLocale(): string {
  if (displayLocale) return displayLocale;
  try {
    return (typeof navigator !== 'undefined' && navigator.language) || osLocale();
  } catch {
    return 'en-US';
  }
}

/** Pin the locale (tests) or go back to the browser's (undefined). */
export function setDisplayLocale(locale: string | undefined): void {
  displayLocale = locale;
  cache.clear();
}

/** The ISO 4217 code amounts are shown in (the `currency` setting). */
export function setDisplayCurrency(code: string): void {
  if (/^[A-Z]{3}$/.test(code) && code !== displayCurrency) {
    displayCurrency = code;
    cache.clear();
  }
}

export function currentCurrency(): string {
  return displayCurrency;
}

function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(`d|${key}`) as Intl.DateTimeFormat | undefined;
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(uiLocale(), options);
    } catch {
      f = new Intl.DateTimeFormat('en-US', options);
    }
    cache.set(`d|${key}`, f);
  }
  return f;
}

/**
 * "750.00" → "$750.00" (en-US, USD), "750,00 €" (de-DE, EUR), "A$750.00"… The decimal text is exact
 * (integer cents), so the number handed to Intl has at most two places and formats without drift.
 */
export function formatMoney(decimal: string, currency: string = displayCurrency): string {
  let cents: number;
  try {
    cents = decimalToCents(decimal);
  } catch {
    return decimal;
  }
  const f = numberFormat(`m|${currency}`, () => {
    try {
      return new Intl.NumberFormat(uiLocale(), { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    }
  });
  return f.format(Number(centsToDecimal(cents)));
}

/** A signed change: "+$120.00", "−$30.00", or "no change". */
export function formatMoneyChange(cents: number, currency: string = displayCurrency): string {
  if (cents === 0) return 'no change';
  const text = formatMoney(centsToDecimal(Math.abs(cents)), currency);
  return `${cents > 0 ? '+' : '\u2212'}${text}`;
}

/** The currency's symbol in the UI locale ("$", "€", "A$"), for a field's prefix. */
export function currencySymbol(currency: string = displayCurrency): string {
  try {
    const part = new Intl.NumberFormat(uiLocale(), { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency');
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

/** A quantity as decimal text ("5.00", "12") in the locale's digits and separators, keeping its places. */
export function formatQuantity(decimal: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) return decimal;
  const places = (m[3] ?? '').length;
  const f = numberFormat(`q|${places}`, () => new Intl.NumberFormat(uiLocale(), { minimumFractionDigits: places, maximumFractionDigits: places }));
  return f.format(Number(decimal));
}

export const SYNC_TYPE_LABEL: Record<SyncType, string> = { contract: 'Contract', time_entry: 'Time Entry', company: 'Company' };
export const STATUS_LABEL: Record<LogStatus, string> = { success: 'Success', warning: 'Warning', error: 'Error', skip: 'Skip' };
export const OPERATION_LABEL: Record<Operation, string> = { create: 'create', update: 'update', skip: 'skip', error: 'error' };
export const RUN_STATUS_LABEL: Record<RunStatus, string> = { running: 'Running', success: 'Success', partial: 'Partial', failed: 'Failed', cancelled: 'Cancelled' };
export const RUN_TYPE_LABEL: Record<'contract' | 'time_entry', string> = { contract: 'Contracts', time_entry: 'Time entries' };
export const TRIGGER_LABEL: Record<Trigger, string> = { manual: 'Manual', schedule: 'Scheduled', 'catch-up': 'Catch-up', tray: 'Tray', cli: 'Command line' };

export function syncTypeLabel(type: string): string {
  return (SYNC_TYPE_LABEL as Record<string, string>)[type] ?? type;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME_OPTIONS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' };

/** "24 Nov 2026, 14:05:09" (en-GB) / "Nov 24, 2026, 02:05:09 PM" (en-US) in the bookkeeper's local time. */
export function formatDateTime(iso: string): string {
  const d = parseISO(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat('datetime', { ...DATE_OPTIONS, ...TIME_OPTIONS }).format(d);
}

/** The local date and time of an instant, apart: ["24 Nov 2026", "14:05:09"] (two-line table cells). */
export function dateAndTime(iso: string): [string, string] {
  const d = parseISO(iso);
  return Number.isNaN(d.getTime()) ? [iso, ''] : [dateFormat('date', DATE_OPTIONS).format(d), dateFormat('time', TIME_OPTIONS).format(d)];
}

function localDate(ymd: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(ymd);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1)) : null;
}

/** 'YYYY-MM-DD' calendar date → "24 Nov 2026" (no time zone shift: it is a date, not an instant). */
export function formatCalendarDate(ymd: string | null): string {
  if (!ymd) return '—';
  const d = localDate(ymd);
  return d ? dateFormat('date', DATE_OPTIONS).format(d) : ymd;
}

/** Two calendar dates as a range ("1–15 Nov 2026"), or one date when they are the same or `to` is null. */
export function formatDateRange(from: string, to: string | null): string {
  const a = localDate(from);
  const b = to ? localDate(to) : null;
  if (!a) return from;
  if (!b || to === from) return formatCalendarDate(from);
  const f = dateFormat('date', DATE_OPTIONS) as Intl.DateTimeFormat & { formatRange?: (x: Date, y: Date) => string };
  return typeof f.formatRange === 'function' ? f.formatRange(a, b) : `${f.format(a)} – ${f.format(b)}`;
}

/** 'YYYY-MM' → "November 2026". */
export function formatMonth(ym: string): string {
  const d = /^\d{4}-\d{2}$/.test(ym) ? localDate(ym) : null;
  return d ? dateFormat('month', { month: 'long', year: 'numeric' }).format(d) : ym;
}

/**
 * "5 minutes ago"; "just now" under a minute, so a fresh sync never reads "56 seconds ago" — also when
 * the moment is a few seconds *after* `now` (the page's clock ticks less often than syncs finish), which
 * would otherwise read "in 0 minutes".
 */
export function relativeTime(iso: string, now: Date): string {
  const d = parseISO(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const diff = now.getTime() - d.getTime();
  if (Math.abs(diff) < 60_000) return 'just now';
  // Whole minutes at least: "3 minutes ago", "2 hours ago", "5 days ago".
  const unit = Math.abs(diff) < 3_600_000 ? 'minute' : undefined;
  return formatDistanceStrict(d, now, { addSuffix: true, roundingMethod: 'floor', ...(unit ? { unit } : {}) });
}

export function formatCount(n: number): string {
  return numberFormat('count', () => new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 0 })).format(n);
}

/** An amount in the `currency` setting (kept for the pages that called it before formatMoney). */
export function formatAmount(decimal: string): string {
  return formatMoney(decimal);
}

/** "1.50" hours → "1.50"; keeps the exact decimal text the core sent, padded to two places. */
export function formatHours(hours: string): string {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(hours.trim());
  if (!m) return hours;
  // Through Intl (1,25 in German), with every stored decimal kept and at least two.
  const digits = Math.max(2, (m[2] ?? '').length);
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(hours));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${formatCount(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
