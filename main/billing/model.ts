// The one invoice document model (docs/product-rules.md#billing). `computeInvoices` (pure) produces it for a month's preview
// and close; a closed month is read back from its billing run in the same shape; every accounting writer
// (`writers/{csv,xero,qbo,iif}.ts`) is a thin function over it. Money is integer cents; quantities are exact
// decimal text.
import type { BillingExportFormat } from '../../shared/settings';
import type { BillingLineKind, BillingLineSource, ExclusionReason } from '../../shared/billing';
import type { ExportDateFormat } from '../../shared/locale-defaults';

export interface InvoiceLine {
  kind: BillingLineKind;
  /** 'YYYY-MM-DD': a time entry's date worked, a recurring range's first day, an adjustment's source date. */
  date: string;
  /** Last day of a recurring range (null for time and adjustment lines). */
  dateTo: string | null;
  description: string;
  /** The contract line's internal description: the `csv` working file only, never an import file. */
  serviceNum: string | null;
  /** Exact decimal text: hours ("5.00") or units ("12"). */
  quantity: string;
  unitPriceCents: number;
  amountCents: number;
  late: boolean;
  source: BillingLineSource;
  /**
   * What the source stood at when this line was computed (hours for time, units for recurring, the new
   * hours/units for an adjustment). The close stores it in `invoice_lines.billed_quantity`, so an
   * adjustment is made once (docs/product-rules.md#billing-adjustments). Optional: lines read back from an old run may lack it.
   */
  billedQuantity?: string;
}

export interface Invoice {
  customerId: number;
  /** The Autotask company name. */
  customerName: string;
  /** The name in the accounting package (default: the Autotask name). */
  accountingName: string;
  autotaskCompanyId: number;
  /** Null while the month is open (preview, draft export). */
  invoiceNumber: string | null;
  lines: InvoiceLine[];
  totalCents: number;
}

export interface Exclusion {
  kind: BillingLineKind;
  customerId: number;
  customerName: string;
  description: string;
  date: string;
  amountCents: number;
  reason: ExclusionReason;
  reasonText: string;
  source: BillingLineSource;
}

/** What the accounting writers need besides the invoices (docs/product-rules.md#accounting-exports mapping, set once). */
export interface ExportSettings {
  currency: string;
  dateFormat: ExportDateFormat;
  paymentTermsDays: number;
  incomeAccount: string;
  taxType: string;
  arAccount: string;
  timeItem: string;
  recurringItem: string;
}

/** A month ready to write: numbered invoices (placeholders like "DRAFT-0001" for a draft export). */
export interface ExportDocument {
  period: { month: string; from: string; to: string };
  /** Invoice date = the month's last day; due date = invoice date + payment terms. */
  invoiceDate: string;
  dueDate: string;
  draft: boolean;
  invoices: Array<Invoice & { invoiceNumber: string }>;
  settings: ExportSettings;
}

export interface ExportFile {
  /** '' for a single file; '-1', '-2'… when a target's per-file limit splits the export. */
  suffix: string;
  extension: 'csv' | 'iif';
  bytes: Buffer;
  invoices: number;
  rows: number;
}

export interface ExportOutput {
  files: ExportFile[];
  /** Invoices the target cannot import (QuickBooks Online credits), for entry by hand. */
  leftOut: Array<{ invoiceNumber: string; customer: string; totalCents: number; reason: string }>;
}

/** A writer: the document in, the files out. Pure: the same document gives byte-identical files. */
export type ExportWriter = (doc: ExportDocument) => ExportOutput;

/** The settings a format requires, named as `config set` keys (docs/product-rules.md#accounting-exports); empty list = ready. */
export type RequiredSettings = (format: BillingExportFormat, settings: ExportSettings) => string[];
