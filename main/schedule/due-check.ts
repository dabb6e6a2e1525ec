import { latestSlotAtOrBefore } from './schedule-slots';

// The truth about whether the daily scheduled sync should start now. Timers (node-schedule, the
// coarse interval, power resume) only ask this question; they never decide on their own, so a late
// timer after sleep, a burst of triggers, or a missed week all lead to at most ONE run.

export type ScheduledTrigger = 'schedule' | 'catch-up';

export interface DueCheckInput {
  now: Date;
  /** 'HH:MM' local time (setting scheduleTime). */
  scheduleTime: string;
  /** IANA zone the schedule time is read in, e.g. 'America/New_York'. */
  timeZone: string;
  paused: boolean;
  /** When the last scheduled run succeeded (completed, possibly with record-level errors). */
  lastSuccessAt: Date | null;
  /** When a scheduled run was last started, whatever its outcome. */
  lastAttemptAt: Date | null;
  /**
   * Slots before this instant do not count: the first start of the app, a changed schedule time, or
   * the end of a pause. Without it a fresh install would "catch up" a run it was never asked for.
   */
  notBefore?: Date | null;
  /** A run that starts within this long after its slot is on time ('schedule'), later is 'catch-up'. */
  onTimeGraceMs?: number;
}

export type DueCheck =
  { due: true; slot: Date; trigger: ScheduledTrigger } | { due: false; slot: Date; reason: 'paused' | 'already-succeeded' | 'already-attempted' | 'not-scheduled-yet' };

export const DEFAULT_ON_TIME_GRACE_MS = 10 * 60_000;

export function checkDue(input: DueCheckInput): DueCheck {
  const slot = latestSlotAtOrBefore(input.now, input.scheduleTime, input.timeZone);
  const s = slot.getTime();
  if (input.paused) return { due: false, slot, reason: 'paused' };
  if (input.lastSuccessAt && input.lastSuccessAt.getTime() >= s) return { due: false, slot, reason: 'already-succeeded' };
  // A run that was started for this slot and failed is not retried every few minutes: it was reported,
  // and the next slot tries again (a manual sync is one click away).
  if (input.lastAttemptAt && input.lastAttemptAt.getTime() >= s) return { due: false, slot, reason: 'already-attempted' };
  if (input.notBefore && input.notBefore.getTime() > s) return { due: false, slot, reason: 'not-scheduled-yet' };
  const grace = input.onTimeGraceMs ?? DEFAULT_ON_TIME_GRACE_MS;
  const trigger: ScheduledTrigger = input.now.getTime() - s <= grace ? 'schedule' : 'catch-up';
  return { due: true, slot, trigger };
}

/** The boolean form used where only "run or not" matters. */
export function isDue(input: DueCheckInput): boolean {
  return checkDue(input).due;
}
