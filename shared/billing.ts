// The billing step's shapes as the renderer, the CLI's --json output and the handler table exchange them
// (docs/product-rules.md#billing-commands): money is a decimal string with two places ("750.00"), quantities are decimal strings ("5.00",
// "12"), dates 'YYYY-MM-DD', instants ISO-8601 UTC. The core computes in integer cents (main/billing/model.ts).
import type { BillingExportFormat } from './settings';

export type BillingLineKind = 'recurring' | 'time' | 'adjustment';

export interface BillingLineSource {
  timeEntryId?: number;
  /** Local engineering item id (`list items`). */
  itemId?: number;
  contractServiceId?: number;
  /** Local engineering service id (`list services`). */
  serviceId?: number;
  unitRowId?: number;
  correctsInvoice?: string;
}

export interface BillingLineJson {
  kind: BillingLineKind;
  date: string;
  dateTo: string | null;
  description: string;
  serviceNum: string | null;
  quantity: string;
  unitPrice: string;
  amount: string;
  late: boolean;
  source: BillingLineSource;
}

export interface BillingInvoiceJson {
  customerId: number;
  customer: string;
  accountingName: string;
  autotaskCompanyId: number;
  invoiceNumber: string | null;
  total: string;
  /** Total of this customer's invoice in the closed month before (null when there is none). */
  previousTotal: string | null;
  held: boolean;
  lines: BillingLineJson[];
}

export type ExclusionReason = 'flagged' | 'posted-in-autotask' | 'held' | 'before-billing-started';

export interface BillingExclusionJson {
  kind: BillingLineKind;
  customerId: number;
  customer: string;
  description: string;
  date: string;
  amount: string;
  reason: ExclusionReason;
  /** The reason in the bookkeeper's words ("posted in Autotask on 2026-11-03 (BillingItem 88123)"). */
  reasonText: string;
  source: BillingLineSource;
}

export interface BillingPreflight {
  lastSuccessfulSyncAt: string | null;
  flaggedItems: number;
  postedInAutotask: number;
  lateLines: number;
  heldLines: number;
  /** Per export format: the settings still empty that it requires (docs/product-rules.md#accounting-exports). */
  missingForFormat: Record<BillingExportFormat, string[]>;
  /** Names that start with =, +, -, @ (kept exactly in import files; see docs/product-rules.md#accounting-exports). */
  formulaLikeNames: string[];
  /** The export date format with a sample ("30/11/2026"). */
  dateFormat: string;
  dateSample: string;
}

export interface BillingPreviewJson {
  period: { month: string; from: string; to: string };
  state: 'open' | 'closed';
  runId: number | null;
  currency: string;
  invoices: BillingInvoiceJson[];
  excluded: BillingExclusionJson[];
  total: string;
  /** Whether `billing close` would accept this month now, and if not why. */
  closable: { ok: boolean; reason: string | null };
  preflight: BillingPreflight;
}

export interface BillingCloseJson {
  runId: number;
  period: string;
  invoices: Array<{ invoiceNumber: string; customer: string; total: string }>;
  total: string;
}

export interface BillingExportRecord {
  format: BillingExportFormat | string;
  file: string;
  sha256: string;
  at: string;
}

export interface BillingRunJson {
  runId: number;
  period: string;
  closedAt: string;
  reopenedAt: string | null;
  invoices: number;
  total: string;
  exports: BillingExportRecord[];
}

export interface BillingHoldRequest {
  itemId?: number;
  customerId?: number;
  serviceId?: number;
  note?: string;
  release?: boolean;
}

export interface BillingExportRequest {
  period: string;
  format: BillingExportFormat;
  draft?: boolean;
}

export interface RateRow {
  effectiveFrom: string;
  rate: string;
}

/** One line of the invoice document model (main/billing/model.ts). */
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
