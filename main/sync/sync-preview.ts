// "Preview" (issue #16): a dry run of exactly the request the panel would start — runSync with dryRun, so
// the same planning code as the real run and `sync … --dry-run` — turned into what the preview dialog shows.
import type { SyncRequest } from '../../shared/domain';
import { PLAN_LISTS, PREVIEW_LIST_LIMIT, type PlanListName, type SyncPreview } from '../../shared/sync-preview';
import { emptySummary } from './plan';
import type { RunRequest, RunResult } from './run-sync';

/** The run request of a preview: a dry run that collects its plan and reports the guard instead of stopping. */
export function previewRunRequest(request: SyncRequest): RunRequest {
  return { ...request, allowMassChange: false, dryRun: true, includePlan: true, reportMassChange: true };
}

/** The preview of a finished dry run; each list is cut at `limit` rows, `totals` keeps the full numbers. */
export function toSyncPreview(request: SyncRequest, result: RunResult, limit = PREVIEW_LIST_LIMIT): SyncPreview {
  const full = result.plan ?? emptySummary();
  const totals = Object.fromEntries(PLAN_LISTS.map((k) => [k, full[k].length])) as Record<PlanListName, number>;
  const plan = { ...full, ...Object.fromEntries(PLAN_LISTS.map((k) => [k, full[k].slice(0, limit)])) };
  const { dryRun: _d, allowMassChange: _a, ...clean } = request as SyncRequest & { dryRun?: boolean; allowMassChange?: boolean };
  return {
    request: clean as SyncRequest,
    runId: result.runId,
    status: result.status === 'failed' ? 'failed' : result.status === 'cancelled' ? 'cancelled' : 'ready',
    message: result.message ?? '',
    counts: result.counts,
    apiCalls: result.apiCalls,
    massChange: result.massChange ?? null,
    totals,
    plan,
  };
}
