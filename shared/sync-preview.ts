// What "Preview" on a sync panel shows (issue #16): the plan of a dry run — the same planning code the real
// run and `sync … --dry-run` use — with its counts, and whether the mass-change check would stop the run.
import type { Counts, SyncRequest, SyncType } from './domain';

export type PlanChanges = Record<string, { before: unknown; after: unknown }>;

/** The plan as `--dry-run --json` prints it: every planned change with its Autotask id and reason. */
export interface PlanSummary {
  creates: { syncType: SyncType; autotaskId: number; message: string }[];
  updates: { syncType: SyncType; autotaskId: number; message: string; changed: PlanChanges }[];
  ends: { autotaskId: number; contractId: number; reason: string }[];
  skips: { syncType: SyncType; autotaskId: number; reason: string; logged: boolean }[];
  flags: { autotaskId: number; reason: string }[];
  errors: { syncType: SyncType; autotaskId: number | null; message: string }[];
  unchanged: number;
}

export type PlanListName = 'creates' | 'updates' | 'ends' | 'flags' | 'skips' | 'errors';
export const PLAN_LISTS: readonly PlanListName[] = ['creates', 'updates', 'ends', 'flags', 'skips', 'errors'];

/** Rows per list the preview carries; `totals` has the full number (a big first sync plans many creates). */
export const PREVIEW_LIST_LIMIT = 500;

export interface SyncPreview {
  /** The request previewed: "Run this sync" starts exactly this one. */
  request: SyncRequest;
  /** The dry run's row (its log rows start with "Dry run:"). */
  runId: number;
  status: 'ready' | 'failed' | 'cancelled';
  message: string;
  counts: Counts;
  apiCalls: number;
  /** The mass-change check's message when it would stop the real run; null when it would not. */
  massChange: string | null;
  totals: Record<PlanListName, number>;
  plan: PlanSummary;
}
