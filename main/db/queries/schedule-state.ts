// The scheduler's memory across restarts: sync_state rows under `schedule.*` keys (main/schedule/schedule-state.ts
// gives them meaning). Values are text (ISO instants, JSON).
import type Database from 'better-sqlite3';
import type { SyncStateRecord } from '../rows';

export interface ScheduleStateRows {
  /** Every `schedule.*` key with its value. */
  read(): Map<string, string>;
  /** Sets (a string) or removes (null) each key, in one transaction. */
  write(entries: readonly (readonly [key: string, value: string | null])[]): void;
}

export function scheduleStateRows(sqlite: Database.Database): ScheduleStateRows {
  const select = sqlite.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'schedule.%'");
  const upsert = sqlite.prepare(
    "INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) " +
      'ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const remove = sqlite.prepare('DELETE FROM sync_state WHERE key = ?');
  return {
    read: () => new Map((select.all() as Pick<SyncStateRecord, 'key' | 'value'>[]).map((r) => [r.key, r.value])),
    write(entries) {
      sqlite.transaction(() => {
        for (const [key, value] of entries) {
          if (value === null) remove.run(key);
          else upsert.run(key, value);
        }
      })();
    },
  };
}
