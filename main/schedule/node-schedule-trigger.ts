import schedule from 'node-schedule';
import type { Cancelable } from './scheduler';

/**
 * node-schedule as the scheduler's timer: ONE one-shot job at the next slot, re-armed after it fires.
 * Recurrence rules are avoided on purpose: after a sleep they can fire many times back-to-back
 * (node-schedule#431, #604) and their DST handling is not ours to guarantee; the due-check is.
 */
export function armWithNodeSchedule(at: Date, fire: () => void): Cancelable {
  const job = schedule.scheduleJob(at, fire);
  if (!job) {
    // The moment already passed (clock moved): fire on the next tick instead of never.
    const t = setTimeout(fire, 0);
    return { cancel: () => clearTimeout(t) };
  }
  return { cancel: () => job.cancel() };
}
