// What a contract or time-entry sync needs while it runs; built by the runner (run-sync.ts).
import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/settings';
import type { AutotaskClient } from '../autotask';
import type { PlanApplier } from './apply-plan';
import type { GuardHooks } from './mass-change-guard';
import type { PlanSummary } from './plan';
import type { RunRecorder } from './run-recorder';

export interface SyncContext {
  client: AutotaskClient;
  sqlite: Database.Database;
  settings: Settings;
  /** The bookkeeper's local calendar date. */
  today: string;
  now: () => Date;
  dryRun: boolean;
  allowMassChange: boolean;
  /** Said in the mass-change message: how to allow the change where this run was started. */
  howToAllow: string;
  /** Preview: collect the guard's message instead of stopping; lifted guard: note what was allowed. */
  guard?: GuardHooks;
  recorder: RunRecorder;
  applier: PlanApplier;
  /** Collects the plan for `--dry-run --json`; null when nobody asked for it. */
  summary: PlanSummary | null;
  progress(phase: string, done: number, total: number | null): void;
}

/** Rows per transaction when a plan was collected whole (contracts) rather than page by page. */
export const APPLY_CHUNK = 500;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "IN (?, ?, ?)" helpers for one-query-per-page lookups (SQLite allows 32,766 parameters). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Remembered skip reasons for these keys (sync_state). */
export function loadSkipState(sqlite: Database.Database, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of chunk(keys, 900)) {
    const rows = sqlite.prepare(`SELECT key, value FROM sync_state WHERE key IN (${placeholders(part.length)})`).all(...part) as {
      key: string;
      value: string;
    }[];
    for (const r of rows) out.set(r.key, r.value);
  }
  return out;
}
