// Stops a run that would end or flag a large share of the book at once — the signature of a permission
// change, a renamed SKU prefix or an outage on the Autotask side rather than of real business — before
// anything of it is written. Ending one contract of a small book is not a mass change: both the ratio
// and the minimum count must be exceeded.

export interface GuardSettings {
  massChangeRatio: number;
  massChangeMinCount: number;
}

export class MassChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MassChangeError';
  }
}

export interface GuardInput {
  what: 'end' | 'flag';
  /** How many would be ended/flagged by this run so far, including the page about to be written. */
  affected: number;
  /** Active services (for ends) or unflagged items in the window (for flags) before the run. */
  population: number;
  allow: boolean;
  settings: GuardSettings;
  /** How to allow it where the run was started, in that place's own terms (CLI flag, or the UI's "Allow this once"). */
  howToAllow: string;
}

/** null when the change may go ahead; otherwise the message explaining why the run stopped. */
export function massChangeProblem(input: GuardInput): string | null {
  const { affected, population, settings } = input;
  if (input.allow || affected === 0) return null;
  const ratio = population > 0 ? affected / population : 1;
  if (affected < settings.massChangeMinCount || ratio <= settings.massChangeRatio) return null;
  const pct = Math.round(ratio * 100);
  const limit = Math.round(settings.massChangeRatio * 100);
  const noun = input.what === 'end' ? `end ${affected} of ${population} active services (${pct}%)` : `flag ${affected} of ${population} items in the time window (${pct}%)`;
  return (
    `Stopped before writing anything: this run would ${noun}, more than the mass-change limit of ${limit}% ` +
    `(and at least ${settings.massChangeMinCount}). That usually means something changed on the Autotask side ` +
    '(API user permissions, the SKU prefix, deleted or un-approved records). Check Autotask; if the change is ' +
    `intended, ${input.howToAllow}.`
  );
}

/**
 * Where a run meets the guard. Normally a problem stops the run (MassChangeError). A preview asks for the
 * whole plan instead, so `report` receives the message and the run goes on writing nothing. A run with the
 * guard lifted ("Allow this once", `--allow-mass-change`) goes on and `lifted` receives the message the
 * guard would have given, so the run's log says what was allowed.
 */
export interface GuardHooks {
  report?: (message: string) => void;
  lifted?: (message: string) => void;
}

export function enforceMassChange(input: GuardInput, hooks: GuardHooks = {}): void {
  const problem = massChangeProblem({ ...input, allow: false });
  if (!problem) return;
  if (input.allow) hooks.lifted?.(problem);
  else if (hooks.report) hooks.report(problem);
  else throw new MassChangeError(problem);
}
