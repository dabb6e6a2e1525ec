import type { BillingLineJson, BillingLineSource, BillingPreviewJson, BillingRunJson, ExclusionReason } from '../../../../shared/billing';
import type { BillingExportFormat } from '../../../../shared/settings';
import { decimalToCents } from '../../../../shared/money';
import { formatCount } from '../../lib/format';

// The Billing page's words and small calculations, apart from its markup so they are easy to test.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** The calendar month before the one `now` falls in, in local time: the month a bookkeeper bills. */
export function previousMonth(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function shiftMonth(month: string, delta: number): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  const d = new Date(Number(m[1]), Number(m[2]) - 1 + delta, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export const FORMAT_LABEL: Record<BillingExportFormat, string> = {
  csv: 'CSV working file',
  xero: 'Xero',
  qbo: 'QuickBooks Online',
  iif: 'QuickBooks Desktop (IIF)',
};

export const FORMAT_HINT: Record<BillingExportFormat, string> = {
  csv: 'One row per line, for a spreadsheet; also shows service numbers.',
  xero: 'Sales invoice import (Business › Invoices › Import).',
  qbo: 'Invoice import. Credits are left out and listed for entry by hand.',
  iif: 'File › Utilities › Import › IIF Files. Invoices and credit memos.',
};

/** Settings a format may need, in the words of Configuration → Billing. */
export const SETTING_LABEL: Record<string, string> = {
  incomeAccount: 'Income account',
  taxType: 'Tax type',
  arAccount: 'Accounts receivable account',
  timeItem: 'Item name for time lines',
  recurringItem: 'Item name for recurring lines',
  invoicePrefix: 'Invoice number prefix',
  paymentTermsDays: 'Payment terms',
  currency: 'Currency',
  exportDateFormat: 'Date format in files',
};

export function settingLabel(key: string): string {
  return SETTING_LABEL[key] ?? key;
}

export const KIND_LABEL: Record<BillingLineJson['kind'], string> = { recurring: 'Recurring', time: 'Time', adjustment: 'Adjustment' };

export const REASON_LABEL: Record<ExclusionReason, string> = {
  flagged: 'Flagged',
  'posted-in-autotask': 'Posted in Autotask',
  held: 'Held',
  'before-billing-started': 'Before billing started',
};

/** "Time entry 5012 · item 7", "Contract line 3001 · unit row 88", "Corrects ATS-0003". */
export function sourceText(s: BillingLineSource): string {
  const parts: string[] = [];
  if (s.timeEntryId !== undefined) parts.push(`Time entry ${s.timeEntryId}`);
  if (s.itemId !== undefined) parts.push(`item ${s.itemId}`);
  if (s.contractServiceId !== undefined) parts.push(`Contract line ${s.contractServiceId}`);
  if (s.serviceId !== undefined) parts.push(`service ${s.serviceId}`);
  if (s.unitRowId !== undefined) parts.push(`unit row ${s.unitRowId}`);
  if (s.correctsInvoice) parts.push(`Corrects ${s.correctsInvoice}`);
  const text = parts.join(' · ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '—';
}

export function cents(decimal: string): number {
  try {
    return decimalToCents(decimal);
  } catch {
    return 0;
  }
}

/** The change of a customer's total against their previous closed month, in cents (null: no previous month). */
export function changeCents(total: string, previousTotal: string | null): number | null {
  return previousTotal === null ? null : cents(total) - cents(previousTotal);
}

/** The run that may be reopened: the latest closed one that is not reopened (docs/product-rules.md#billing-close). */
export function latestClosedRun(runs: BillingRunJson[]): BillingRunJson | null {
  const live = runs.filter((r) => r.reopenedAt === null);
  return live.reduce<BillingRunJson | null>((best, r) => (best === null || r.period > best.period || (r.period === best.period && r.runId > best.runId) ? r : best), null);
}

/** A hold target for a line: its engineering item (time) or service (recurring). */
export function holdTargetOf(source: BillingLineSource): { itemId: number } | { serviceId: number } | null {
  if (source.itemId !== undefined) return { itemId: source.itemId };
  if (source.serviceId !== undefined) return { serviceId: source.serviceId };
  return null;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The names that start like a formula, as the pre-flight reports them. */
export function formulaWarning(p: BillingPreviewJson['preflight']): string | null {
  if (p.formulaLikeNames.length === 0) return null;
  return `Names starting with = + - @ are kept exactly in import files: ${p.formulaLikeNames.map((n) => `“${n}”`).join(', ')}.`;
}
