// Factories for the rows tests insert by hand: each fills the NOT NULL columns with plain defaults, so a
// test names only the columns its case is about. Columns are the SQL names of main/db/schema.ts; ids and
// Autotask ids default to fresh numbers (a fresh sequence per database handle).
import type Database from 'better-sqlite3';

type Row = Record<string, string | number | null>;
const sequences = new WeakMap<Database.Database, number>();

function next(s: Database.Database): number {
  const n = (sequences.get(s) ?? 0) + 1;
  sequences.set(s, n);
  return n;
}

function insert(s: Database.Database, table: string, row: Row): number {
  const cols = Object.keys(row);
  const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
  return Number(s.prepare(sql).run(row).lastInsertRowid);
}

/** A customer (`customers`); returns its id. */
export function insertCustomer(s: Database.Database, row: Row = {}): number {
  const n = next(s);
  return insert(s, 'customers', { autotask_company_id: 100_000 + n, name: `Customer ${n}`, ...row });
}

/** An engineering service (`engineering_services`) of `customer_id`; returns its id. */
export function insertService(s: Database.Database, row: Row & { customer_id: number }): number {
  const n = next(s);
  return insert(s, 'engineering_services', {
    autotask_contract_id: 200_000 + n,
    autotask_contract_service_id: 300_000 + n,
    contract_name: `PRACBILL Contract ${n}`,
    service_name: 'Managed Services',
    unit_price_cents: 10_000,
    ...row,
  });
}

/** An engineering item (`engineering_items`) of `service_id`: 1 h at 150.00 unless told; returns its id. */
export function insertItem(s: Database.Database, row: Row & { service_id: number; date_worked: string }): number {
  const n = next(s);
  return insert(s, 'engineering_items', { autotask_time_entry_id: 400_000 + n, hours: '1.00', rate_cents: 15_000, amount_cents: 15_000, ...row });
}
