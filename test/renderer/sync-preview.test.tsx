// The sync panels' Preview (issue #16): the dialog asks the core for the plan of the panel's request, shows
// counts and lists (updates with before → after), runs exactly that request, offers "Allow this once" only
// when the mass-change check would stop the run, stops the preview when closed, and gives focus back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { SyncPreview } from '../../shared/sync-preview';
import { SyncPanels } from '../../renderer/src/pages/dashboard/SyncPanels';
import { setDisplayLocale } from '../../renderer/src/lib/format';
import { installFakeApi } from './fake-api';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

function preview(over: Partial<SyncPreview> = {}): SyncPreview {
  const plan = {
    creates: [{ syncType: 'contract' as const, autotaskId: 501, message: 'New service PRACBILL-Hosting · Website Hosting' }],
    updates: [{ syncType: 'contract' as const, autotaskId: 502, message: 'Service price changed', changed: { unitPrice: { before: '54.95', after: '59.95' } } }],
    ends: [{ autotaskId: 503, contractId: 90, reason: 'the contract is no longer active in Autotask' }],
    flags: [],
    skips: [{ syncType: 'contract' as const, autotaskId: 504, reason: 'the customer is inactive', logged: true }],
    errors: [],
    unchanged: 7,
  };
  return {
    request: { type: 'contract', endExpired: true },
    runId: 12,
    status: 'ready',
    message: 'Dry run of contract sync completed',
    counts: { create: 1, update: 2, unchanged: 7, skip: 1, error: 0, warning: 0 },
    apiCalls: 6,
    massChange: null,
    totals: { creates: 1, updates: 1, ends: 1, flags: 0, skips: 1, errors: 0 },
    plan,
    ...over,
  };
}

const ok = (value: unknown) => ({ ok: true as const, value });

describe('sync preview dialog', () => {
  it("previews the panel's request, shows counts and before → after, and Run this sync starts the same request", async () => {
    const api = installFakeApi((channel) =>
      channel === 'sync:preview' ? ok(preview()) : ok({ queued: true, message: 'Contract sync has been queued. Check the logs for progress.' }),
    );
    render(<SyncPanels busy={false} onQueued={() => undefined} />);
    fireEvent.click(screen.getByLabelText('End expired contracts'));
    const opener = screen.getByRole('button', { name: 'Preview the contract sync' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Preview: Sync Contracts' });
    expect(api.calls[0]).toEqual({ channel: 'sync:preview', arg: { type: 'contract', endExpired: true } });
    await within(dialog).findByText(/Plan ready: created 1, updated 2, ended 1, flagged 0, skipped 1, errors 0, unchanged 7/);
    for (const name of ['Creates (1)', 'Updates (1)', 'Ends (1)', 'Skips (1)']) expect(within(dialog).getByRole('heading', { level: 3, name })).toBeTruthy();
    expect(within(dialog).queryByRole('heading', { name: /Flags/ })).toBeNull();
    const updates = within(dialog).getByRole('table', { name: 'Updates this sync would make' });
    expect(updates.textContent).toContain('Unit price');
    expect(updates.textContent).toContain('$54.95');
    expect(updates.textContent).toContain('$59.95');
    expect(within(dialog).getByRole('table', { name: 'Ends this sync would make' }).textContent).toContain('the contract is no longer active in Autotask');
    const run = within(dialog).getByRole('button', { name: 'Run this sync' });
    expect(document.activeElement).toBe(run);
    expect(within(dialog).queryByRole('button', { name: 'Allow this once' })).toBeNull();
    fireEvent.click(run);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls[1]).toEqual({ channel: 'sync:start', arg: { type: 'contract', endExpired: true } });
    expect(document.activeElement).toBe(opener);
    await screen.findByText('Contract sync has been queued. Check the logs for progress.');
  });

  it('a guard stop leads to the preview; Allow this once runs that request with the check lifted', async () => {
    const guard =
      'Stopped before writing anything: this run would end 12 of 14 active services (86%), more than the mass-change limit of 50% (and at least 10). That usually means something changed. Check Autotask; if the change is intended, choose "Preview".';
    const api = installFakeApi((channel) =>
      channel === 'sync:preview' ? ok(preview({ massChange: guard, request: { type: 'contract', endExpired: false } })) : ok({ queued: true, message: 'queued' }),
    );
    const finished = {
      runId: 3,
      type: 'contract' as const,
      trigger: 'manual' as const,
      status: 'failed' as const,
      dryRun: false,
      startedAt: '',
      finishedAt: '',
      counts: preview().counts,
      apiCalls: 1,
      durationMs: 1,
      message: guard,
      massChangeStop: true,
    };
    render(<SyncPanels busy={false} onQueued={() => undefined} finished={finished} />);
    expect(screen.queryByText('Allow mass change')).toBeNull(); // no sticky override in the panel
    const stop = screen.getByTestId('contract-guard-stop');
    fireEvent.click(within(stop).getByRole('button', { name: 'Preview the changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Preview: Sync Contracts' });
    const notice = await within(dialog).findByTestId('preview-guard');
    expect(notice.textContent).toContain('This run would end 12 of 14 active services (86%)');
    expect(notice.textContent).not.toContain('Check Autotask; if the change is intended');
    expect(within(dialog).queryByRole('button', { name: 'Run this sync' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Allow this once' }));
    await waitFor(() => expect(api.calls.at(-1)).toEqual({ channel: 'sync:start', arg: { type: 'contract', endExpired: false, allowMassChange: true } }));
    // A plain run afterwards carries no override.
    fireEvent.click(screen.getByRole('button', { name: 'Sync Contracts' }));
    await waitFor(() => expect(api.calls.at(-1)).toEqual({ channel: 'sync:start', arg: { type: 'contract', endExpired: false } }));
  });

  it('shows progress while the plan is worked out; closing stops the preview and returns focus', async () => {
    let resolve: (v: ReturnType<typeof ok>) => void = () => undefined;
    const api = installFakeApi((channel) => (channel === 'sync:preview' ? new Promise((r) => (resolve = r)) : ok({ cancelled: true })));
    render(<SyncPanels busy={false} onQueued={() => undefined} />);
    const opener = screen.getByRole('button', { name: 'Preview the time entry sync' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Preview: Sync Time Entries' });
    expect(api.calls[0]!.arg).toMatchObject({ type: 'time_entry' });
    expect(within(dialog).getByRole('progressbar', { name: 'Preview progress' })).toBeTruthy();
    expect(within(dialog).getByText(/Working out the plan/)).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    await waitFor(() => expect(api.calls.map((c) => c.channel)).toEqual(['sync:preview', 'sync:preview-cancel']));
    resolve(ok(preview()));
  });

  it('refuses to open a time preview over an invalid range', () => {
    const api = installFakeApi(() => ok(null));
    render(<SyncPanels busy={false} onQueued={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Start Date'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the time entry sync' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls).toEqual([]);
  });
});
