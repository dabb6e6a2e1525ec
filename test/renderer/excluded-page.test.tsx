import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ExcludedReport } from '../../shared/excluded';
import { ExcludedPage } from '../../renderer/src/pages/excluded/ExcludedPage';
import { setDisplayLocale } from '../../renderer/src/lib/format';
import { installFakeApi } from './fake-api';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

const report = (over: Partial<ExcludedReport> = {}): ExcludedReport => ({
  readAt: '2026-12-02T22:05:09.000Z',
  window: { from: '2026-09-03', to: '2026-12-02' },
  contracts: [
    { autotaskContractId: 1004, contractName: 'T&M Support', customer: 'Blue Gum Veterinary', status: 'In Effect', reason: 'name does not match SKU prefix PRACBILL' },
    { autotaskContractId: 1028, contractName: 'PRACBILL-Firewall', customer: null, status: 'Inactive', reason: 'the contract is not active in Autotask (status Inactive)' },
  ],
  timeByContract: [
    { autotaskContractId: 1004, contractName: 'T&M Support', customer: 'Blue Gum Veterinary', entries: 3, hours: '1250.50' },
    { autotaskContractId: 99, contractName: null, customer: null, entries: 1, hours: '0.25' },
  ],
  noContract: { entries: 17, hours: '22.25' },
  ...over,
});

const ok = (value: unknown) => ({ ok: true as const, value });

describe('ExcludedPage', () => {
  it('shows the cached read with its time, both tables and the no-contract warning, without refreshing', async () => {
    const api = installFakeApi((channel) => (channel === 'excluded:get' ? ok(report()) : { ok: false, error: { code: 'internal', message: 'unexpected' } }));
    render(<ExcludedPage />);
    const readAt = await screen.findByTestId('excluded-read-at');
    expect(readAt.textContent).toContain('Read Dec 2, 2026');
    expect(readAt.textContent).toContain('Sep 3, 2026');
    expect(api.calls.map((c) => c.channel)).toEqual(['excluded:get']);

    const time = within(screen.getByTestId('excluded-time'));
    expect(screen.getByTestId('excluded-time').querySelector('caption')?.textContent).toMatch(/by contract/);
    expect(time.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Contract', 'Customer', 'Entries', 'Hours']);
    expect(time.getByText('1,250.50')).toBeTruthy();
    expect(time.getByText('Not returned by Autotask')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Billable time on contracts that are not synced: 4 entries, 1,250.75 h/ })).toBeTruthy();

    const contracts = within(screen.getByTestId('excluded-contracts'));
    expect(contracts.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Contract', 'Customer', 'Status', 'Why it is left out']);
    expect(contracts.getByText('the contract is not active in Autotask (status Inactive)')).toBeTruthy();
    expect(contracts.getByText('Unknown')).toBeTruthy();

    expect(screen.getByTestId('excluded-no-contract').textContent).toContain('17 billable, approved time entries (22.25 h) are on no contract');
  });

  it('says nothing was read yet, then Refresh shows the busy state, announces the result and shows it', async () => {
    let resolve: (v: unknown) => void = () => undefined;
    installFakeApi((channel) => (channel === 'excluded:get' ? ok(null) : new Promise((r) => (resolve = (v) => r(ok(v))))));
    render(<ExcludedPage />);
    expect(await screen.findByText(/Nothing has been read yet/)).toBeTruthy();
    const button = screen.getByTestId('excluded-refresh');
    fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toBe('Reading Autotask…'));
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByTestId('excluded-announcer').textContent).toBe('Reading Autotask…');
    resolve(report({ noContract: { entries: 0, hours: '0.00' } }));
    await screen.findByTestId('excluded-read-at');
    expect(screen.getByTestId('excluded-announcer').textContent).toBe('Read from Autotask: 2 excluded contract(s), 2 contract(s) with billable time.');
    expect(screen.queryByTestId('excluded-no-contract')).toBeNull();
    expect(button.textContent).toBe('Refresh from Autotask');
  });

  it('a failed refresh shows the error clearly and keeps the previous result', async () => {
    installFakeApi((channel) =>
      channel === 'excluded:get' ? ok(report()) : { ok: false, error: { code: 'autotask', message: 'Autotask could not be read: the API secret was rejected (HTTP 401).' } },
    );
    render(<ExcludedPage />);
    await screen.findByTestId('excluded-read-at');
    fireEvent.click(screen.getByTestId('excluded-refresh'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The refresh failed: Autotask could not be read: the API secret was rejected/);
    expect(alert.textContent).toContain('The previous read is still shown.');
    expect(screen.getByTestId('excluded-announcer').textContent).toBe('');
    expect(screen.getByTestId('excluded-read-at').textContent).toContain('Dec 2, 2026');
    expect(within(screen.getByTestId('excluded-contracts')).getByText('T&M Support')).toBeTruthy();
  });
});
