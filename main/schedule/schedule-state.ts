import type Database from 'better-sqlite3';
import type { ScheduledTrigger } from './due-check';

// What the scheduler must remember across restarts, in the sync_state table under `schedule.*` keys
// (the sync engine keeps its own cursors there under other keys). Instants are ISO UTC strings.

export interface ScheduledRunRecord {
  at: string;
  trigger: ScheduledTrigger;
  /** 'success' | 'partial' | 'failed' when the run completed; 'not-run' when it could not start. */
  result: 'success' | 'partial' | 'failed' | 'not-run';
  message: string;
}

export interface ScheduleState {
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  notBefore: Date | null;
  lastRun: ScheduledRunRecord | null;
}

export interface ScheduleStateStore {
  read(): ScheduleState;
  write(patch: Partial<ScheduleState>): void;
}

const KEYS = {
  lastAttemptAt: 'schedule.lastAttemptAt',
  lastSuccessAt: 'schedule.lastSuccessAt',
  notBefore: 'schedule.notBefore',
  lastRun: 'schedule.lastRun',
} as const satisfies Record<keyof ScheduleState, string>;

function parseDate(v: string | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parseRun(v: string | undefined): ScheduledRunRecord | null {
  if (!v) return null;
  try {
    const r = JSON.parse(v) as ScheduledRunRecord;
    return typeof r === 'object' && r && typeof r.at === 'string' ? r : null;
  } catch {
    return null;
  }
}

export function createSqliteScheduleStateStore(sqlite: Database.Database): ScheduleStateStore {
  const select = sqlite.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'schedule.%'");
  const upsert = sqlite.prepare(
    "INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) " +
      'ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const remove = sqlite.prepare('DELETE FROM sync_state WHERE key = ?');
  return {
    read() {
      const rows = new Map((select.all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      return {
        lastAttemptAt: parseDate(rows.get(KEYS.lastAttemptAt)),
        lastSuccessAt: parseDate(rows.get(KEYS.lastSuccessAt)),
        notBefore: parseDate(rows.get(KEYS.notBefore)),
        lastRun: parseRun(rows.get(KEYS.lastRun)),
      };
    },
    write(patch) {
      sqlite.transaction(() => {
        for (const [field, value] of Object.entries(patch) as [keyof ScheduleState, unknown][]) {
          const key = KEYS[field];
          if (value === null || value === undefined) remove.run(key);
          else upsert.run(key, value instanceof Date ? value.toISOString() : JSON.stringify(value));
        }
      })();
    },
  };
}

export function createMemoryScheduleStateStore(initial: Partial<ScheduleState> = {}): ScheduleStateStore {
  let state: ScheduleState = { lastAttemptAt: null, lastSuccessAt: null, notBefore: null, lastRun: null, ...initial };
  return {
    read: () => ({ ...state }),
    write: (patch) => {
      state = { ...state, ...patch };
    },
  };
}
