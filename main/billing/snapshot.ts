// What the billing computation reads (docs/product-rules.md#billing-period): a snapshot of the billing database, loaded in one read
// transaction by main/db/queries/billing-snapshot.ts, handed to the pure `computeInvoices`
// (main/billing/compute.ts). Nothing here touches SQLite, the clock or the network, so every rule can be
// tested with a table of cases. Money is integer cents; hours and units are exact decimal text; dates
// 'YYYY-MM-DD' (calendar dates in the bookkeeper's time zone), instants ISO-8601 UTC.
import type { Exclusion, Invoice } from './model';

export type {
  BillingSnapshot,
  SnapshotBilledLine,
  SnapshotCustomer,
  SnapshotHold,
  SnapshotItem,
  SnapshotPosting,
  SnapshotService,
  SnapshotUnitRow,
} from '../db/queries/billing-snapshot';

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
