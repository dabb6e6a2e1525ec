// The billing ledger's tables (billing_runs, invoices, invoice_lines, billing_audit, billing_holds and the
// invoice counter in sync_state): reads and writes, each a prepared statement cached per connection.
// Callers own the transactions (close and reopen run everything in one).
import type Database from 'better-sqlite3';
import type { BillingLineKind, BillingLineSource, Invoice, InvoiceLine } from '../../../shared/billing';
import { cachedStatement } from './statement-cache';

export const INVOICE_COUNTER_KEY = 'billing:lastInvoiceNumber';

export interface RunRow {
  id: number;
  period: string;
  closedAt: string;
  closedBy: string | null;
  reopenedAt: string | null;
  reopenedBy: string | null;
  currency: string;
  totalCents: number;
  invoiceCount: number;
}

interface RawRun {
  id: number;
  period: string;
  closed_at: string;
  closed_by: string | null;
  reopened_at: string | null;
  reopened_by: string | null;
  currency: string;
  total_cents: number;
  invoice_count: number;
}

const toRun = (r: RawRun): RunRow => ({
  id: r.id,
  period: r.period,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  reopenedAt: r.reopened_at,
  reopenedBy: r.reopened_by,
  currency: r.currency,
  totalCents: r.total_cents,
  invoiceCount: r.invoice_count,
});

const stmt = cachedStatement;

/** The closed, not reopened run of a month (at most one). */
export function activeRunFor(sqlite: Database.Database, period: string): RunRow | null {
  const r = stmt(sqlite, 'SELECT * FROM billing_runs WHERE period = ? AND reopened_at IS NULL ORDER BY id DESC LIMIT 1').get(period) as RawRun | undefined;
  return r ? toRun(r) : null;
}

/** The most recent closed, not reopened run (the only one that may be reopened). */
export function latestActiveRun(sqlite: Database.Database): RunRow | null {
  const r = stmt(sqlite, 'SELECT * FROM billing_runs WHERE reopened_at IS NULL ORDER BY period DESC, id DESC LIMIT 1').get() as RawRun | undefined;
  return r ? toRun(r) : null;
}

export function allRuns(sqlite: Database.Database): RunRow[] {
  return (stmt(sqlite, 'SELECT * FROM billing_runs ORDER BY id').all() as RawRun[]).map(toRun);
}

export function runById(sqlite: Database.Database, id: number): RunRow | null {
  const r = stmt(sqlite, 'SELECT * FROM billing_runs WHERE id = ?').get(id) as RawRun | undefined;
  return r ? toRun(r) : null;
}

interface RawInvoice {
  id: number;
  customer_id: number;
  invoice_number: string;
  customer_name: string;
  accounting_name: string;
  autotask_company_id: number;
  total_cents: number;
}

interface RawLine {
  invoice_id: number;
  kind: string;
  date: string;
  date_to: string | null;
  description: string;
  service_num: string | null;
  quantity: string;
  unit_price_cents: number;
  amount_cents: number;
  late: number;
  item_id: number | null;
  autotask_time_entry_id: number | null;
  service_id: number | null;
  autotask_contract_service_id: number | null;
  unit_row_id: number | null;
  corrects_invoice: string | null;
}

function sourceOf(l: RawLine): BillingLineSource {
  const s: BillingLineSource = {};
  if (l.autotask_time_entry_id !== null) s.timeEntryId = l.autotask_time_entry_id;
  if (l.item_id !== null) s.itemId = l.item_id;
  if (l.autotask_contract_service_id !== null) s.contractServiceId = l.autotask_contract_service_id;
  if (l.service_id !== null) s.serviceId = l.service_id;
  if (l.unit_row_id !== null) s.unitRowId = l.unit_row_id;
  if (l.corrects_invoice !== null) s.correctsInvoice = l.corrects_invoice;
  return s;
}

/** A stored run read back in the shape computeInvoices produces, in the order it was closed. */
export function runInvoices(sqlite: Database.Database, runId: number): Array<Invoice & { invoiceNumber: string }> {
  const invoices = stmt(sqlite, 'SELECT * FROM invoices WHERE run_id = ? ORDER BY id').all(runId) as RawInvoice[];
  const lines = stmt(sqlite, `SELECT l.* FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.run_id = ? ORDER BY l.invoice_id, l.position`).all(runId) as RawLine[];
  const byInvoice = new Map<number, InvoiceLine[]>();
  for (const l of lines) {
    const list = byInvoice.get(l.invoice_id) ?? [];
    list.push({
      kind: l.kind as BillingLineKind,
      date: l.date,
      dateTo: l.date_to,
      description: l.description,
      serviceNum: l.service_num,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      amountCents: l.amount_cents,
      late: l.late === 1,
      source: sourceOf(l),
    });
    byInvoice.set(l.invoice_id, list);
  }
  return invoices.map((i) => ({
    customerId: i.customer_id,
    customerName: i.customer_name,
    accountingName: i.accounting_name,
    autotaskCompanyId: i.autotask_company_id,
    invoiceNumber: i.invoice_number,
    lines: byInvoice.get(i.id) ?? [],
    totalCents: i.total_cents,
  }));
}

/** Per customer: the invoice total of a closed run (for "change against last month"). */
export function runTotalsByCustomer(sqlite: Database.Database, runId: number): Map<number, number> {
  const rows = stmt(sqlite, 'SELECT customer_id, SUM(total_cents) AS total FROM invoices WHERE run_id = ? GROUP BY customer_id').all(runId) as Array<{
    customer_id: number;
    total: number;
  }>;
  return new Map(rows.map((r) => [r.customer_id, r.total]));
}

export function runInvoiceNumbers(sqlite: Database.Database, runId: number): string[] {
  return (stmt(sqlite, 'SELECT invoice_number FROM invoices WHERE run_id = ? ORDER BY id').all(runId) as Array<{ invoice_number: string }>).map((r) => r.invoice_number);
}

// ---- writes ---------------------------------------------------------------------------------------------

export function lastInvoiceNumber(sqlite: Database.Database): number {
  const r = stmt(sqlite, 'SELECT value FROM sync_state WHERE key = ?').get(INVOICE_COUNTER_KEY) as { value: string } | undefined;
  const n = r ? Number(r.value) : 0;
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export function setLastInvoiceNumber(sqlite: Database.Database, n: number): void {
  stmt(
    sqlite,
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(INVOICE_COUNTER_KEY, String(n));
}

export function invoiceNumberTaken(sqlite: Database.Database, number: string): boolean {
  return stmt(sqlite, 'SELECT 1 FROM invoices WHERE invoice_number = ?').get(number) !== undefined;
}

export function insertRun(
  sqlite: Database.Database,
  r: { period: string; closedAt: string; closedBy: string; currency: string; totalCents: number; invoiceCount: number },
): number {
  const info = stmt(
    sqlite,
    `INSERT INTO billing_runs (period, closed_at, closed_by, currency, total_cents, invoice_count)
     VALUES (@period, @closedAt, @closedBy, @currency, @totalCents, @invoiceCount)`,
  ).run(r);
  return Number(info.lastInsertRowid);
}

export function insertInvoice(sqlite: Database.Database, runId: number, inv: Invoice & { invoiceNumber: string }): number {
  const info = stmt(
    sqlite,
    `INSERT INTO invoices (run_id, customer_id, invoice_number, customer_name, accounting_name, autotask_company_id, total_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, inv.customerId, inv.invoiceNumber, inv.customerName, inv.accountingName, inv.autotaskCompanyId, inv.totalCents);
  return Number(info.lastInsertRowid);
}

export interface StoredLine {
  line: InvoiceLine;
  position: number;
  itemId: number | null;
  serviceId: number | null;
  correctsLineId: number | null;
  billedQuantity: string | null;
}

export function insertLine(sqlite: Database.Database, invoiceId: number, s: StoredLine): void {
  const l = s.line;
  stmt(
    sqlite,
    `INSERT INTO invoice_lines (invoice_id, position, kind, date, date_to, description, service_num, quantity, unit_price_cents,
        amount_cents, late, item_id, autotask_time_entry_id, service_id, autotask_contract_service_id, unit_row_id,
        corrects_invoice, corrects_line_id, billed_quantity)
     VALUES (@invoiceId, @position, @kind, @date, @dateTo, @description, @serviceNum, @quantity, @unitPriceCents,
        @amountCents, @late, @itemId, @timeEntryId, @serviceId, @contractServiceId, @unitRowId,
        @correctsInvoice, @correctsLineId, @billedQuantity)`,
  ).run({
    invoiceId,
    position: s.position,
    kind: l.kind,
    date: l.date,
    dateTo: l.dateTo,
    description: l.description,
    serviceNum: l.serviceNum,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    amountCents: l.amountCents,
    late: l.late ? 1 : 0,
    itemId: s.itemId,
    timeEntryId: l.source.timeEntryId ?? null,
    serviceId: s.serviceId,
    contractServiceId: l.source.contractServiceId ?? null,
    unitRowId: l.source.unitRowId ?? null,
    correctsInvoice: l.source.correctsInvoice ?? null,
    correctsLineId: s.correctsLineId,
    billedQuantity: s.billedQuantity,
  });
}

export function markReopened(sqlite: Database.Database, runId: number, at: string, by: string): void {
  stmt(sqlite, 'UPDATE billing_runs SET reopened_at = ?, reopened_by = ? WHERE id = ? AND reopened_at IS NULL').run(at, by, runId);
}

// ---- audit ----------------------------------------------------------------------------------------------

export type AuditAction = 'close' | 'reopen' | 'export' | 'hold' | 'release' | 'release-posted' | 'release-posted-withdrawn';

export interface AuditEntry {
  at: string;
  action: AuditAction;
  period?: string | null;
  runId?: number | null;
  osUser: string;
  format?: string | null;
  file?: string | null;
  sha256?: string | null;
  details?: Record<string, unknown> | null;
}

export function insertAudit(sqlite: Database.Database, e: AuditEntry): number {
  const info = stmt(
    sqlite,
    `INSERT INTO billing_audit (at, action, period, run_id, os_user, format, file, sha256, details)
     VALUES (@at, @action, @period, @runId, @osUser, @format, @file, @sha256, @details)`,
  ).run({
    at: e.at,
    action: e.action,
    period: e.period ?? null,
    runId: e.runId ?? null,
    osUser: e.osUser,
    format: e.format ?? null,
    file: e.file ?? null,
    sha256: e.sha256 ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
  });
  return Number(info.lastInsertRowid);
}

export function exportsOfRun(sqlite: Database.Database, runId: number): Array<{ format: string; file: string; sha256: string; at: string }> {
  return stmt(sqlite, "SELECT format, file, sha256, at FROM billing_audit WHERE action = 'export' AND run_id = ? ORDER BY id").all(runId) as Array<{
    format: string;
    file: string;
    sha256: string;
    at: string;
  }>;
}

// ---- holds ----------------------------------------------------------------------------------------------

export type HoldTarget = { itemId: number } | { customerId: number } | { serviceId: number };

function targetColumn(t: HoldTarget): { column: 'item_id' | 'customer_id' | 'service_id'; id: number } {
  if ('itemId' in t) return { column: 'item_id', id: t.itemId };
  if ('customerId' in t) return { column: 'customer_id', id: t.customerId };
  return { column: 'service_id', id: t.serviceId };
}

export function activeHoldIds(sqlite: Database.Database, kind: 'hold' | 'release-posted', t: HoldTarget): number[] {
  const { column, id } = targetColumn(t);
  return (stmt(sqlite, `SELECT id FROM billing_holds WHERE kind = ? AND ${column} = ? AND released_at IS NULL ORDER BY id`).all(kind, id) as Array<{ id: number }>).map(
    (r) => r.id,
  );
}

export function insertHold(sqlite: Database.Database, kind: 'hold' | 'release-posted', t: HoldTarget, note: string | null, by: string, at: string): number {
  const { column, id } = targetColumn(t);
  const info = stmt(sqlite, `INSERT INTO billing_holds (kind, ${column}, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)`).run(kind, id, note, by, at);
  return Number(info.lastInsertRowid);
}

export function releaseHolds(sqlite: Database.Database, ids: number[], by: string, at: string): void {
  const s = stmt(sqlite, 'UPDATE billing_holds SET released_at = ?, released_by = ? WHERE id = ? AND released_at IS NULL');
  for (const id of ids) s.run(at, by, id);
}

export function exists(sqlite: Database.Database, table: 'engineering_items' | 'customers' | 'engineering_services', id: number): boolean {
  return stmt(sqlite, `SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
}

export function lastSuccessfulSyncAt(sqlite: Database.Database): string | null {
  const r = stmt(
    sqlite,
    "SELECT COALESCE(finished_at, started_at) AS at FROM sync_runs WHERE status IN ('success', 'partial') AND dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1",
  ).get() as { at: string | null } | undefined;
  return r?.at ?? null;
}
