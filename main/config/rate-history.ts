// Rate history (docs/product-rules.md#billing-sync): the hourly rate in force from a calendar date. An item is priced at the latest
// rate whose date is on or before its dateWorked; the earliest rate covers everything before it. The single
// `hourlyRate` setting stays the latest rate (so `config get hourlyRate` and older callers keep working).
// The history is seeded from that setting on first use ("since always", dated RATE_SINCE_ALWAYS), and a
// setting changed without a date (older UI paths) becomes a rate from today.
import type Database from 'better-sqlite3';
import { selectRates, upsertRate, writeHourlyRateSetting, type RateRecord } from '../db/queries/hourly-rates';
import { centsToDecimal, decimalToCents } from '../../shared/money';
import type { RateRow } from '../../shared/billing';
import { validateSettingsPatch } from '../../shared/settings';

/** The date of the seeded rate: before anything a bookkeeper could have worked. */
export const RATE_SINCE_ALWAYS = '1900-01-01';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class RateValidationError extends Error {
  constructor(
    message: string,
    readonly field: 'rate' | 'from',
  ) {
    super(message);
    this.name = 'RateValidationError';
  }
}

/** One rate period: from this date on (until the next), this many cents an hour. */
export type RateEntry = RateRecord;

const readRows = selectRates;
const insertRate = upsertRate;

/**
 * The rate history, ascending by date, made consistent with the `hourlyRate` setting first: seeded from it
 * when empty; when the setting differs from the latest rate (changed without a date), it becomes the rate
 * from `today`. Writes only when something was missing.
 */
export function ensureRateHistory(sqlite: Database.Database, settingRate: string, today: string, write = true): RateEntry[] {
  const cents = decimalToCents(settingRate);
  const rows = readRows(sqlite);
  if (rows.length === 0) {
    if (!write) return [{ effectiveFrom: RATE_SINCE_ALWAYS, rateCents: cents }];
    insertRate(sqlite, RATE_SINCE_ALWAYS, cents);
    return readRows(sqlite);
  }
  const latest = rows[rows.length - 1]!;
  if (latest.rateCents !== cents) {
    // Never backdate: a date-less change applies from today (or after the latest dated rate, if that is later).
    const from = latest.effectiveFrom >= today ? latest.effectiveFrom : today;
    if (!write) return [...rows.filter((r) => r.effectiveFrom !== from), { effectiveFrom: from, rateCents: cents }].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    insertRate(sqlite, from, cents);
    return readRows(sqlite);
  }
  return rows;
}

/** Rate (cents) for an item worked on `date`: latest rate dated on or before it, else the earliest rate. */
export function rateFor(history: readonly RateEntry[], date: string): number {
  if (history.length === 0) throw new Error('The rate history is empty');
  let chosen = history[0]!;
  for (const r of history) {
    if (r.effectiveFrom <= date) chosen = r;
    else break;
  }
  return chosen.rateCents;
}

export function toRateRows(history: readonly RateEntry[]): RateRow[] {
  return history.map((r) => ({ effectiveFrom: r.effectiveFrom, rate: centsToDecimal(r.rateCents) }));
}

/** Validates "175.50" and "2026-12-01"; returns the rate in cents. */
export function validateRate(rate: string, from: string): number {
  // The same rule as the hourlyRate setting (shared/settings.ts), so both paths accept the same amounts.
  const parsed = validateSettingsPatch({ hourlyRate: rate });
  if (!parsed.ok || parsed.value.hourlyRate === undefined) {
    throw new RateValidationError(parsed.ok ? 'the hourly rate is missing' : (parsed.fieldErrors.hourlyRate ?? 'not an hourly rate like 150.00'), 'rate');
  }
  const cents = decimalToCents(parsed.value.hourlyRate);
  if (!DATE_RE.test(from)) throw new RateValidationError(`"${from}" is not a date like 2026-12-01`, 'from');
  const d = new Date(`${from}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== from) throw new RateValidationError(`"${from}" is not a real calendar date`, 'from');
  if (from < '1900-01-01' || from > '2999-12-31') throw new RateValidationError('the date must be between 1900-01-01 and 2999-12-31', 'from');
  return cents;
}

/**
 * Adds (or replaces) the rate from `from` and, in the same transaction, keeps the `hourlyRate` setting equal
 * to the latest rate. Returns the history afterwards. Unbilled items are re-priced by the next time-entry run
 * (main/sync/reprice.ts); billed ones never are.
 */
export function setRate(sqlite: Database.Database, opts: { rate: string; from: string; settingRate: string; today: string; now?: Date }): RateEntry[] {
  const cents = validateRate(opts.rate, opts.from);
  const tx = sqlite.transaction(() => {
    ensureRateHistory(sqlite, opts.settingRate, opts.today);
    insertRate(sqlite, opts.from, cents);
    const rows = readRows(sqlite);
    const latest = centsToDecimal(rows[rows.length - 1]!.rateCents);
    if (latest !== opts.settingRate) {
      const at = (opts.now ?? new Date()).toISOString();
      writeHourlyRateSetting(sqlite, latest, at);
    }
    return rows;
  });
  return tx.immediate();
}
