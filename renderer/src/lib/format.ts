import { format, formatDistanceStrict, parseISO } from 'date-fns';
import type { LogStatus, Operation, RunStatus, SyncType, Trigger } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';

// How values read on screen. One place, so every page says "Time Entry" and "24 Nov 2026" the same way.

export const SYNC_TYPE_LABEL: Record<SyncType, string> = { contract: 'Contract', time_entry: 'Time Entry', company: 'Company' };
export const STATUS_LABEL: Record<LogStatus, string> = { success: 'Success', warning: 'Warning', error: 'Error', skip: 'Skip' };
export const OPERATION_LABEL: Record<Operation, string> = { create: 'create', update: 'update', skip: 'skip', error: 'error' };
export const RUN_STATUS_LABEL: Record<RunStatus, string> = { running: 'Running', success: 'Success', partial: 'Partial', failed: 'Failed', cancelled: 'Cancelled' };
export const RUN_TYPE_LABEL: Record<'contract' | 'time_entry', string> = { contract: 'Contracts', time_entry: 'Time entries' };
export const TRIGGER_LABEL: Record<Trigger, string> = { manual: 'Manual', schedule: 'Scheduled', 'catch-up': 'Catch-up', tray: 'Tray', cli: 'Command line' };

export function syncTypeLabel(type: string): string {
  return (SYNC_TYPE_LABEL as Record<string, string>)[type] ?? type;
}

/** "24 Nov 2026, 14:05:09" in the bookkeeper's local time. */
export function formatDateTime(iso: string): string {
  const d = parseISO(iso);
  return Number.isNaN(d.getTime()) ? iso : format(d, 'd MMM yyyy, HH:mm:ss');
}

/** The local date and time of an instant, apart: ["24 Nov 2026", "14:05:09"] (two-line table cells). */
export function dateAndTime(iso: string): [string, string] {
  const d = parseISO(iso);
  return Number.isNaN(d.getTime()) ? [iso, ''] : [format(d, 'd MMM yyyy'), format(d, 'HH:mm:ss')];
}

/** 'YYYY-MM-DD' calendar date → "24 Nov 2026" (no time zone shift: it is a date, not an instant). */
export function formatCalendarDate(ymd: string | null): string {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return ymd;
  return format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), 'd MMM yyyy');
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
  return n.toLocaleString('en-US');
}

export function formatAmount(decimal: string): string {
  try {
    return formatMoney(decimal);
  } catch {
    return decimal;
  }
}

/** "1.50" hours → "1.50"; keeps the exact decimal text the core sent, padded to two places. */
export function formatHours(hours: string): string {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(hours.trim());
  if (!m) return hours;
  const frac = (m[2] ?? '').padEnd(2, '0');
  return `${m[1]}.${frac}`;
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
