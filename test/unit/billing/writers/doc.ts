// Document factory for the writer tests: a multi-line, multi-customer month with a credit, formula-like and
// non-ASCII names, a prorated line and awkward text.
import type { ExportDocument, ExportSettings, InvoiceLine } from '../../../../main/billing/model';

export const settings = (over: Partial<ExportSettings> = {}): ExportSettings => ({
  currency: 'AUD',
  dateFormat: 'DD/MM/YYYY',
  paymentTermsDays: 14,
  incomeAccount: '200',
  taxType: 'GST on Income',
  arAccount: 'Accounts Receivable',
  timeItem: 'Labour',
  recurringItem: 'Recurring services',
  ...over,
});

export function line(over: Partial<InvoiceLine> & Pick<InvoiceLine, 'quantity' | 'unitPriceCents' | 'amountCents'>): InvoiceLine {
  return {
    kind: 'time',
    date: '2026-11-03',
    dateTo: null,
    description: 'Work',
    serviceNum: null,
    late: false,
    source: { timeEntryId: 1 },
    ...over,
  };
}

type DocInvoice = ExportDocument['invoices'][number];

export function invoice(n: number, name: string, lines: InvoiceLine[], over: Partial<DocInvoice> = {}): DocInvoice {
  return {
    customerId: n,
    customerName: name,
    accountingName: name,
    autotaskCompanyId: 29680000 + n,
    invoiceNumber: `ATS-${String(n).padStart(4, '0')}`,
    lines,
    totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    ...over,
  };
}

export function doc(invoices: DocInvoice[], over: Partial<ExportSettings> = {}): ExportDocument {
  return {
    period: { month: '2026-11', from: '2026-11-01', to: '2026-11-30' },
    invoiceDate: '2026-11-30',
    dueDate: '2026-12-14',
    draft: false,
    invoices,
    settings: settings(over),
  };
}

/** The golden month: three customers, recurring + time + adjustment lines, one credit, a prorated line. */
export function goldenDoc(over: Partial<ExportSettings> = {}): ExportDocument {
  return doc(
    [
      invoice(1, 'Café Müller & Söhne', [
        line({
          kind: 'recurring',
          date: '2026-11-01',
          dateTo: '2026-11-30',
          description: 'Managed workstation',
          serviceNum: '0412 555 010',
          quantity: '12',
          unitPriceCents: 4500,
          amountCents: 54000,
          source: { contractServiceId: 901, unitRowId: 77 },
        }),
        line({
          kind: 'recurring',
          date: '2026-11-12',
          dateTo: '2026-11-30',
          description: 'Backup, "cloud" tier',
          serviceNum: '=HYPERLINK("x")',
          quantity: '3',
          unitPriceCents: 1999,
          amountCents: 3799,
          source: { contractServiceId: 902, unitRowId: 78 },
        }),
        line({ description: 'Printer fix\non site', quantity: '1.25', unitPriceCents: 12000, amountCents: 15000, source: { timeEntryId: 5001 } }),
      ]),
      invoice(2, '@Home Networks', [
        line({ description: '=cmd|calc', quantity: '2.00', unitPriceCents: 15000, amountCents: 30000, source: { timeEntryId: 5002 } }),
        line({
          kind: 'adjustment',
          date: '2026-10-20',
          description: 'Credit: hours corrected',
          quantity: '-0.50',
          unitPriceCents: 15000,
          amountCents: -7500,
          source: { timeEntryId: 4990, correctsInvoice: 'ATS-0001' },
        }),
      ]),
      invoice(3, '=cmd', [
        line({
          kind: 'adjustment',
          date: '2026-10-01',
          dateTo: null,
          description: 'Service cancelled in October',
          quantity: '-2',
          unitPriceCents: 4500,
          amountCents: -9000,
          source: { contractServiceId: 903, correctsInvoice: 'ATS-0002' },
        }),
      ]),
    ],
    over,
  );
}
