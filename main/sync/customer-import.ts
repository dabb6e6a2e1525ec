// Customers on demand (docs/product-rules.md#synced-records): a customer is created only when a matching contract needs one and no
// local customer has its Autotask company id. The companies of the run's contracts are read in `id in [...]`
// batches (≤ 500 ids per request, by the client), never one request per contract, and never in bulk.
// Existing customers follow their Autotask company (docs/product-rules.md#billing-sync / issue #14): a renamed company or a new
// address or phone updates the local customer, logged as an update; the accounting name is the
// bookkeeper's and is never touched by a sync.
import type Database from 'better-sqlite3';
import { isolate } from '../../shared/display-text';
import { COMPANY_FIELDS, companySchema, parseRecord, type AutotaskCompany } from './autotask-payloads';
import { clipWarning } from './field-bounds';
import { diff, type Changes, type CustomerValues, type PlanAction } from './plan';
import { chunk, placeholders, type SyncContext } from './sync-context';

export const CUSTOMER_KEYS: readonly (keyof CustomerValues)[] = ['name', 'companyNumber', 'phone', 'address1', 'city', 'postalCode', 'isActive'];

interface LocalCustomerRow {
  id: number;
  autotask_company_id: number;
  name: string;
  company_number: string | null;
  phone: string | null;
  address1: string | null;
  city: string | null;
  postal_code: string | null;
  is_active: number;
}

function customerValuesOf(r: LocalCustomerRow): CustomerValues {
  return {
    autotaskCompanyId: r.autotask_company_id,
    name: r.name,
    companyNumber: r.company_number,
    phone: r.phone,
    address1: r.address1,
    city: r.city,
    postalCode: r.postal_code,
    isActive: r.is_active === 1,
  };
}

function customerFromCompany(c: AutotaskCompany): CustomerValues {
  return {
    autotaskCompanyId: c.id,
    name: c.companyName.trim() || `Company ${c.id}`,
    companyNumber: c.companyNumber,
    phone: c.phone,
    address1: c.address1,
    city: c.city,
    postalCode: c.postalCode,
    isActive: c.isActive,
  };
}

/**
 * The bookkeeper's accounting-package name for a customer (docs/product-rules.md#accounting-exports); null or blank = back to the Autotask
 * name. Logged (a `company` update row without a run) so the Logs page shows who-changed-what.
 */
export function setAccountingName(sqlite: Database.Database, customerId: number, accountingName: string | null, now: Date): { found: boolean; message: string } {
  const value = accountingName === null || accountingName.trim() === '' ? null : accountingName.trim();
  const tx = sqlite.transaction(() => {
    const row = sqlite.prepare('SELECT id, name, accounting_name, autotask_company_id FROM customers WHERE id = ?').get(customerId) as
      { id: number; name: string; accounting_name: string | null; autotask_company_id: number } | undefined;
    if (!row) return { found: false, message: `There is no customer with id ${customerId}.` };
    const message =
      value === null ? `Customer "${isolate(row.name)}" is exported under its Autotask name again` : `Customer "${isolate(row.name)}" is exported as "${isolate(value)}"`;
    if (row.accounting_name === value) return { found: true, message: `${message} (unchanged)` };
    const at = now.toISOString();
    sqlite.prepare('UPDATE customers SET accounting_name = ?, updated_at = ? WHERE id = ?').run(value, at, customerId);
    sqlite
      .prepare(
        `INSERT INTO sync_logs (run_id, sync_type, operation, status, message, duration_ms, details, created_at)
         VALUES (NULL, 'company', 'update', 'success', ?, 0, ?, ?)`,
      )
      .run(
        `Accounting name: ${message}`,
        JSON.stringify({ customerId, autotaskCompanyId: row.autotask_company_id, changed: { accountingName: { before: row.accounting_name, after: value } } }),
        at,
      );
    return { found: true, message };
  });
  return tx.immediate();
}

export interface CustomerPlan {
  actions: PlanAction[];
  /** Customer name per Autotask company id, for every id that is or will be a customer. */
  names: Map<number, string>;
  /** Company ids that cannot become customers in this run, with the reason. */
  unavailable: Map<number, string>;
}

export async function planCustomers(ctx: SyncContext, companyIds: Iterable<number>): Promise<CustomerPlan> {
  const wanted = [...new Set(companyIds)];
  const names = new Map<number, string>();
  const existing = new Map<number, LocalCustomerRow>();
  for (const part of chunk(wanted, 900)) {
    const rows = ctx.sqlite
      .prepare(
        `SELECT id, autotask_company_id, name, company_number, phone, address1, city, postal_code, is_active
           FROM customers WHERE autotask_company_id IN (${placeholders(part.length)})`,
      )
      .all(...part) as LocalCustomerRow[];
    for (const r of rows) {
      names.set(r.autotask_company_id, r.name);
      existing.set(r.autotask_company_id, r);
    }
  }
  const missing = wanted.filter((id) => !names.has(id));
  const missingSet = new Set(missing);
  const actions: PlanAction[] = [];
  const unavailable = new Map<number, string>();
  if (wanted.length === 0) return { actions, names, unavailable };

  ctx.progress('Reading customers', 0, wanted.length);
  const seen = new Set<number>();
  for await (const page of ctx.client.queryByIds('Companies', 'id', wanted, { includeFields: COMPANY_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(companySchema, 'Company', raw);
      const clip = clipWarning('company', 'Company', parsed);
      if (clip) actions.push(clip);
      const known = parsed.ok ? existing.get(parsed.value.id) : parsed.id !== null ? existing.get(parsed.id) : undefined;
      if (known) {
        // An existing customer: follow the company's name and address; an unreadable record keeps it as it is.
        if (!parsed.ok) {
          seen.add(known.autotask_company_id);
          actions.push({
            kind: 'error',
            syncType: 'company',
            autotaskId: parsed.id,
            message: `${parsed.message} (customer "${isolate(known.name)}" kept as it was)`,
            log: {
              syncType: 'company',
              operation: 'error',
              status: 'error',
              message: `${parsed.message} (customer "${isolate(known.name)}" kept as it was)`,
              details: { problems: parsed.problems, record: parsed.raw },
            },
          });
          continue;
        }
        seen.add(known.autotask_company_id);
        const before = customerValuesOf(known);
        const next = customerFromCompany(parsed.value);
        const changes = diff(before, next, CUSTOMER_KEYS);
        if (Object.keys(changes).length === 0) continue;
        names.set(next.autotaskCompanyId, next.name);
        actions.push(updateCustomerAction(known.id, before, next, changes));
        continue;
      }
      if (!parsed.ok) {
        if (parsed.id !== null) {
          seen.add(parsed.id);
          unavailable.set(parsed.id, `company ${parsed.id} could not be read from Autotask`);
        }
        actions.push({
          kind: 'error',
          syncType: 'company',
          autotaskId: parsed.id,
          message: parsed.message,
          log: { syncType: 'company', operation: 'error', status: 'error', message: parsed.message, details: { problems: parsed.problems, record: parsed.raw } },
        });
        continue;
      }
      const c = parsed.value;
      if (!missingSet.has(c.id)) continue; // not asked for
      seen.add(c.id);
      const customer = customerFromCompany(c);
      names.set(c.id, customer.name);
      actions.push({
        kind: 'create-customer',
        autotaskId: c.id,
        customer,
        log: {
          syncType: 'company',
          operation: 'create',
          status: 'success',
          message: `Customer "${isolate(customer.name)}" created from Autotask company ${c.id}`,
          details: customer,
        },
      });
    }
    ctx.progress('Reading customers', seen.size, wanted.length);
  }
  for (const id of missing) {
    if (seen.has(id)) continue;
    const reason = `company ${id} was not found in Autotask (deleted, or not visible to the API user)`;
    unavailable.set(id, reason);
    actions.push({
      kind: 'error',
      syncType: 'company',
      autotaskId: id,
      message: `Customer could not be created: ${reason}`,
      log: { syncType: 'company', operation: 'error', status: 'error', message: `Customer could not be created: ${reason}`, details: { autotaskCompanyId: id } },
    });
  }
  return { actions, names, unavailable };
}

function updateCustomerAction(customerId: number, before: CustomerValues, next: CustomerValues, changes: Changes): PlanAction {
  const renamed = changes.name ? ` (was "${isolate(before.name)}")` : '';
  const message = `Customer "${isolate(next.name)}"${renamed} updated from Autotask company ${next.autotaskCompanyId}: ${Object.keys(changes).join(', ')}`;
  return {
    kind: 'update-customer',
    autotaskId: next.autotaskCompanyId,
    customerId,
    next,
    changes,
    log: { syncType: 'company', operation: 'update', status: 'success', message, details: { autotaskCompanyId: next.autotaskCompanyId, customerId, changed: changes } },
  };
}
