import type Database from 'better-sqlite3';
import type { CustomerRow, ItemRow, ListQuery, Paged, ServiceRow } from '../../../shared/domain';
import { centsToDecimal } from '../../../shared/money';
import type { ServiceRecord, SqlRow } from '../rows';

// Lists behind the Customers, Engineering Services and Engineering Items pages (and `list … --json`).
// Search is a case-insensitive substring match over the columns a bookkeeper would type.

export function like(search: string | undefined): string | null {
  const s = search?.trim();
  if (!s) return null;
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SERVICES_FROM = 'engineering_services s JOIN customers c ON c.id = s.customer_id';
export const ITEM_SELECT = 'i.*, s.service_name, s.contract_name, c.name AS customer_name';
/** The Engineering Items search: contract, service, customer, date worked or time entry id. */
export const ITEM_SEARCH =
  "(s.contract_name LIKE @s ESCAPE '\\' OR s.service_name LIKE @s ESCAPE '\\' OR c.name LIKE @s ESCAPE '\\' OR i.date_worked LIKE @s ESCAPE '\\' OR CAST(i.autotask_time_entry_id AS TEXT) LIKE @s ESCAPE '\\')";
export const ITEMS_FROM = 'engineering_items i JOIN engineering_services s ON s.id = i.service_id JOIN customers c ON c.id = s.customer_id';

/** One page, clamped to 1…last page (an empty list has one empty page). */
function paged<T>(sqlite: Database.Database, q: ListQuery, from: string, where: string, select: string, order: string, map: (r: never) => T): Paged<T> {
  const s = like(q.search);
  const perPage = Math.max(1, Math.floor(q.perPage));
  const cond = s ? `WHERE ${where}` : '';
  const { n } = sqlite.prepare(`SELECT COUNT(*) AS n FROM ${from} ${cond}`).get({ s }) as { n: number };
  const page = Math.min(Math.max(1, Math.floor(q.page) || 1), Math.max(1, Math.ceil(n / perPage)));
  const rows = sqlite
    .prepare(`SELECT ${select} FROM ${from} ${cond} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ s, limit: perPage, offset: (page - 1) * perPage }) as never[];
  return { total: n, page, perPage, rows: rows.map(map) };
}

/**
 * Every row of a table in id order, read in chunks by id (keyset) so a list of 200,000 items never sits in
 * memory at once and the connection is free between chunks. For the CLI's full lists.
 */
function* everyRow<T>(sqlite: Database.Database, from: string, alias: string, select: string, map: (r: never) => T, chunk = 1_000): Generator<T> {
  const stmt = sqlite.prepare(`SELECT ${select} FROM ${from} WHERE ${alias}.id > ? ORDER BY ${alias}.id LIMIT ?`);
  let after = 0;
  for (;;) {
    const rows = stmt.all(after, chunk) as { id: number }[];
    for (const r of rows) yield map(r as never);
    if (rows.length < chunk) return;
    after = rows[rows.length - 1]!.id;
  }
}

const CUSTOMER_SELECT = `c.id, c.name, c.autotask_company_id, c.company_number, c.phone, c.city, c.created_at,
     (SELECT COUNT(*) FROM engineering_services s WHERE s.customer_id = c.id) AS service_count`;

interface RawCustomer {
  id: number;
  name: string;
  autotask_company_id: number;
  company_number: string | null;
  phone: string | null;
  city: string | null;
  created_at: string;
  service_count: number;
}

export function toCustomerRow(r: RawCustomer): CustomerRow {
  return {
    id: r.id,
    name: r.name,
    autotaskCompanyId: r.autotask_company_id,
    companyNumber: r.company_number,
    phone: r.phone,
    city: r.city,
    serviceCount: r.service_count,
    createdAt: r.created_at,
  };
}

export function listCustomers(sqlite: Database.Database, q: ListQuery): Paged<CustomerRow> {
  return paged(
    sqlite,
    q,
    'customers c',
    "(c.name LIKE @s ESCAPE '\\' OR c.company_number LIKE @s ESCAPE '\\' OR CAST(c.autotask_company_id AS TEXT) LIKE @s ESCAPE '\\')",
    CUSTOMER_SELECT,
    'c.name COLLATE NOCASE, c.id',
    toCustomerRow,
  );
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
    | 'unitPriceCents'
    | 'invoiceDescription'
    | 'serviceNum'
    | 'startDate'
    | 'endDate'
    | 'ended'
  >
> & { customer_name: string };

export function toServiceRow(r: RawService): ServiceRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    autotaskContractId: r.autotask_contract_id,
    autotaskContractServiceId: r.autotask_contract_service_id,
    contractName: r.contract_name,
    serviceName: r.service_name,
    unitPrice: centsToDecimal(r.unit_price_cents),
    invoiceDescription: r.invoice_description,
    serviceNum: r.service_num,
    startDate: r.start_date,
    endDate: r.end_date,
    ended: r.ended === 1,
  };
}

export function listServices(sqlite: Database.Database, q: ListQuery): Paged<ServiceRow> {
  return paged(
    sqlite,
    q,
    SERVICES_FROM,
    "(s.contract_name LIKE @s ESCAPE '\\' OR s.service_name LIKE @s ESCAPE '\\' OR s.service_num LIKE @s ESCAPE '\\' OR s.invoice_description LIKE @s ESCAPE '\\' OR c.name LIKE @s ESCAPE '\\')",
    's.*, c.name AS customer_name',
    'c.name COLLATE NOCASE, s.contract_name COLLATE NOCASE, s.id',
    toServiceRow,
  );
}

export interface RawItem {
  id: number;
  service_id: number;
  service_name: string;
  contract_name: string;
  customer_name: string;
  autotask_time_entry_id: number;
  date_worked: string;
  hours: string;
  rate_cents: number;
  amount_cents: number;
  flagged: number;
  flag_reason: string | null;
}

export function toItemRow(r: RawItem): ItemRow {
  return {
    id: r.id,
    serviceId: r.service_id,
    serviceName: r.service_name,
    contractName: r.contract_name,
    customerName: r.customer_name,
    autotaskTimeEntryId: r.autotask_time_entry_id,
    dateWorked: r.date_worked,
    hours: r.hours,
    rate: centsToDecimal(r.rate_cents),
    amount: centsToDecimal(r.amount_cents),
    flagged: r.flagged === 1,
    flagReason: r.flag_reason,
  };
}

export function listItems(sqlite: Database.Database, q: ListQuery): Paged<ItemRow> {
  return paged(sqlite, q, ITEMS_FROM, ITEM_SEARCH, ITEM_SELECT, 'i.date_worked DESC, i.id DESC', toItemRow);
}

export function everyCustomer(sqlite: Database.Database, chunk?: number): Generator<CustomerRow> {
  return everyRow(sqlite, 'customers c', 'c', CUSTOMER_SELECT, toCustomerRow, chunk);
}

export function everyService(sqlite: Database.Database, chunk?: number): Generator<ServiceRow> {
  return everyRow(sqlite, SERVICES_FROM, 's', 's.*, c.name AS customer_name', toServiceRow, chunk);
}

export function everyItem(sqlite: Database.Database, chunk?: number): Generator<ItemRow> {
  return everyRow(sqlite, ITEMS_FROM, 'i', ITEM_SELECT, toItemRow, chunk);
}
