// customers as the sync engine reads and the bookkeeper renames them (accounting names).
import type Database from 'better-sqlite3';
import type { CustomerRecord, SqlRow } from '../rows';
import { chunk, placeholders } from './in-list';
import { insertLogRows } from './log-writes';

/** A customer as created from an Autotask company. */
export type CustomerValues = Pick<CustomerRecord, 'autotaskCompanyId' | 'name' | 'companyNumber' | 'phone' | 'address1' | 'city' | 'postalCode' | 'isActive'>;

/** A customers row as SQLite returns it (the columns a sync compares). */
export type CustomerRow = SqlRow<Pick<CustomerRecord, 'id' | 'autotaskCompanyId' | 'name' | 'companyNumber' | 'phone' | 'address1' | 'city' | 'postalCode' | 'isActive'>>;
export type CustomerNameRow = SqlRow<Pick<CustomerRecord, 'id' | 'name' | 'accountingName' | 'autotaskCompanyId'>>;

/** The customers of these Autotask company ids (duplicates ignored), one query per 900 ids. */
export function selectCustomersByCompanyIds(sqlite: Database.Database, companyIds: readonly number[]): CustomerRow[] {
  const out: CustomerRow[] = [];
  for (const part of chunk([...new Set(companyIds)], 900)) {
    const rows = sqlite
      .prepare(
        `SELECT id, autotask_company_id, name, company_number, phone, address1, city, postal_code, is_active
           FROM customers WHERE autotask_company_id IN (${placeholders(part.length)})`,
      )
      .all(...part) as CustomerRow[];
    out.push(...rows);
  }
  return out;
}

export function selectCustomerNames(sqlite: Database.Database, customerId: number): CustomerNameRow | undefined {
  return sqlite.prepare('SELECT id, name, accounting_name, autotask_company_id FROM customers WHERE id = ?').get(customerId) as CustomerNameRow | undefined;
}

/** Sets the accounting name and writes its log row (a `company` update without a run); the caller holds the transaction. */
export function writeAccountingName(sqlite: Database.Database, customerId: number, value: string | null, logMessage: string, logDetails: string, at: string): void {
  sqlite.prepare('UPDATE customers SET accounting_name = ?, updated_at = ? WHERE id = ?').run(value, at, customerId);
  insertLogRows(sqlite, [{ runId: null, syncType: 'company', operation: 'update', status: 'success', message: logMessage, durationMs: 0, details: logDetails, createdAt: at }]);
}
