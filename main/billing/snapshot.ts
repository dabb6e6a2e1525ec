// What the billing computation reads (docs/product-rules.md#billing-period): a snapshot of the billing database, loaded in one read
// transaction by main/db/queries/billing-snapshot.ts, handed to the pure `computeInvoices`
// (main/billing/compute.ts). Nothing here touches SQLite, the clock or the network, so every rule can be
// tested with a table of cases. Money is integer cents; hours and units are exact decimal text; dates
// 'YYYY-MM-DD' (calendar dates in the bookkeeper's time zone), instants ISO-8601 UTC.
import type { BillingLineKind } from '../../shared/billing';
import type { Exclusion, Invoice } from './model';

export interface SnapshotCustomer {
  id: number;
  autotaskCompanyId: number;
  name: string;
  /** Null = the Autotask name. */
  accountingName: string | null;
}

/** A synced contract line (engineering service). */
export interface SnapshotService {
  id: number;
  customerId: number;
  autotaskContractId: number;
  autotaskContractServiceId: number;
  contractName: string;
  serviceName: string;
  invoiceDescription: string | null;
  serviceNum: string | null;
  /** The seed's monthly service fee, per unit. */
  unitPriceCents: number;
  startDate: string | null;
  endDate: string | null;
  ended: boolean;
  /** ISO instant the app marked it ended (an ended service without an end date bills nothing after that day). */
  endedAt: string | null;
}

/** An Autotask ContractServiceUnits row (seat count for a date range). */
export interface SnapshotUnitRow {
  id: number;
  autotaskContractServiceId: number;
  units: number;
  startDate: string;
  endDate: string;
  /** Set: Autotask approved & posted this period itself, so it is never billed here. */
  approveAndPostDate: string | null;
  /** Set when the row disappeared from Autotask (kept for billed history; never billed again). */
  removedAt: string | null;
}

/** An engineering item (imported billable, approved time entry). */
export interface SnapshotItem {
  id: number;
  serviceId: number;
  autotaskTimeEntryId: number;
  dateWorked: string;
  /** Exact decimal text, e.g. "5.00". */
  hours: string;
  rateCents: number;
  amountCents: number;
  summary: string | null;
  /** The entry stopped qualifying in Autotask (un-approved, non-billable, deleted…). */
  flagged: boolean;
  flagReason: string | null;
}

/** A labour posting: the time entry was posted in Autotask itself (Approve & Post). */
export interface SnapshotPosting {
  billingItemId: number;
  autotaskTimeEntryId: number;
  postedDate: string | null;
  autotaskInvoiceId: number | null;
}

/** An active (not released) decision of the bookkeeper. */
export interface SnapshotHold {
  id: number;
  /** 'hold': kept out of every close; 'release-posted': an item posted in Autotask billed here anyway. */
  kind: 'hold' | 'release-posted';
  itemId: number | null;
  customerId: number | null;
  serviceId: number | null;
  note: string | null;
  createdAt: string;
}

/** A line of a closed (not reopened) billing run: what is already billed. */
export interface SnapshotBilledLine {
  lineId: number;
  invoiceNumber: string;
  /** The closed run's period 'YYYY-MM'. */
  period: string;
  customerId: number;
  kind: BillingLineKind;
  date: string;
  dateTo: string | null;
  quantity: string;
  unitPriceCents: number;
  amountCents: number;
  itemId: number | null;
  autotaskTimeEntryId: number | null;
  serviceId: number | null;
  unitRowId: number | null;
  /** Adjustments: the invoice they correct. */
  correctsInvoice: string | null;
  /** What the source stood at after this line was billed (hours for time, units for recurring). */
  billedQuantity: string | null;
}

export interface BillingSnapshot {
  /** Today in the bookkeeper's time zone (a month that has not ended cannot be closed). */
  today: string;
  /** Periods of closed, not reopened runs, ascending ('YYYY-MM'). */
  closedPeriods: string[];
  customers: SnapshotCustomer[];
  services: SnapshotService[];
  unitRows: SnapshotUnitRow[];
  items: SnapshotItem[];
  postings: SnapshotPosting[];
  holds: SnapshotHold[];
  billedLines: SnapshotBilledLine[];
}

/** computeInvoices' answer for one open month: what the preview shows is exactly what closing locks. */
export interface ComputedMonth {
  period: { month: string; from: string; to: string };
  /** Invoices without numbers (the close assigns them), sorted by accounting name then customer id. */
  invoices: Invoice[];
  excluded: Exclusion[];
  totalCents: number;
  /** Whether `billing close` would accept this month now, and if not why (in the bookkeeper's words). */
  closable: { ok: boolean; reason: string | null };
}
