import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { BillingPreviewJson, BillingRunJson } from '../../shared/billing';
import type { BillingExportResult } from '../../shared/api-contract';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { BillingPage } from '../../renderer/src/pages/billing/BillingPage';
import { previousMonth, shiftMonth } from '../../renderer/src/pages/billing/billing-text';
import { formatMoney, setDisplayLocale } from '../../renderer/src/lib/format';
import { installFakeApi } from './fake-api';

beforeEach(() => setDisplayLocale('en-US'));
afterEach(() => {
  cleanup();
  setDisplayLocale(undefined);
});

const NOW = () => new Date(2026, 11, 2, 10, 0, 0); // 2 Dec 2026 → default month 2026-11

const preflight = (over: Partial<BillingPreviewJson['preflight']> = {}): BillingPreviewJson['preflight'] => ({
  lastSuccessfulSyncAt: new Date(Date.now() - 3600_000).toISOString(),
  flaggedItems: 1,
  postedInAutotask: 1,
  lateLines: 1,
  heldLines: 0,
  missingForFormat: { csv: [], xero: ['incomeAccount', 'taxType'], qbo: [], iif: ['incomeAccount'] },
  formulaLikeNames: ['@Home Networks'],
  dateFormat: 'DD/MM/YYYY',
  dateSample: '30/11/2026',
  ...over,
});

function openPreview(): BillingPreviewJson {
  return {
    period: { month: '2026-11', from: '2026-11-01', to: '2026-11-30' },
    state: 'open',
    runId: null,
    currency: 'AUD',
    total: '2350.00',
    closable: { ok: true, reason: null },
    invoices: [
      {
        customerId: 7,
        customer: 'New Company Inc',
        accountingName: 'New Company Pty Ltd',
        autotaskCompanyId: 1001,
        invoiceNumber: null,
        total: '1600.00',
        previousTotal: '1500.00',
        held: false,
        lines: [
          {
            kind: 'recurring',
            date: '2026-11-01',
            dateTo: '2026-11-30',
            description: 'Managed workstations (15 seats)',
            serviceNum: 'SVC-0001',
            quantity: '15',
            unitPrice: '56.67',
            amount: '850.00',
            late: false,
            source: { contractServiceId: 3001, serviceId: 11, unitRowId: 88 },
          },
          {
            kind: 'time',
            date: '2026-10-28',
            dateTo: null,
            description: 'Server patching',
            serviceNum: null,
            quantity: '5.00',
            unitPrice: '150.00',
            amount: '750.00',
            late: true,
            source: { timeEntryId: 5012, itemId: 42 },
          },
        ],
      },
      {
        customerId: 8,
        customer: '@Home Networks',
        accountingName: '@Home Networks',
        autotaskCompanyId: 1002,
        invoiceNumber: null,
        total: '750.00',
        previousTotal: null,
        held: false,
        lines: [],
      },
    ],
    excluded: [
      {
        kind: 'time',
        customerId: 7,
        customer: 'New Company Inc',
        description: 'Printer fix',
        date: '2026-11-03',
        amount: '300.00',
        reason: 'posted-in-autotask',
        reasonText: 'posted in Autotask on 2026-11-05 (BillingItem 88123)',
        source: { timeEntryId: 5013, itemId: 43 },
      },
      {
        kind: 'time',
        customerId: 8,
        customer: '@Home Networks',
        description: 'Wi-Fi survey',
        date: '2026-11-10',
        amount: '450.00',
        reason: 'held',
        reasonText: 'held: waiting for PO',
        source: { timeEntryId: 5014, itemId: 44 },
      },
    ],
    preflight: preflight(),
  };
}

function closedPreview(): BillingPreviewJson {
  const p = openPreview();
  return {
    ...p,
    state: 'closed',
    runId: 3,
    invoices: p.invoices.map((inv, i) => ({ ...inv, invoiceNumber: `ATS-000${i + 1}` })),
    excluded: [],
    closable: { ok: false, reason: '2026-11 is already closed' },
  };
}

const RUN: BillingRunJson = {
  runId: 3,
  period: '2026-11',
  closedAt: '2026-12-02T09:00:00.000Z',
  reopenedAt: null,
  invoices: 2,
  total: '2350.00',
  exports: [{ format: 'xero', file: 'billing_2026-11_xero.csv', sha256: 'ab'.repeat(32), at: '2026-12-02T09:05:00.000Z' }],
};

type Table = Record<string, (arg: any) => unknown>;
function fake(table: Table) {
  return installFakeApi(async (channel, arg) => {
    const h = table[channel];
    if (!h) return { ok: false, error: { code: 'unavailable', message: `no ${channel}` } };
    try {
      return { ok: true, value: await h(arg) };
    } catch (e) {
      return { ok: false, error: { code: 'invalid-argument', message: (e as Error).message } };
    }
  });
}

const baseTable = (over: Table = {}): Table => ({
  'settings:get': () => ({ ...DEFAULT_SETTINGS, billingExportFormat: 'csv' }),
  'settings:update': (patch) => ({ ...DEFAULT_SETTINGS, ...patch }),
  'billing:preview': () => openPreview(),
  'billing:runs': () => [],
  ...over,
});

const renderPage = (month?: string) => render(<BillingPage params={new URLSearchParams(month ? { month } : {})} navigate={() => undefined} now={NOW} />);

describe('billing page helpers', () => {
  it('defaults to the previous month, across a year boundary too', () => {
    expect(previousMonth(new Date(2026, 11, 2))).toBe('2026-11');
    expect(previousMonth(new Date(2027, 0, 15))).toBe('2026-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
  it('formats money in the locale with the currency', () => {
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.50');
    setDisplayLocale('de-DE');
    expect(formatMoney('1234.50', 'EUR')).toBe('1.234,50\u00a0€');
    setDisplayLocale('en-AU');
    expect(formatMoney('-30.00', 'AUD')).toBe('-$30.00');
  });
});

describe('Billing page: an open month with lines', () => {
  it('asks for the previous month and shows invoices, lines with sources, the change, late badge and what is left out', async () => {
    const api = fake(baseTable());
    renderPage();
    await screen.findByTestId('invoice-7');
    expect(api.calls.find((c) => c.channel === 'billing:preview')?.arg).toEqual({ period: '2026-11' });
    expect((screen.getByLabelText('Month') as HTMLInputElement).value).toBe('2026-11');
    expect(screen.getByTestId('month-summary').textContent).toBe('2 invoices, total A$2,350.00; 2 lines left out.');
    const card = screen.getByTestId('invoice-7');
    expect(within(card).getByText('not numbered until closed')).toBeTruthy();
    expect(within(card).getByTestId('invoice-change').textContent).toBe('+A$100.00 vs last month');
    expect(within(screen.getByTestId('invoice-8')).getByTestId('invoice-change').textContent).toBe('no invoice last month');
    // Lines are collapsed until asked for; the disclosure says so.
    const toggle = within(card).getByRole('button', { name: /New Company Pty Ltd\s*, 2 lines$/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = within(card).getByRole('table', { name: 'Lines of New Company Pty Ltd' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Kind', 'Date', 'Description', 'Quantity', 'Unit price', 'Amount', 'Source', 'Actions']);
    expect(within(table).getByText('Contract line 3001 · service 11 · unit row 88')).toBeTruthy();
    expect(within(table).getByText('Time entry 5012 · item 42')).toBeTruthy();
    expect(within(table).getByText('Late')).toBeTruthy();
    expect(within(table).getByText('A$750.00')).toBeTruthy();
    // Left out, with reasons.
    const excluded = screen.getByTestId('excluded-table');
    expect(within(excluded).getByText('posted in Autotask on 2026-11-05 (BillingItem 88123)')).toBeTruthy();
    expect(within(excluded).getByRole('button', { name: 'Bill anyway Printer fix' })).toBeTruthy();
    expect(within(excluded).getByRole('button', { name: 'Release Wi-Fi survey' })).toBeTruthy();
    // Pre-flight: formula-like names and what xero would need.
    expect(screen.getByTestId('formula-warning').textContent).toContain('Names starting with = + - @ are kept exactly in import files: “@Home Networks”');
    expect(screen.getByTestId('preflight-missing').textContent).toContain('Nothing more');
  });

  it('holds a line with a note through a dialog that traps focus, closes on Escape and gives focus back', async () => {
    const api = fake(baseTable({ 'billing:hold': () => ({ ok: true, message: 'Held item 42.' }) }));
    renderPage();
    const card = await screen.findByTestId('invoice-7');
    fireEvent.click(within(card).getByRole('button', { name: /New Company Pty Ltd\s*, 2 lines$/ }));
    const hold = within(card).getByRole('button', { name: 'Hold Server patching' });
    hold.focus();
    fireEvent.click(hold);
    let dialog = screen.getByRole('dialog', { name: 'Hold this line?' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Note (optional)'));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(hold);
    fireEvent.click(hold);
    dialog = screen.getByRole('dialog', { name: 'Hold this line?' });
    fireEvent.change(within(dialog).getByLabelText('Note (optional)'), { target: { value: 'customer disputes' } });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Hold line' }));
    });
    expect(api.calls.find((c) => c.channel === 'billing:hold')?.arg).toEqual({ itemId: 42, note: 'customer disputes' });
    await waitFor(() => expect(screen.getByTestId('billing-status').textContent).toBe('Held item 42.'));
  });

  it('releases a held line, or the whole customer, and bills a posted item only after a warning', async () => {
    const api = fake(baseTable({ 'billing:hold': () => ({ ok: true, message: 'Released.' }), 'billing:release-posted': () => ({ ok: true, message: 'Released item 43.' }) }));
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Release Wi-Fi survey' }));
    let dialog = screen.getByRole('dialog', { name: 'Release held lines?' });
    fireEvent.click(within(dialog).getByLabelText(/The hold on @Home Networks/));
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Release' }));
    });
    expect(api.calls.filter((c) => c.channel === 'billing:hold').map((c) => c.arg)).toEqual([{ customerId: 8, release: true }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Bill anyway Printer fix' }));
    dialog = screen.getByRole('dialog', { name: 'Bill an item Autotask has posted?' });
    expect(dialog.textContent).toContain('may bill the customer twice');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Bill it here' }));
    });
    expect(api.calls.find((c) => c.channel === 'billing:release-posted')?.arg).toEqual({ itemId: 43, release: true });
  });

  it('closes the month after a confirmation naming the month, the count and the total', async () => {
    let closed = false;
    const api = fake(
      baseTable({
        'billing:preview': () => (closed ? closedPreview() : openPreview()),
        'billing:runs': () => (closed ? [RUN] : []),
        'billing:close': () => {
          closed = true;
          return {
            runId: 3,
            period: '2026-11',
            total: '2350.00',
            invoices: [
              { invoiceNumber: 'ATS-0001', customer: 'a', total: '1600.00' },
              { invoiceNumber: 'ATS-0002', customer: 'b', total: '750.00' },
            ],
          };
        },
      }),
    );
    renderPage();
    const close = await screen.findByRole('button', { name: 'Close November 2026' });
    fireEvent.click(close);
    const dialog = screen.getByRole('dialog', { name: 'Close November 2026?' });
    expect(dialog.textContent).toContain('This locks 2 invoices totalling A$2,350.00');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Close November 2026' }));
    });
    expect(api.calls.find((c) => c.channel === 'billing:close')?.arg).toEqual({ period: '2026-11' });
    await waitFor(() => expect(screen.getByTestId('month-state').textContent).toBe('Closed'));
    expect(screen.getByTestId('billing-status').textContent).toBe('Closed November 2026: 2 invoices numbered ATS-0001 to ATS-0002, total A$2,350.00.');
    // The Close button is gone; focus did not fall to the page.
    expect(document.activeElement).not.toBe(document.body);
    expect(screen.getAllByRole('button', { name: /^Reopen November 2026/ }).length).toBeGreaterThan(0);
  });

  it('keeps Close focusable but inert, with the reason, when the month cannot be closed', async () => {
    const api = fake(baseTable({ 'billing:preview': () => ({ ...openPreview(), closable: { ok: false, reason: 'Close October 2026 first.' } }) }));
    renderPage();
    const close = await screen.findByRole('button', { name: 'Close November 2026' });
    expect(close.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(close.getAttribute('aria-describedby')!)?.textContent).toBe('Close October 2026 first.');
    fireEvent.click(close);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls.some((c) => c.channel === 'billing:close')).toBe(false);
  });
});

describe('Billing page: a closed month', () => {
  it('shows invoice numbers, no hold buttons, the history with SHA-256, and reopens only the latest run after a confirmation', async () => {
    const older: BillingRunJson = { ...RUN, runId: 2, period: '2026-10', exports: [] };
    const api = fake(
      baseTable({ 'billing:preview': () => closedPreview(), 'billing:runs': () => [older, RUN], 'billing:reopen': () => ({ ok: true, message: 'Reopened 2026-11.' }) }),
    );
    renderPage('2026-11');
    await screen.findByText('ATS-0001');
    expect(screen.queryByRole('button', { name: /^Hold/ })).toBeNull();
    const runs = screen.getByTestId('runs-table');
    expect(within(runs).getByText('ab'.repeat(32))).toBeTruthy();
    expect(within(runs).getByText('billing_2026-11_xero.csv', { exact: false })).toBeTruthy();
    expect(
      within(runs)
        .getAllByRole('button', { name: /^Reopen/ })
        .map((b) => b.textContent),
    ).toEqual(['Reopen November 2026']);
    fireEvent.click(screen.getAllByRole('button', { name: 'Reopen November 2026' })[0]!);
    const dialog = screen.getByRole('dialog', { name: 'Reopen November 2026?' });
    expect(dialog.textContent).toContain('numbers retired');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Reopen November 2026' }));
    });
    expect(api.calls.find((c) => c.channel === 'billing:reopen')?.arg).toEqual({ period: '2026-11' });
  });

  it('exports the closed month in the remembered format and lists the file with its SHA-256', async () => {
    const result: BillingExportResult = {
      status: 'saved',
      files: [{ fileName: 'billing_2026-11_xero.csv', path: '/tmp/billing_2026-11_xero.csv', sha256: 'cd'.repeat(32), invoices: 2, rows: 3 }],
      leftOut: [],
    };
    const api = fake(
      baseTable({
        'settings:get': () => ({ ...DEFAULT_SETTINGS, billingExportFormat: 'xero' }),
        'billing:preview': () => ({ ...closedPreview(), preflight: preflight({ missingForFormat: { csv: [], xero: [], qbo: [], iif: [] } }) }),
        'billing:runs': () => [RUN],
        'billing:export': () => result,
      }),
    );
    renderPage('2026-11');
    await waitFor(() => expect((screen.getByLabelText(/^Xero/) as HTMLInputElement).checked).toBe(true));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export Xero' }));
    });
    expect(api.calls.find((c) => c.channel === 'billing:export')?.arg).toEqual({ period: '2026-11', format: 'xero' });
    const out = await screen.findByTestId('export-result');
    await waitFor(() => expect(out.textContent).toContain('billing_2026-11_xero.csv'));
    expect(out.textContent).toContain('cd'.repeat(32));
    expect(out.getAttribute('role')).toBe('status');
  });
});

describe('Billing page: refusal and QuickBooks Online credits', () => {
  it('names the settings Xero still needs, remembers the choice, and shows the refusal', async () => {
    const api = fake(
      baseTable({
        'billing:export': () => {
          throw new Error('Xero needs incomeAccount and taxType (config set incomeAccount …)');
        },
      }),
    );
    renderPage();
    await screen.findByTestId('invoice-7');
    fireEvent.click(screen.getByLabelText(/^Xero/));
    expect(api.calls.find((c) => c.channel === 'settings:update')?.arg).toEqual({ billingExportFormat: 'xero' });
    expect(screen.getByTestId('preflight-missing').textContent).toContain('Income account, Tax type');
    expect(screen.getByText(/Xero needs Income account and Tax type before it can export/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Export draft (Xero)' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(api.calls.find((c) => c.channel === 'billing:export')?.arg).toEqual({ period: '2026-11', format: 'xero', draft: true });
    await waitFor(() => expect(screen.getByTestId('export-error').textContent).toBe('Not exported: Xero needs incomeAccount and taxType (config set incomeAccount …)'));
    expect(screen.getByTestId('export-error').closest('[role="alert"]')).not.toBeNull();
  });

  it('lists the QBO credits left out of the file for entry by hand', async () => {
    const result: BillingExportResult = {
      status: 'saved',
      files: [{ fileName: 'billing_2026-11_qbo.csv', sha256: 'ef'.repeat(32), invoices: 1, rows: 2 }],
      leftOut: [{ invoiceNumber: 'ATS-0002', customer: '@Home Networks', total: '-120.00', reason: 'QuickBooks Online imports no credits' }],
    };
    fake(
      baseTable({
        'settings:get': () => ({ ...DEFAULT_SETTINGS, billingExportFormat: 'qbo' }),
        'billing:preview': () => closedPreview(),
        'billing:runs': () => [RUN],
        'billing:export': () => result,
      }),
    );
    renderPage('2026-11');
    await waitFor(() => expect((screen.getByLabelText(/^QuickBooks Online/) as HTMLInputElement).checked).toBe(true));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export QuickBooks Online' }));
    });
    const left = await screen.findByTestId('export-left-out');
    expect(left.textContent).toContain('1 credit left out of the file');
    expect(within(left).getByRole('cell', { name: 'ATS-0002' })).toBeTruthy();
    expect(within(left).getByRole('cell', { name: '-A$120.00' })).toBeTruthy();
  });
});
