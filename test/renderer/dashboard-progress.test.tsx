// The dashboard's live strip: pushed sync events win over a dashboard reload that was already under way
// (the reload after each finished run returns `running: null`, and the next run's progress can arrive first).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ApiBridge } from '../../shared/api-contract';
import type { Counts, DashboardData, RunSummary, SyncProgress } from '../../shared/domain';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { DashboardPage } from '../../renderer/src/pages/dashboard/DashboardPage';
import { setDisplayLocale } from '../../renderer/src/lib/format';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

const counts: Counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 };
const dashboard = (running: SyncProgress | null): DashboardData => ({
  lastSyncAt: null,
  lastRun: null,
  totalSyncs: 0,
  successful: 0,
  partial: 0,
  failed: 0,
  cancelled: 0,
  breakdown: [],
  recent: [],
  running,
});

function installEventApi() {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const pending: ((d: DashboardData) => void)[] = [];
  let dashboardCalls = 0;
  (window as unknown as { api: ApiBridge }).api = {
    invoke: (async (channel: string) => {
      if (channel === 'dashboard:get') {
        dashboardCalls += 1;
        // The first load answers at once; later ones wait until the test releases them.
        if (dashboardCalls === 1) return { ok: true, value: dashboard(null) };
        return new Promise((resolve) => pending.push((d) => resolve({ ok: true, value: d })));
      }
      if (channel === 'credentials:get') return { ok: true, value: { username: 'u@msp.example', integrationCode: 'CODE', secretSaved: true, source: 'keychain', problem: null } };
      if (channel === 'settings:get') return { ok: true, value: DEFAULT_SETTINGS };
      if (channel === 'sync:current') return { ok: true, value: null };
      return { ok: true, value: null };
    }) as unknown as ApiBridge['invoke'],
    on: ((channel: string, listener: (payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return () =>
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
    }) as unknown as ApiBridge['on'],
  };
  const emit = (channel: string, payload: unknown) => act(() => (listeners.get(channel) ?? []).forEach((l) => l(payload)));
  return { emit, pending, dashboardCalls: () => dashboardCalls };
}

describe('dashboard sync strip', () => {
  it('keeps the next run’s progress when the reload after the last run lands later', async () => {
    const api = installEventApi();
    render(<DashboardPage info={null} />);
    await screen.findByText('No sync running');

    const now = new Date().toISOString();
    const finished: RunSummary = {
      runId: 1,
      type: 'contract',
      trigger: 'manual',
      status: 'success',
      dryRun: false,
      startedAt: now,
      finishedAt: now,
      counts,
      apiCalls: 5,
      durationMs: 1000,
      message: null,
    };
    api.emit('sync:finished', finished);
    expect(await screen.findByTestId('sync-finished')).toBeTruthy();
    expect(api.dashboardCalls()).toBe(2); // the reload, still under way

    const next: SyncProgress = {
      runId: 2,
      type: 'time_entry',
      trigger: 'manual',
      phase: 'Reading time entries',
      done: 250,
      total: 1000,
      counts,
      startedAt: now,
      phaseStartedAt: now,
      message: '',
    };
    api.emit('sync:progress', next);
    expect((await screen.findByTestId('sync-progress')).textContent).toContain('250 of 1,000');

    // The reload answers with the snapshot it took before the progress event: nothing running.
    await act(async () => api.pending.splice(0).forEach((release) => release(dashboard(null))));
    expect(screen.getByTestId('sync-progress').textContent).toContain('250 of 1,000');
    expect(screen.queryByTestId('sync-finished')).toBeNull();
  });
});
