import type { RunSummary, SyncProgress } from '../../shared/domain';

// Pure (no 'electron' import): what the tray menu and tooltip say, and which items are enabled. The
// tray controller turns this into a Menu and only wires the clicks.

export type TrayAction = 'sync-contracts' | 'sync-time' | 'cancel-sync' | 'open-dashboard' | 'toggle-pause' | 'quit';

export type TrayMenuItem =
  | { kind: 'action'; id: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; id: TrayAction; label: string; checked: boolean; enabled: boolean }
  | { kind: 'info'; id: 'last-sync' | 'running' | 'next-run'; label: string }
  | { kind: 'separator' };

export interface TrayState {
  running: SyncProgress | null;
  lastRun: RunSummary | null;
  paused: boolean;
  nextRunAt: Date | null;
  /** False until credentials are complete: sync items explain instead of failing. */
  configured: boolean;
  now: Date;
}

export interface TrayModel {
  items: TrayMenuItem[];
  tooltip: string;
  /** Which icon variant to show. */
  icon: 'idle' | 'running' | 'error';
}

const TYPE_LABEL: Record<RunSummary['type'], string> = { contract: 'Contract sync', time_entry: 'Time entry sync' };
const STATUS_LABEL: Record<RunSummary['status'], string> = {
  running: 'running',
  success: 'succeeded',
  partial: 'finished with errors',
  failed: 'failed',
  cancelled: 'was cancelled',
};

/** "2 hours ago", "just now", "3 days ago" — the dashboard's wording. */
export function relativeTime(then: Date, now: Date): string {
  const s = Math.round((now.getTime() - then.getTime()) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

function clockTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function lastSyncLine(lastRun: RunSummary | null, now: Date): string {
  if (!lastRun) return 'Last sync: never';
  const when = new Date(lastRun.finishedAt ?? lastRun.startedAt);
  return `Last sync: ${TYPE_LABEL[lastRun.type]} ${STATUS_LABEL[lastRun.status]}, ${relativeTime(when, now)}`;
}

export function buildTrayModel(state: TrayState): TrayModel {
  const busy = state.running !== null;
  const syncEnabled = !busy && state.configured;
  const syncHint = busy ? ' (a sync is running)' : state.configured ? '' : ' (set up credentials first)';
  const items: TrayMenuItem[] = [];
  if (state.running) {
    const p = state.running;
    const progress = p.total ? ` ${p.done}/${p.total}` : p.done > 0 ? ` ${p.done}` : '';
    items.push({ kind: 'info', id: 'running', label: `Syncing: ${TYPE_LABEL[p.type]} — ${p.phase}${progress}` });
    // Cancel stops the run at its next page boundary; once asked, the item says so and stays disabled.
    items.push(
      p.cancelling
        ? { kind: 'action', id: 'cancel-sync', label: 'Cancelling the sync…', enabled: false }
        : { kind: 'action', id: 'cancel-sync', label: 'Cancel the running sync', enabled: true },
    );
  }
  items.push(
    { kind: 'action', id: 'sync-contracts', label: `Sync contracts now${syncHint}`, enabled: syncEnabled },
    { kind: 'action', id: 'sync-time', label: `Sync time entries now${syncHint}`, enabled: syncEnabled },
    { kind: 'action', id: 'open-dashboard', label: 'Open dashboard', enabled: true },
    { kind: 'separator' },
    { kind: 'info', id: 'last-sync', label: lastSyncLine(state.lastRun, state.now) },
    {
      kind: 'info',
      id: 'next-run',
      label: state.paused ? 'Scheduled syncs are paused' : state.nextRunAt ? `Next scheduled sync: ${clockTime(state.nextRunAt)}` : 'No scheduled sync armed',
    },
    { kind: 'checkbox', id: 'toggle-pause', label: 'Pause scheduled syncs', checked: state.paused, enabled: true },
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: 'Quit Autotask Billing Sync', enabled: true },
  );

  const lines = ['Autotask Billing Sync'];
  if (state.running) lines.push(`Syncing: ${TYPE_LABEL[state.running.type]}…`);
  lines.push(lastSyncLine(state.lastRun, state.now));
  if (state.lastRun?.status === 'failed' && state.lastRun.message) lines.push(state.lastRun.message);
  if (state.paused) lines.push('Scheduled syncs paused');
  // Windows truncates tray tooltips at 127 characters.
  let tooltip = lines.join('\n');
  if (tooltip.length > 127) tooltip = `${tooltip.slice(0, 126)}…`;

  const icon = busy ? 'running' : state.lastRun && (state.lastRun.status === 'failed' || state.lastRun.status === 'partial') ? 'error' : 'idle';
  return { items, tooltip, icon };
}
