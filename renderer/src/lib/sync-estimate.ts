/** "1 min 5 s", "42 s": elapsed time for the strip and the navigation indicator. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// Remaining time of the running phase from its records done / total and the rate so far (issue #16).
// "estimating…" until there is enough to go on; no estimate at all rather than a wrong one.

/** Least progress before a rate is trusted: 5 % of the phase and 3 s of it. */
const MIN_SHARE = 0.05;
const MIN_MS = 3000;

export type Estimate = { kind: 'none' } | { kind: 'estimating' } | { kind: 'remaining'; ms: number };

export function estimateRemaining(done: number, total: number | null, phaseElapsedMs: number): Estimate {
  if (total === null || total <= 0 || done >= total || done < 0) return { kind: 'none' };
  if (done < Math.max(1, total * MIN_SHARE) || phaseElapsedMs < MIN_MS) return { kind: 'estimating' };
  return { kind: 'remaining', ms: ((total - done) * phaseElapsedMs) / done };
}

/** "about 1 min 5 s left", "estimating…", or '' when there is no estimate. */
export function estimateText(e: Estimate): string {
  if (e.kind === 'none') return '';
  if (e.kind === 'estimating') return 'estimating…';
  return e.ms < 10_000 ? 'a few seconds left' : `about ${formatElapsed(Math.round(e.ms / 5000) * 5000)} left`;
}

/** The bar's width in percent, or null while a phase has no total (never the case since issue #16 point 3). A phase with nothing to do (0 of 0) is complete. */
export function progressPercent(done: number, total: number | null): number | null {
  if (total === null) return null;
  if (total <= 0) return 100;
  return Math.min(100, Math.round((done / total) * 100));
}
