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

// re-export until #15 merges (lead removes): time-entry-plan.ts, unit-rows.ts and customer-import.ts's old imports.
export { chunk, placeholders } from '../db/queries/in-list';
export { loadSkipState } from '../db/queries/sync-state';
