import type { SchedulerEvent } from '../schedule/scheduler';

// Pure (no 'electron' import): which scheduler events deserve an OS notification, and what it says.
// Clicking any of them opens the log viewer filtered to errors.

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
    return { title: 'Scheduled sync failed', body: `${firstLine(o.message)}\nClick to see the errors.`, urgency: 'critical' };
  }
  if (o.kind === 'completed' && o.status === 'partial') {
    return { title: 'Scheduled sync finished with errors', body: 'Some records could not be synced. Click to see the errors.', urgency: 'normal' };
  }
  return null;
}

/** Where a click on any sync notification leads (the renderer's `navigate` event payload). */
export const ERRORS_PAGE = { page: 'logs', filter: { status: 'error' } } as const;
