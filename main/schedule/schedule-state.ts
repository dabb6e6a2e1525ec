import type Database from 'better-sqlite3';
import { scheduleStateRows } from '../db/queries/schedule-state';
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
  const rows = scheduleStateRows(sqlite);
  return {
    read() {
      const stored = rows.read();
      return {
        lastAttemptAt: parseDate(stored.get(KEYS.lastAttemptAt)),
        lastSuccessAt: parseDate(stored.get(KEYS.lastSuccessAt)),
        notBefore: parseDate(stored.get(KEYS.notBefore)),
        lastRun: parseRun(stored.get(KEYS.lastRun)),
      };
    },
    write(patch) {
      rows.write(
        (Object.entries(patch) as [keyof ScheduleState, unknown][]).map(([field, value]) => [
          KEYS[field],
          value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : JSON.stringify(value),
        ]),
      );
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
