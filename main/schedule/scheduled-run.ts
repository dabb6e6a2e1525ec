import type { ScheduledTrigger } from './due-check';

// The port between the scheduler and the sync engine. The engine (main/sync) exports
// `runScheduled(trigger)` = a contract sync, then a time sync over the configured window; the desktop
// shell adapts its result to this shape so the scheduler stays testable with a fake.

export type ScheduledRunOutcome =
  /** Both runs completed; `partial` = record-level errors, `failed` = a run failed as a whole. */
  | { kind: 'completed'; status: 'success' | 'partial' | 'failed'; message: string }
  /** Another run (the app's or the CLI's) holds the sync lock: nothing ran, ask again at the next check. */
  | { kind: 'busy'; message: string }
  /** The run could not start at all (no credentials, engine unavailable…). */
  | { kind: 'not-run'; message: string };

export type RunScheduled = (trigger: ScheduledTrigger) => Promise<ScheduledRunOutcome>;
