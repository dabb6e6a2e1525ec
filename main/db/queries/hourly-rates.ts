// hourly_rates, the rate history (main/config/rate-history.ts gives it its rules), and the hourlyRate setting
// it keeps in step.
import type Database from 'better-sqlite3';
import type { HourlyRateRecord } from '../rows';

export type RateRecord = Pick<HourlyRateRecord, 'effectiveFrom' | 'rateCents'>;

/** The whole history, ascending by date. */
export function selectRates(sqlite: Database.Database): RateRecord[] {
  return (sqlite.prepare('SELECT effective_from AS effectiveFrom, rate_cents AS rateCents FROM hourly_rates ORDER BY effective_from').all() as RateRecord[]).map((r) => ({
    effectiveFrom: r.effectiveFrom,
    rateCents: Number(r.rateCents),
  }));
}

/** The rate from `from` (replacing one of the same date). */
export function upsertRate(sqlite: Database.Database, from: string, rateCents: number): void {
  sqlite
    .prepare(
      `INSERT INTO hourly_rates (effective_from, rate_cents) VALUES (?, ?)
       ON CONFLICT (effective_from) DO UPDATE SET rate_cents = excluded.rate_cents`,
    )
    .run(from, rateCents);
}

/** Writes the hourlyRate setting (JSON text, as main/config/settings.ts stores it). */
export function writeHourlyRateSetting(sqlite: Database.Database, rate: string, at: string): void {
  sqlite
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES ('hourlyRate', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(JSON.stringify(rate), at);
}
