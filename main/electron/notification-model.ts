import type { Events } from '../../shared/api-contract';
import type { SchedulerEvent } from '../schedule/scheduler';

// Pure (no 'electron' import): which scheduler events deserve an OS notification, what it says, and
// where a click leads (notificationTarget).

export interface NotificationContent {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
}

function clock(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function firstLine(text: string, max = 200): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function notificationFor(event: SchedulerEvent): NotificationContent | null {
  if (event.type === 'run-started' && event.trigger === 'catch-up') {
    return {
      title: 'Missed scheduled sync is running now',
      body: `The sync planned for ${event.slot.toLocaleDateString()} ${clock(event.slot)} did not run (the computer was asleep or the app was closed). It has started now.`,
      urgency: 'normal',
    };
  }
  if (event.type !== 'run-finished') return null;
  const o = event.outcome;
  if (o.kind === 'not-run') {
    return { title: 'Scheduled sync could not run', body: firstLine(o.message) || 'Open the log viewer to see why.', urgency: 'critical' };
  }
  if (o.kind === 'completed' && o.status === 'failed') {
    return { title: 'Scheduled sync failed', body: `${firstLine(o.message)}\nClick to open Needs attention.`, urgency: 'critical' };
  }
  if (o.kind === 'completed' && o.status === 'partial') {
    return { title: 'Scheduled sync finished with errors', body: 'Some records could not be synced. Click to open Needs attention.', urgency: 'normal' };
  }
  return null;
}

/** The log viewer filtered to errors: where a run that could not start leads (nothing in the queue). */
export const ERRORS_PAGE = { page: 'logs', filter: { status: 'error' } } as const;

/** The "Needs attention" queue: failed and partial runs with their reason, and flagged items. */
export const ATTENTION_PAGE = { page: 'attention' } as const;

/**
 * Where a click on the notification for `event` leads (the renderer's `navigate` payload): a failed or
 * partial scheduled run opens the queue, which lists it with its reason and links to its log rows.
 */
export function notificationTarget(event: SchedulerEvent): Events['navigate'] {
  if (event.type === 'run-finished' && event.outcome.kind === 'completed' && event.outcome.status !== 'success') return { ...ATTENTION_PAGE };
  if (event.type === 'run-started') return { page: 'dashboard' };
  return { ...ERRORS_PAGE, filter: { ...ERRORS_PAGE.filter } };
}
