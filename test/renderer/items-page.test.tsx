import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ItemPage } from '../../shared/items';
import { ItemsPage } from '../../renderer/src/pages/data/ItemsPage';
import { formatHash, parseHash, type PageName, type RouteParams } from '../../renderer/src/lib/route';
import { formatMoney, setDisplayLocale } from '../../renderer/src/lib/format';
import { installFakeApi } from './fake-api';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

const page = (over: Partial<ItemPage> = {}): ItemPage => ({
  total: 2,
  page: 1,
  perPage: 25,
  totals: { count: 2, hours: '3.25', amount: '1487.50' },
  rows: [
    {
      id: 1,
      serviceId: 1,
      serviceName: 'Support',
      contractName: 'PRACBILL Support',
      customerName: 'Acme Dental',
      autotaskTimeEntryId: 70001,
      dateWorked: '2026-11-03',
      hours: '1.25',
      rate: '150.00',
      amount: '187.50',
      flagged: false,
      flagReason: null,
      state: 'held',
    },
    {
      id: 2,
      serviceId: 1,
      serviceName: 'Support',
      contractName: 'PRACBILL Support',
      customerName: 'Acme Dental',
      autotaskTimeEntryId: 70002,
      dateWorked: '2026-11-02',
      hours: '2.00',
      rate: '650.00',
      amount: '1300.00',
      flagged: false,
      flagReason: null,
      state: 'held',
    },
  ],
  ...over,
});

/** The page with a hash-like router in state, so applying filters re-renders it as the app does. */
function Harness() {
  const [hash, setHash] = useState('#/items');
  const route = parseHash(hash);
  return <ItemsPage params={route.params} navigate={(p: PageName, params?: RouteParams) => setHash(formatHash(p, params))} />;
}

describe('Engineering Items page filters', () => {
  it('applies customer, month and state with Enter from the select, keeps focus, shows totals of the filtered rows and exports them', async () => {
    const api = installFakeApi((channel) => {
      if (channel === 'customers:list')
        return {
          ok: true,
          value: {
            total: 1,
            page: 1,
            perPage: 500,
            rows: [{ id: 7, name: 'Acme Dental', autotaskCompanyId: 1, companyNumber: null, phone: null, city: null, serviceCount: 1, createdAt: '' }],
          },
        };
      if (channel === 'items:list') return { ok: true, value: page() };
      if (channel === 'items:export') return { ok: true, value: { status: 'saved', path: '/tmp/items.csv', rows: 2, fileName: 'items.csv' } };
      return { ok: false, error: { code: 'internal', message: channel } };
    });
    render(<Harness />);
    const customer = (await screen.findByLabelText('Customer')) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Acme Dental' });
    fireEvent.change(customer, { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Month'), { target: { value: '2026-11' } });
    const state = screen.getByLabelText('State') as HTMLSelectElement;
    fireEvent.change(state, { target: { value: 'held' } });
    state.focus();
    fireEvent.keyDown(state, { key: 'Enter' });
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'items:list').at(-1)?.arg).toEqual({ customerId: 7, month: '2026-11', state: 'held', page: 1, perPage: 25 }));
    expect(document.activeElement).toBe(screen.getByLabelText('State'));
    const totals = await screen.findByTestId('item-totals');
    expect(totals.textContent).toBe(`Items 2Hours 3.25Amount ${formatMoney('1487.50')}`);
    expect(within(screen.getByTestId('items-table')).getAllByText('Held')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await screen.findByText('Exported 2 item rows to /tmp/items.csv');
    expect(api.calls.find((c) => c.channel === 'items:export')?.arg).toEqual({ customerId: 7, month: '2026-11', state: 'held' });
  });

  it('says so when nothing matches the filters, and Reset clears them', async () => {
    const api = installFakeApi((channel) =>
      channel === 'items:list'
        ? { ok: true, value: page({ total: 0, rows: [], totals: { count: 0, hours: '0.00', amount: '0.00' } }) }
        : { ok: true, value: { total: 0, page: 1, perPage: 500, rows: [] } },
    );
    render(<Harness />);
    const state = (await screen.findByLabelText('State')) as HTMLSelectElement;
    fireEvent.change(state, { target: { value: 'posted' } });
    fireEvent.submit(state.form!);
    await screen.findByText('No items match these filters.', { selector: '.results-summary' });
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'items:list').at(-1)?.arg).toEqual({ page: 1, perPage: 25 }));
  });
});
