// sync_state, the sync engine's memory: remembered skip reasons (`skip:contract:<id>`, `skip:time_entry:<id>`).
// The scheduler's keys are in schedule-state.ts, the invoice counter in ledger-store.ts; the
// time sync's cursors in main/sync/time-sync-state.ts (TODO #15: moves here).
import type Database from 'better-sqlite3';
import type { SyncStateRecord } from '../rows';
import { chunk, placeholders } from './in-list';
import { cachedStatement } from './statement-cache';

type KeyValue = Pick<SyncStateRecord, 'key' | 'value'>;

/** Remembered skip reasons for these keys (sync_state). */
export function loadSkipState(sqlite: Database.Database, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of chunk(keys, 900)) {
    const rows = cachedStatement(sqlite, `SELECT key, value FROM sync_state WHERE key IN (${placeholders(part.length)})`).all(...part) as KeyValue[];
    for (const r of rows) out.set(r.key, r.value);
  }
  return out;
}

/** Every remembered contract skip reason (`skip:contract:<id>` → reason). */
export function loadContractSkipState(sqlite: Database.Database): Map<string, string> {
  const rows = sqlite.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'skip:contract:%'").all() as KeyValue[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** Forgets the time-entry skips dated (value `date|reason`) before `before` ('YYYY-MM-DD'). */
export function pruneTimeEntrySkips(sqlite: Database.Database, before: string): void {
  sqlite.prepare("DELETE FROM sync_state WHERE key LIKE 'skip:time_entry:%' AND substr(value, 1, 10) < ?").run(before);
}

export interface SkipWrites {
  remember(key: string, value: string, at: string): void;
  forget(key: string): void;
}

/** The skip memory's writes, prepared once (the plan applier runs them inside its page transaction). */
export function prepareSkipWrites(sqlite: Database.Database): SkipWrites {
  const remember = sqlite.prepare(
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const forget = sqlite.prepare('DELETE FROM sync_state WHERE key = ?');
  return {
    remember: (key, value, at) => void remember.run(key, value, at),
    forget: (key) => void forget.run(key),
  };
}

/** One sync_state value (null when the key is not set). */
export function readState(sqlite: Database.Database, key: string): string | null {
  const row = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as KeyValue | undefined;
  return row?.value ?? null;
}

export function writeState(sqlite: Database.Database, key: string, value: string, now: Date): void {
  sqlite
    .prepare(
      `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(key, value, now.toISOString());
}

/** Forgets one sync_state value (no-op when the key is not set). */
export function deleteState(sqlite: Database.Database, key: string): void {
  sqlite.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}
