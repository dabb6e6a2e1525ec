import { describe, expect, it } from 'vitest';
import { buildTrayModel, relativeTime, type TrayState } from '../../../main/electron/tray-menu-model';
import type { RunSummary, SyncProgress } from '../../../shared/domain';

const now = new Date('2026-06-10T14:00:00Z');
const counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 };
const run = (over: Partial<RunSummary>): RunSummary => ({
  runId: 7,
  type: 'time_entry',
  trigger: 'schedule',
  status: 'success',
  dryRun: false,
  startedAt: '2026-06-10T11:58:00Z',
  finishedAt: '2026-06-10T12:00:00Z',
  counts,
  apiCalls: 12,
  durationMs: 120_000,
  message: null,
  ...over,
});
const progress: SyncProgress = {
  runId: 8,
  type: 'contract',
  trigger: 'tray',
  phase: 'Fetching contracts',
  done: 40,
  total: 120,
  counts,
  startedAt: '2026-06-10T13:59:00Z',
  message: '',
};
const base: TrayState = { running: null, lastRun: null, paused: false, nextRunAt: new Date(2026, 5, 11, 2, 0), configured: true, now };

const byId = (s: TrayState) =>
  Object.fromEntries(
    buildTrayModel(s)
      .items.filter((i) => 'id' in i)
      .map((i) => [(i as { id: string }).id, i]),
  );

describe('tray menu model', () => {
  it('offers the six things a bookkeeper needs, in order', () => {
    const labels = buildTrayModel(base).items.map((i) => (i.kind === 'separator' ? '—' : i.label));
    expect(labels).toEqual([
      'Sync contracts now',
      'Sync time entries now',
      'Open dashboard',
      '—',
      'Last sync: never',
      'Next scheduled sync: 02:00',
      'Pause scheduled syncs',
      '—',
      'Quit Autotask Billing Sync',
    ]);
    expect(byId(base)['sync-contracts']).toMatchObject({ enabled: true });
    expect(buildTrayModel(base).icon).toBe('idle');
  });

  it('disables both sync items while a sync runs and shows its progress', () => {
    const s = { ...base, running: progress };
    const items = byId(s);
    expect(items['sync-contracts']).toMatchObject({ enabled: false, label: 'Sync contracts now (a sync is running)' });
    expect(items['sync-time']).toMatchObject({ enabled: false });
    expect(items['open-dashboard']).toMatchObject({ enabled: true });
    expect(items['quit']).toMatchObject({ enabled: true });
    expect(items['running']).toMatchObject({ label: 'Syncing: Contract sync — Fetching contracts 40/120' });
    const model = buildTrayModel(s);
    expect(model.icon).toBe('running');
    expect(model.tooltip).toContain('Syncing: Contract sync…');
  });

  it('offers Cancel only while a sync runs, right under its progress, and disables it once asked', () => {
    expect(byId(base)['cancel-sync']).toBeUndefined();
    const running = buildTrayModel({ ...base, running: progress }).items.map((i) => (i.kind === 'separator' ? '—' : i.label));
    expect(running.slice(0, 2)).toEqual(['Syncing: Contract sync — Fetching contracts 40/120', 'Cancel the running sync']);
    expect(byId({ ...base, running: progress })['cancel-sync']).toMatchObject({ kind: 'action', enabled: true });
    expect(byId({ ...base, running: { ...progress, cancelling: true } })['cancel-sync']).toMatchObject({ enabled: false, label: 'Cancelling the sync…' });
  });

  it('says a cancelled last run was cancelled', () => {
    const items = byId({ ...base, lastRun: run({ status: 'cancelled' }) });
    expect(items['last-sync']).toMatchObject({ label: 'Last sync: Time entry sync was cancelled, 2 hours ago' });
  });

  it('disables syncing until credentials are set up, saying why', () => {
    expect(byId({ ...base, configured: false })['sync-time']).toMatchObject({ enabled: false, label: 'Sync time entries now (set up credentials first)' });
  });

  it('shows the last result and time in the menu and tooltip', () => {
    const ok = buildTrayModel({ ...base, lastRun: run({}) });
    expect(ok.items).toContainEqual({ kind: 'info', id: 'last-sync', label: 'Last sync: Time entry sync succeeded, 2 hours ago' });
    expect(ok.tooltip).toBe('Autotask Billing Sync\nLast sync: Time entry sync succeeded, 2 hours ago');
    const failed = buildTrayModel({ ...base, lastRun: run({ type: 'contract', status: 'failed', message: 'The API secret was rejected (HTTP 401).' }) });
    expect(failed.tooltip).toBe('Autotask Billing Sync\nLast sync: Contract sync failed, 2 hours ago\nThe API secret was rejected (HTTP 401).');
    expect(failed.icon).toBe('error');
    expect(buildTrayModel({ ...base, lastRun: run({ status: 'partial' }) }).icon).toBe('error');
  });

  it('shows the paused state as a checked item', () => {
    const s = { ...base, paused: true, nextRunAt: null };
    expect(byId(s)['toggle-pause']).toEqual({ kind: 'checkbox', id: 'toggle-pause', label: 'Pause scheduled syncs', checked: true, enabled: true });
    expect(byId(s)['next-run']).toMatchObject({ label: 'Scheduled syncs are paused' });
    expect(buildTrayModel(s).tooltip).toContain('Scheduled syncs paused');
    expect(byId(base)['toggle-pause']).toMatchObject({ checked: false });
  });

  it('keeps the tooltip within Windows’ 127 characters', () => {
    const long = buildTrayModel({ ...base, lastRun: run({ status: 'failed', message: 'x'.repeat(400) }) });
    expect(long.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('words relative times like the dashboard', () => {
    expect(relativeTime(new Date(now.getTime() - 10_000), now)).toBe('just now');
    expect(relativeTime(new Date(now.getTime() - 60_000), now)).toBe('1 minute ago');
    expect(relativeTime(new Date(now.getTime() - 3 * 86_400_000), now)).toBe('3 days ago');
  });
});
