// The one invoice document model (docs/product-rules.md#billing). `computeInvoices` (pure) produces it for a month's preview
// and close; a closed month is read back from its billing run in the same shape; every accounting writer
// (`writers/{csv,xero,qbo,iif}.ts`) is a thin function over it. Money is integer cents; quantities are exact
// decimal text.
import type { BillingExportFormat } from '../../shared/settings';
import type { BillingLineKind, BillingLineSource, ExclusionReason } from '../../shared/billing';
import type { ExportDateFormat } from '../../shared/locale-defaults';

// The invoice and its lines are plain data shared with the database layer (main/db/queries/ledger-store.ts).
export type { Invoice, InvoiceLine } from '../../shared/billing';
import type { Invoice } from '../../shared/billing';

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
