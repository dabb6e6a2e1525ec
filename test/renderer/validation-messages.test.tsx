import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { CredentialStatus } from '../../shared/domain';
import { SettingsForm } from '../../renderer/src/pages/config/SettingsForm';
import { CredentialsForm } from '../../renderer/src/pages/config/CredentialsForm';
import { SyncPanels } from '../../renderer/src/pages/dashboard/SyncPanels';
import { installFakeApi } from './fake-api';

afterEach(cleanup);

const errorOf = (label: string) => {
  const input = screen.getByLabelText(label);
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((x) => x.endsWith('-error'));
  return id ? (document.getElementById(id)?.textContent ?? '') : '';
};

describe('settings validation messages', () => {
  it('shows the shared rule’s message next to the field when it loses focus, and clears it once fixed', () => {
    installFakeApi(() => ({ ok: true, value: DEFAULT_SETTINGS }));
    render(<SettingsForm settings={DEFAULT_SETTINGS} onSaved={() => undefined} />);
    const rate = screen.getByLabelText('Fixed hourly rate');
    fireEvent.change(rate, { target: { value: '12.345' } });
    fireEvent.blur(rate);
    expect(errorOf('Fixed hourly rate')).toBe('Enter an amount like 150 or 150.00 (at most two decimal places)');
    expect(rate.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(rate, { target: { value: '160' } });
    expect(errorOf('Fixed hourly rate')).toBe('');
    expect(rate.getAttribute('aria-invalid')).toBeNull();
  });

  it('does not send invalid settings; says what is wrong with each field', async () => {
    const api = installFakeApi(() => ({ ok: true, value: DEFAULT_SETTINGS }));
    render(<SettingsForm settings={DEFAULT_SETTINGS} onSaved={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Time window'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Daily sync time'), { target: { value: '25:00' } });
    fireEvent.change(screen.getByLabelText('Department ID'), { target: { value: 'dept 1' } });
    fireEvent.change(screen.getByLabelText('SKU prefix'), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(errorOf('Time window')).toBe('The time window must be between 1 and 366');
    expect(errorOf('Daily sync time')).toBe('Enter a 24-hour time like 02:00');
    expect(errorOf('Department ID')).toMatch(/^Use 1–32 letters, digits/);
    expect(errorOf('SKU prefix')).toMatch(/^Enter the SKU prefix/);
    expect(api.calls.filter((c) => c.channel === 'settings:update')).toEqual([]);
  });

  it('shows the core’s per-field errors when it refuses a save', async () => {
    installFakeApi((channel) =>
      channel === 'settings:update'
        ? { ok: false, error: { code: 'invalid-argument', message: 'zoneLookupUrl: not reachable', fieldErrors: { zoneLookupUrl: 'The core refused this address' } } }
        : { ok: true, value: null },
    );
    render(<SettingsForm settings={DEFAULT_SETTINGS} onSaved={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Zone lookup URL'), { target: { value: 'https://example.test/ATServicesRest/' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    await waitFor(() => expect(errorOf('Zone lookup URL')).toBe('The core refused this address'));
  });

  it('sends only the changed settings', async () => {
    const api = installFakeApi(() => ({ ok: true, value: { ...DEFAULT_SETTINGS, hourlyRate: '175.00' } }));
    render(<SettingsForm settings={DEFAULT_SETTINGS} onSaved={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Fixed hourly rate'), { target: { value: '175' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    expect(api.calls).toEqual([{ channel: 'settings:update', arg: { hourlyRate: '175' } }]);
    await waitFor(() => expect(screen.getByText('Settings saved.')).toBeTruthy());
  });
});

describe('credentials form', () => {
  const empty: CredentialStatus = { username: '', integrationCode: '', secretSaved: false, source: 'none', problem: null };

  it('asks for each missing credential next to its field', () => {
    const api = installFakeApi(() => ({ ok: true, value: empty }));
    render(<CredentialsForm status={empty} onSaved={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save credentials' }));
    expect(errorOf('API username')).toMatch(/^Enter the API username/);
    expect(errorOf('Integration code')).toMatch(/^Enter the API tracking identifier/);
    expect(errorOf('API secret')).toBe('Enter the API secret of the API user');
    expect(api.calls).toEqual([]);
  });

  it('never shows a saved secret: only "Saved" with Replace and Delete', () => {
    installFakeApi(() => ({ ok: true, value: empty }));
    const saved: CredentialStatus = { username: 'api@example.com', integrationCode: 'CODE', secretSaved: true, source: 'keychain', problem: null };
    render(<CredentialsForm status={saved} onSaved={() => undefined} />);
    expect(screen.queryByLabelText('API secret', { selector: 'input' })).toBeNull();
    expect(screen.getByRole('group', { name: 'API secret' }).textContent).toContain('Saved');
    expect(screen.getByText('Saved')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Replace' }));
    const input = screen.getByLabelText('New API secret') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.value).toBe('');
  });
});

describe('time entry sync dates', () => {
  it('defaults to the last 7 days and refuses a start after the end without queuing', () => {
    const api = installFakeApi(() => ({ ok: true, value: { queued: true, message: 'queued' } }));
    render(<SyncPanels busy={false} onQueued={() => undefined} />);
    const from = screen.getByLabelText('Start Date') as HTMLInputElement;
    const to = screen.getByLabelText('End Date') as HTMLInputElement;
    expect((Date.parse(to.value) - Date.parse(from.value)) / 86_400_000).toBe(7);
    fireEvent.change(from, { target: { value: '2026-11-24' } });
    fireEvent.change(to, { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sync Time Entries' }));
    expect(errorOf('Start Date')).toBe('The start date must not be after the end date');
    expect(api.calls).toEqual([]);
  });

  it('announces the core’s confirmation in a polite live region', async () => {
    installFakeApi(() => ({ ok: true, value: { queued: true, message: 'Contract sync has been queued. Check the logs for progress.' } }));
    render(<SyncPanels busy={false} onQueued={() => undefined} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sync Contracts' }));
    });
    const region = screen.getByTestId('contract-sync-feedback');
    expect(region.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(region.textContent).toBe('Contract sync has been queued. Check the logs for progress.'));
  });
});
