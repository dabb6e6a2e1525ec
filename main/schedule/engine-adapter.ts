import type { RunSummary } from '../../shared/domain';
import type { ScheduledTrigger } from './due-check';
import type { RunScheduled, ScheduledRunOutcome } from './scheduled-run';

/** The part of the sync engine (main/sync/sync-service.ts) the scheduler needs. */
export interface ScheduledSyncEngine {
  runScheduled(trigger: ScheduledTrigger): Promise<RunSummary[]>;
  lastSuccessfulScheduledRun(): RunSummary | null;
}

const TYPE_NAMES: Record<RunSummary['type'], string> = { contract: 'Contract sync', time_entry: 'Time entry sync' };

/** Folds the engine's run summaries (contract, then time) into one outcome for the scheduler. */
export function outcomeOfRuns(runs: RunSummary[]): ScheduledRunOutcome {
  if (runs.length === 0) {
    // The engine records a run that could not start (missing credentials, lock held too long) as a
    // failed run with the reason, and returns nothing.
    return { kind: 'not-run', message: 'The scheduled sync could not start; the log viewer shows why.' };
  }
  const status = runs.some((r) => r.status === 'failed') ? 'failed' : runs.some((r) => r.status === 'partial') ? 'partial' : 'success';
  const message = runs.map((r) => `${TYPE_NAMES[r.type]}: ${r.status}${r.message ? ` — ${r.message}` : ''}`).join('\n');
  return { kind: 'completed', status, message };
}

/**
 * @param latestRun the newest run row: when nothing could start, the engine recorded why there, and that
 *   sentence ("Autotask credentials are incomplete…") is what the notification should say.
 */
export function runScheduledWith(engine: ScheduledSyncEngine, latestRun?: () => RunSummary | null): RunScheduled {
  return async (trigger) => {
    const outcome = outcomeOfRuns(await engine.runScheduled(trigger));
    if (outcome.kind === 'not-run' && latestRun) {
      const last = latestRun();
      if (last && last.status === 'failed' && last.trigger === trigger && last.message) return { kind: 'not-run', message: last.message };
    }
    return outcome;
  };
}

export function lastEngineSuccessAt(engine: ScheduledSyncEngine): Date | null {
  const run = engine.lastSuccessfulScheduledRun();
  return run ? new Date(run.startedAt) : null;
}
