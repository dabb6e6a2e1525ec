import type { RunSummary, SyncProgress } from '../../../shared/domain';
import { estimateRemaining, estimateText, formatElapsed } from './sync-estimate';

// What the polite live region says about a sync (issue #16): its start, progress milestones (a quarter,
// half, three quarters — counted afresh for each phase, and only while a phase is under way, so a phase
// that completes in one step says nothing), a back-off wait, a cancel request, and the outcome. Pure, so the wording and the
// "say each milestone once" rule are unit-tested; the strip itself changes too often to be live.

const TYPE: Record<RunSummary['type'], string> = { contract: 'Contract sync', time_entry: 'Time entry sync' };
const MILESTONES = [25, 50, 75] as const;

export interface AnnouncerState {
  runId: number | null;
  /** The phase the milestone belongs to: each phase has its own quarter, half and three quarters. */
  phase: string | null;
  milestone: number;
  waiting: boolean;
  cancelling: boolean;
}

export const initialAnnouncer: AnnouncerState = { runId: null, phase: null, milestone: 0, waiting: false, cancelling: false };

// formatElapsed lives beside the estimate (which uses it); re-exported for the strip and the navigation.
export { formatElapsed };

/** Seconds until the client retries, at least 1 while a wait is on. */
export function retryInSeconds(until: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now) / 1000));
}

export function onProgress(state: AnnouncerState, p: SyncProgress): { state: AnnouncerState; say: string | null } {
  const what = TYPE[p.type];
  if (state.runId !== p.runId) {
    return { state: { runId: p.runId, phase: p.phase, milestone: 0, waiting: Boolean(p.waiting), cancelling: Boolean(p.cancelling) }, say: `${what} started.` };
  }
  if (p.cancelling && !state.cancelling) return { state: { ...state, cancelling: true }, say: `Cancelling the ${what.toLowerCase()}; it stops after the current page.` };
  if (p.waiting && !state.waiting) {
    return { state: { ...state, waiting: true }, say: `Waiting for Autotask (retrying in ${retryInSeconds(p.waiting.until, Date.now())} s).` };
  }
  const samePhase = state.phase === p.phase;
  const next = { ...state, phase: p.phase, milestone: samePhase ? state.milestone : 0, waiting: Boolean(p.waiting) };
  if (p.total && p.total > 0 && p.done < p.total) {
    const pct = (p.done / p.total) * 100;
    const reached = MILESTONES.filter((m) => pct >= m).at(-1) ?? 0;
    if (reached > next.milestone) {
      const left = estimateText(estimateRemaining(p.done, p.total, Date.now() - Date.parse(p.phaseStartedAt ?? p.startedAt)));
      const tail = left && left !== 'estimating…' ? `, ${left}` : '';
      return { state: { ...next, milestone: reached }, say: `${what}: ${reached} % of ${p.phase.toLowerCase()} done${tail}.` };
    }
  }
  return { state: next, say: null };
}

export function onFinished(run: RunSummary): { state: AnnouncerState; say: string } {
  const what = TYPE[run.type];
  const c = run.counts;
  const figures = `${c.create} created, ${c.update} updated, ${c.error} errors`;
  const say =
    run.status === 'success'
      ? `${what} finished: ${figures}.`
      : run.status === 'partial'
        ? `${what} finished with errors: ${figures}.`
        : run.status === 'cancelled'
          ? `${what} cancelled: ${figures} before it stopped.`
          : `${what} failed: ${run.message ?? 'see the logs'}`;
  return { state: initialAnnouncer, say };
}
