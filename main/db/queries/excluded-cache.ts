import type Database from 'better-sqlite3';

// The "Excluded" view's last read (issue #15 point 3), kept as one JSON value in the sync_state key/value
// table (no migration needed). The key stays clear of the `skip:%` keys that the sync counts.
export const EXCLUDED_REPORT_KEY = 'excluded:report';

/** The cached JSON text, or null when nothing was read yet. */
export function readExcludedCache(sqlite: Database.Database): string | null {
  const row = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(EXCLUDED_REPORT_KEY) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Replaces the cached report (one row, upserted). */
export function writeExcludedCache(sqlite: Database.Database, json: string, at: string): void {
  sqlite
    .prepare('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(EXCLUDED_REPORT_KEY, json, at);
}
