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
  /** How to allow it where the run was started (CLI flag or the UI's checkbox). */
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
  const noun =
    input.what === 'end'
      ? `end ${affected} of ${population} active services (${pct}%)`
      : `flag ${affected} of ${population} items in the time window (${pct}%)`;
  return (
    `Stopped before writing anything: this run would ${noun}, more than the mass-change limit of ${limit}% ` +
    `(and at least ${settings.massChangeMinCount}). That usually means something changed on the Autotask side ` +
    '(API user permissions, the SKU prefix, deleted or un-approved records). Check Autotask; if the change is ' +
    `intended, run again ${input.howToAllow}. The limits are the settings massChangeRatio and massChangeMinCount.`
  );
}
