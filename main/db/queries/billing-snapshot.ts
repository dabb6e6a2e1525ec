import type Database from 'better-sqlite3';
import { BILLED_LINES } from './billed-lines';
import type { BillingLineKind } from '../../../shared/billing';
import { cachedStatement } from './statement-cache';
import type { ServiceRecord, SqlRow } from '../rows';

// The snapshot's shapes (what main/billing/snapshot.ts computes from), declared beside the SQL that fills them.
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

// What the pure billing computation reads (main/billing/snapshot.ts), loaded in one read transaction so a
// sync committing between two of these SELECTs can never hand the computation a torn picture. Called
// inside the close's write transaction as well (better-sqlite3 nests it as a savepoint), which is what
// makes "what the preview shows is exactly what closing locks" hold under a concurrent sync.

const SQL = {
  closedPeriods: 'SELECT DISTINCT period FROM billing_runs WHERE reopened_at IS NULL ORDER BY period',
  customers: 'SELECT id, autotask_company_id, name, accounting_name FROM customers ORDER BY id',
  services: `SELECT id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name,
                    invoice_description, service_num, unit_price_cents, start_date, end_date, ended, ended_at
               FROM engineering_services ORDER BY id`,
  unitRows: `SELECT id, autotask_contract_service_id, units, start_date, end_date, approve_and_post_date, removed_at
               FROM contract_service_units ORDER BY autotask_contract_service_id, start_date, id`,
  items: `SELECT id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents, summary, flagged, flag_reason
            FROM engineering_items ORDER BY date_worked, id`,
  postings: 'SELECT id, autotask_time_entry_id, posted_date, autotask_invoice_id FROM labour_postings ORDER BY id',
  holds: `SELECT id, kind, item_id, customer_id, service_id, note, created_at
            FROM billing_holds WHERE released_at IS NULL ORDER BY id`,
  billedLines: `SELECT l.id AS line_id, v.invoice_number, r.period, v.customer_id, l.kind, l.date, l.date_to, l.quantity,
                       l.unit_price_cents, l.amount_cents, l.item_id, l.autotask_time_entry_id, l.service_id, l.unit_row_id,
                       l.corrects_invoice, l.billed_quantity
                  FROM ${BILLED_LINES}
                 ORDER BY r.period, v.id, l.position`,
} as const;

interface RawCustomer {
  id: number;
  autotask_company_id: number;
  name: string;
  accounting_name: string | null;
}
type RawService = SqlRow<
  Pick<
    ServiceRecord,
    | 'id'
    | 'customerId'
    | 'autotaskContractId'
    | 'autotaskContractServiceId'
    | 'contractName'
    | 'serviceName'
    | 'invoiceDescription'
    | 'serviceNum'
    | 'unitPriceCents'
    | 'startDate'
    | 'endDate'
    | 'ended'
    | 'endedAt'
  >
>;
interface RawUnitRow {
  id: number;
  autotask_contract_service_id: number;
  units: number;
  start_date: string;
  end_date: string;
  approve_and_post_date: string | null;
  removed_at: string | null;
}
interface RawItem {
  id: number;
  service_id: number;
  autotask_time_entry_id: number;
  date_worked: string;
  hours: string;
  rate_cents: number;
  amount_cents: number;
  summary: string | null;
  flagged: number;
  flag_reason: string | null;
}
interface RawPosting {
  id: number;
  autotask_time_entry_id: number;
  posted_date: string | null;
  autotask_invoice_id: number | null;
}
interface RawHold {
  id: number;
  kind: string;
  item_id: number | null;
  customer_id: number | null;
  service_id: number | null;
  note: string | null;
  created_at: string;
}
interface RawBilledLine {
  line_id: number;
  invoice_number: string;
  period: string;
  customer_id: number;
  kind: string;
  date: string;
  date_to: string | null;
  quantity: string;
  unit_price_cents: number;
  amount_cents: number;
  item_id: number | null;
  autotask_time_entry_id: number | null;
  service_id: number | null;
  unit_row_id: number | null;
  corrects_invoice: string | null;
  billed_quantity: string | null;
}

function all<T>(sqlite: Database.Database, sql: string): T[] {
  return cachedStatement(sqlite, sql).all() as T[];
}

/** The billing database as the computation sees it, read in one transaction. `today` is a local 'YYYY-MM-DD'. */
export function loadBillingSnapshot(sqlite: Database.Database, today: string): BillingSnapshot {
  return sqlite.transaction((): BillingSnapshot => {
    const closedPeriods = all<{ period: string }>(sqlite, SQL.closedPeriods).map((r) => r.period);
    const customers = all<RawCustomer>(sqlite, SQL.customers).map((r): SnapshotCustomer => ({
      id: r.id,
      autotaskCompanyId: r.autotask_company_id,
      name: r.name,
      accountingName: r.accounting_name,
    }));
    const services = all<RawService>(sqlite, SQL.services).map((r): SnapshotService => ({
      id: r.id,
      customerId: r.customer_id,
      autotaskContractId: r.autotask_contract_id,
      autotaskContractServiceId: r.autotask_contract_service_id,
      contractName: r.contract_name,
      serviceName: r.service_name,
      invoiceDescription: r.invoice_description,
      serviceNum: r.service_num,
      unitPriceCents: r.unit_price_cents,
      startDate: r.start_date,
      endDate: r.end_date,
      ended: r.ended === 1,
      endedAt: r.ended_at,
    }));
    const unitRows = all<RawUnitRow>(sqlite, SQL.unitRows).map((r): SnapshotUnitRow => ({
      id: r.id,
      autotaskContractServiceId: r.autotask_contract_service_id,
      units: r.units,
      startDate: r.start_date,
      endDate: r.end_date,
      approveAndPostDate: r.approve_and_post_date,
      removedAt: r.removed_at,
    }));
    const items = all<RawItem>(sqlite, SQL.items).map((r): SnapshotItem => ({
      id: r.id,
      serviceId: r.service_id,
      autotaskTimeEntryId: r.autotask_time_entry_id,
      dateWorked: r.date_worked,
      hours: r.hours,
      rateCents: r.rate_cents,
      amountCents: r.amount_cents,
      summary: r.summary,
      flagged: r.flagged === 1,
      flagReason: r.flag_reason,
    }));
    const postings = all<RawPosting>(sqlite, SQL.postings).map((r): SnapshotPosting => ({
      billingItemId: r.id,
      autotaskTimeEntryId: r.autotask_time_entry_id,
      postedDate: r.posted_date,
      autotaskInvoiceId: r.autotask_invoice_id,
    }));
    const holds = all<RawHold>(sqlite, SQL.holds)
      .filter((r) => r.kind === 'hold' || r.kind === 'release-posted')
      .map((r): SnapshotHold => ({
        id: r.id,
        kind: r.kind as SnapshotHold['kind'],
        itemId: r.item_id,
        customerId: r.customer_id,
        serviceId: r.service_id,
        note: r.note,
        createdAt: r.created_at,
      }));
    const billedLines = all<RawBilledLine>(sqlite, SQL.billedLines).map((r): SnapshotBilledLine => ({
      lineId: r.line_id,
      invoiceNumber: r.invoice_number,
      period: r.period,
      customerId: r.customer_id,
      kind: r.kind as BillingLineKind,
      date: r.date,
      dateTo: r.date_to,
      quantity: r.quantity,
      unitPriceCents: r.unit_price_cents,
      amountCents: r.amount_cents,
      itemId: r.item_id,
      autotaskTimeEntryId: r.autotask_time_entry_id,
      serviceId: r.service_id,
      unitRowId: r.unit_row_id,
      correctsInvoice: r.corrects_invoice,
      billedQuantity: r.billed_quantity,
    }));
    return { today, closedPeriods, customers, services, unitRows, items, postings, holds, billedLines };
  })();
}
