// The core's invoice model (integer cents) as the JSON shapes of shared/billing.ts (docs/product-rules.md#billing-commands): money as
// decimal text with two places, the pre-flight strip of the Billing page. Pure.
import type { BillingExclusionJson, BillingInvoiceJson, BillingLineJson, BillingPreflight } from '../../shared/billing';
import { BILLING_EXPORT_FORMATS, type BillingExportFormat, type Settings } from '../../shared/settings';
import { centsToDecimal } from '../../shared/money';
import { formatExportDate } from '../../shared/locale-defaults';
import type { Exclusion, ExportSettings, Invoice, InvoiceLine, RequiredSettings } from './model';

export function lineJson(l: InvoiceLine): BillingLineJson {
  return {
    kind: l.kind,
    date: l.date,
    dateTo: l.dateTo,
    description: l.description,
    serviceNum: l.serviceNum,
    quantity: l.quantity,
    unitPrice: centsToDecimal(l.unitPriceCents),
    amount: centsToDecimal(l.amountCents),
    late: l.late,
    source: { ...l.source },
  };
}

export function invoiceJson(inv: Invoice, opts: { previousTotalCents: number | null; held: boolean }): BillingInvoiceJson {
  return {
    customerId: inv.customerId,
    customer: inv.customerName,
    accountingName: inv.accountingName,
    autotaskCompanyId: inv.autotaskCompanyId,
    invoiceNumber: inv.invoiceNumber,
    total: centsToDecimal(inv.totalCents),
    previousTotal: opts.previousTotalCents === null ? null : centsToDecimal(opts.previousTotalCents),
    held: opts.held,
    lines: inv.lines.map(lineJson),
  };
}

export function exclusionJson(e: Exclusion): BillingExclusionJson {
  return {
    kind: e.kind,
    customerId: e.customerId,
    customer: e.customerName,
    description: e.description,
    date: e.date,
    amount: centsToDecimal(e.amountCents),
    reason: e.reason,
    reasonText: e.reasonText,
    source: { ...e.source },
  };
}

/** The mapping the writers need, from the settings (docs/product-rules.md#accounting-exports). */
export function exportSettingsFrom(s: Settings): ExportSettings {
  return {
    currency: s.currency,
    dateFormat: s.exportDateFormat,
    paymentTermsDays: s.paymentTermsDays,
    incomeAccount: s.incomeAccount,
    taxType: s.taxType,
    arAccount: s.arAccount,
    timeItem: s.timeItem,
    recurringItem: s.recurringItem,
  };
}

/** A name an import file carries exactly but a spreadsheet would read as a formula (docs/product-rules.md#accounting-exports). */
export function isFormulaLike(name: string): boolean {
  return /^[=+\-@]/.test(name);
}

export function preflight(opts: {
  lastSuccessfulSyncAt: string | null;
  invoices: Invoice[];
  excluded: Exclusion[];
  settings: Settings;
  requiredSettings: RequiredSettings;
  /** The month's last day: the invoice date, shown as the date sample. */
  invoiceDate: string;
}): BillingPreflight {
  const count = (reason: Exclusion['reason']) => opts.excluded.filter((e) => e.reason === reason).length;
  const exportSettings = exportSettingsFrom(opts.settings);
  const missingForFormat = Object.fromEntries(BILLING_EXPORT_FORMATS.map((f) => [f, opts.requiredSettings(f, exportSettings)])) as Record<BillingExportFormat, string[]>;
  const names = new Set<string>();
  for (const inv of opts.invoices) {
    for (const n of [inv.accountingName, inv.customerName]) if (isFormulaLike(n)) names.add(n);
  }
  for (const n of [opts.settings.timeItem, opts.settings.recurringItem, opts.settings.incomeAccount, opts.settings.arAccount]) {
    if (n && isFormulaLike(n)) names.add(n);
  }
  return {
    lastSuccessfulSyncAt: opts.lastSuccessfulSyncAt,
    flaggedItems: count('flagged'),
    postedInAutotask: count('posted-in-autotask'),
    lateLines: opts.invoices.reduce((n, inv) => n + inv.lines.filter((l) => l.late).length, 0),
    heldLines: count('held'),
    missingForFormat,
    formulaLikeNames: [...names].sort(),
    dateFormat: opts.settings.exportDateFormat,
    dateSample: formatExportDate(opts.invoiceDate, opts.settings.exportDateFormat),
  };
}
