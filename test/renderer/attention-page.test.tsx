import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { AttentionQueue, FlaggedItem } from '../../shared/attention';
import type { DashboardData } from '../../shared/domain';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { App } from '../../renderer/src/App';
import { AttentionPage } from '../../renderer/src/pages/attention/AttentionPage';
import { SummaryCards } from '../../renderer/src/components/SummaryCards';
import { setDisplayLocale } from '../../renderer/src/lib/format';
import { installFakeApi } from './fake-api';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
  window.location.hash = '';
});

const item = (itemId: number, over: Partial<FlaggedItem> = {}): FlaggedItem => ({
  itemId,
  autotaskTimeEntryId: 7000 + itemId,
  customerId: 1,
  customerName: 'Acme Dental',
  contractName: 'PRACBILL Acme',
  serviceName: 'Managed',
  dateWorked: '2026-11-03',
  hours: '1.25',
  amount: '187.50',
  flagReason: 'no longer approved for billing in Autotask',
  flaggedAt: '2026-11-04T02:00:00.000Z',
  acknowledged: null,
  previous: null,
  ...over,
});

function queue(open: FlaggedItem[], acknowledged: FlaggedItem[]): AttentionQueue {
  return {
    open,
    openTotal: open.length,
    acknowledged,
    acknowledgedTotal: acknowledged.length,
    runs: [
      {
        runId: 12,
        type: 'contract',
        trigger: 'schedule',
        status: 'failed',
        dryRun: false,
        startedAt: '2026-11-04T02:00:00.000Z',
        finishedAt: '2026-11-04T02:01:00.000Z',
        counts: { create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 },
        apiCalls: 1,
        durationMs: 60_000,
        message: 'The API secret was rejected (HTTP 401)',
        resolved: false,
      },
    ],
    unresolvedRuns: 1,
    limit: 200,
  };
}

describe('Needs attention page', () => {
  it('lists open items with reason and flag time, acknowledges one, then shows who/when and keeps the focus on the next button', async () => {
    const ack = { by: 'alice', at: '2026-11-05T09:30:00.000Z', reason: 'no longer approved for billing in Autotask' };
    let state = queue(
      [item(1), item(2, { flagReason: 'deleted in Autotask', previous: { by: 'bob', at: '2026-11-01T08:00:00.000Z', reason: 'made non-billable in Autotask' } })],
      [],
    );
    const api = installFakeApi((channel, arg) => {
      if (channel === 'attention:get') return { ok: true, value: state };
      if (channel === 'attention:acknowledge') {
        const id = (arg as { itemId: number }).itemId;
        const acked = { ...state.open.find((r) => r.itemId === id)!, acknowledged: ack };
        state = queue(
          state.open.filter((r) => r.itemId !== id),
          [acked, ...state.acknowledged],
        );
        return { ok: true, value: { item: acked, recorded: true, message: `Acknowledged item ${id}.` } };
      }
      return { ok: false, error: { code: 'internal', message: `unexpected ${channel}` } };
    });
    render(<AttentionPage />);
    const openTable = await screen.findByTestId('open-flags');
    expect(screen.getByRole('heading', { level: 2, name: 'Flagged items to review: 2' })).toBeTruthy();
    expect(
      within(openTable)
        .getAllByTestId('flag-reason')
        .map((e) => e.textContent),
    ).toEqual(['no longer approved for billing in Autotask', 'deleted in Autotask']);
    expect(within(openTable).getByTestId('previous-ack').textContent).toContain('an earlier flag was acknowledged by bob');
    expect(within(openTable).getAllByText('$187.50')).toHaveLength(2);
    // The failing run with its reason and a link to its log rows.
    const runs = screen.getByTestId('failing-runs');
    expect(within(runs).getByText('The API secret was rejected (HTTP 401)')).toBeTruthy();
    expect(within(runs).getByRole('link', { name: 'Open run 12' }).getAttribute('href')).toBe('#/logs?run=12');

    const first = screen.getByRole('button', { name: 'Acknowledge time entry 7001 of Acme Dental' });
    first.focus();
    fireEvent.click(first);
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Acknowledged: 1' })).toBeTruthy());
    expect(api.calls.filter((c) => c.channel === 'attention:acknowledge').map((c) => c.arg)).toEqual([{ itemId: 1 }]);
    expect(screen.getByRole('status').textContent).toContain('Acknowledged time entry 7001 (Acme Dental) as alice, Nov 5, 2026');
    const whoWhen = within(screen.getByTestId('acked-flags')).getByTestId('ack-who-when');
    expect(whoWhen.textContent).toMatch(/^by alice, Nov 5, 2026/);
    expect(whoWhen.querySelector('time')?.getAttribute('dateTime')).toBe(ack.at);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Acknowledge time entry 7002 of Acme Dental' })));
  });

  it('says so when the core refuses an acknowledgement', async () => {
    installFakeApi((channel) => {
      if (channel === 'attention:get') return { ok: true, value: queue([item(1)], []) };
      return {
        ok: false,
        error: { code: 'invalid-argument', message: 'The engineering item with itemId 1 is not flagged (a later sync may have cleared it): there is nothing to acknowledge.' },
      };
    });
    render(<AttentionPage />);
    fireEvent.click(await screen.findByRole('button', { name: /^Acknowledge/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('The engineering item with itemId 1 is not flagged');
  });
});

describe('navigation count and the Failed card', () => {
  it('names the open count in words on the navigation link', async () => {
    window.location.hash = '#/attention';
    installFakeApi((channel) => {
      if (channel === 'app:info') return { ok: true, value: { name: 'x', version: '1.0.0', mode: 'test', demo: false, databaseFile: '/tmp/x.db' } };
      if (channel === 'settings:get') return { ok: true, value: DEFAULT_SETTINGS };
      if (channel === 'sync:current') return { ok: true, value: null };
      if (channel === 'attention:count') return { ok: true, value: { openItems: 2, unresolvedRuns: 1, total: 3 } };
      if (channel === 'attention:get') return { ok: true, value: queue([item(1), item(2)], []) };
      return { ok: false, error: { code: 'internal', message: channel } };
    });
    render(<App />);
    const link = await screen.findByRole('link', { name: 'Needs attention 3 open' });
    expect(link.getAttribute('href')).toBe('#/attention');
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(link.querySelector('.nav-count')?.textContent).toBe('3');
  });

  it('the Failed card links to Needs attention when a run failed', () => {
    const data = {
      lastSyncAt: null,
      lastRun: null,
      totalSyncs: 2,
      successful: 1,
      partial: 0,
      failed: 1,
      cancelled: 0,
      breakdown: [],
      recent: [],
      running: null,
    } satisfies DashboardData;
    render(<SummaryCards data={data} now={new Date()} />);
    expect(screen.getByRole('link', { name: 'See why in Needs attention' }).getAttribute('href')).toBe('#/attention');
    cleanup();
    render(<SummaryCards data={{ ...data, failed: 0 }} now={new Date()} />);
    expect(screen.queryByRole('link', { name: 'See why in Needs attention' })).toBeNull();
  });
});
