// The time-entry sync's memory in sync_state: the incremental cursor and the last full reconciliation.
// A scheduled run is incremental (entries modified since the last successful run, minus an overlap)
// unless a full reconciliation is due: none yet, older than RECONCILE_EVERY_MS, or something that
// changes which entries qualify or how they are priced has changed since (window, rate, prefix, or the
// set of synced contract lines — a newly synced contract's older entries were never "modified").
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/settings';
import { addDays } from '../../shared/dates';
import type { LocalService } from './local-services';
import { readState, writeState } from '../db/queries/sync-state';

export { writeState };

export const CURSOR_KEY = 'time_entry.cursor';
export const LAST_FULL_KEY = 'time_entry.lastFull';
export const RECONCILE_EVERY_MS = 7 * 86_400_000;

export interface LastFull {
  at: string;
  windowDays: number;
  rate: string;
  prefix: string;
  contractsKey: string;
}

/** Identifies which contract lines are synced and their dates (what decides if an entry qualifies). */
export function contractsKey(services: readonly LocalService[]): string {
  const h = createHash('sha1');
  for (const s of services) h.update(`${s.autotaskContractId}:${s.autotaskContractServiceId}:${s.ended ? 1 : 0}:${s.startDate}:${s.endDate};`);
  return h.digest('hex');
}

function readLastFull(sqlite: Database.Database): LastFull | null {
  const text = readState(sqlite, LAST_FULL_KEY);
  if (!text) return null;
  try {
    return JSON.parse(text) as LastFull;
  } catch {
    return null;
  }
}

export interface ModeDecision {
  mode: 'full' | 'incremental';
  cursor: string | null;
  reason: string;
}

export function decideTimeMode(sqlite: Database.Database, settings: Settings, services: readonly LocalService[], now: Date): ModeDecision {
  const cursor = readState(sqlite, CURSOR_KEY);
  const last = readLastFull(sqlite);
  const full = (reason: string): ModeDecision => ({ mode: 'full', cursor, reason });
  if (!cursor) return full('no earlier successful time sync');
  if (!last) return full('no full reconciliation yet');
  if (now.getTime() - Date.parse(last.at) >= RECONCILE_EVERY_MS) return full('the weekly full reconciliation is due');
  if (last.windowDays !== settings.timeWindowDays) return full('the time window changed');
  if (last.rate !== settings.hourlyRate) return full('the hourly rate changed');
  if (last.prefix !== settings.skuPrefix) return full('the SKU prefix changed');
  if (last.contractsKey !== contractsKey(services)) return full('the synced contracts changed');
  return { mode: 'incremental', cursor, reason: 'entries modified since the last successful run' };
}

/** Whether a window covers the scheduled window (so a full run of it is a full reconciliation). */
export function coversScheduledWindow(from: string, to: string, today: string, settings: Settings): boolean {
  return from <= addDays(today, -settings.timeWindowDays) && to >= today;
}
