// The last ThresholdInformation reading, kept in sync_state so the runs of one sync (contract, then time
// entries) and the runs minutes apart share it instead of each opening with a reading of their own. The
// client decides whether a stored reading is young enough (its time cadence); this store only keeps it.
import type Database from 'better-sqlite3';
import { readState, writeState } from './queries/sync-state';

/** Structurally the client's SharedThresholdReading (main/db does not import main/autotask). */
export interface StoredThresholdReading {
  limit: number;
  used: number;
  timeframeMinutes: number;
  readAt: number;
  callsSinceRead: number;
}

const PREFIX = 'threshold:';
const FIELDS = ['limit', 'used', 'timeframeMinutes', 'readAt', 'callsSinceRead'] as const;

/** Keys come from the client as `zoneCacheKey(lookupUrl, username)`, normalised like the zone cache's. */
const stateKey = (k: string) => PREFIX + k.trim().toLowerCase();

export function createSqliteThresholdCache(sqlite: Database.Database) {
  return {
    get(key: string): StoredThresholdReading | undefined {
      const text = readState(sqlite, stateKey(key));
      if (!text) return undefined;
      try {
        const v = JSON.parse(text) as Record<string, unknown>;
        // A value this version cannot read is simply not used: the client takes a reading of its own.
        if (!FIELDS.every((f) => typeof v[f] === 'number' && Number.isFinite(v[f]))) return undefined;
        return Object.fromEntries(FIELDS.map((f) => [f, v[f]])) as unknown as StoredThresholdReading;
      } catch {
        return undefined;
      }
    },
    set(key: string, r: StoredThresholdReading): void {
      const value = JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, r[f]])));
      writeState(sqlite, stateKey(key), value, new Date());
    },
  };
}
