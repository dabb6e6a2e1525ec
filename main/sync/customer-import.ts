// Customers on demand (docs/product-rules.md#synced-records): a customer is created only when a matching contract needs one and no
// local customer has its Autotask company id. The companies of the run's contracts are read in `id in [...]`
// batches (≤ 500 ids per request, by the client), never one request per contract, and never in bulk.
// Existing customers follow their Autotask company (docs/product-rules.md#billing-sync / issue #14): a renamed company or a new
// address or phone updates the local customer, logged as an update; the accounting name is the
// bookkeeper's and is never touched by a sync.
import type Database from 'better-sqlite3';
import { isolate } from '../../shared/display-text';
import { COMPANY_FIELDS, companySchema, parseRecord, type AutotaskCompany, type Parsed } from './autotask-payloads';
import { clipWarning } from './field-bounds';
import { diff, errorAction, type Changes, type CustomerValues, type PlanAction } from './plan';
import type { SyncContext } from './sync-context';
import { selectCustomerNames, selectCustomersByCompanyIds, writeAccountingName, type CustomerRow } from '../db/queries/customers';

export const CUSTOMER_KEYS: readonly (keyof CustomerValues)[] = ['name', 'companyNumber', 'phone', 'address1', 'city', 'postalCode', 'isActive'];

export type LocalCustomerRow = CustomerRow;

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
    const row = selectCustomerNames(sqlite, customerId);
    if (!row) return { found: false, message: `There is no customer with id ${customerId}.` };
    const message =
      value === null ? `Customer "${isolate(row.name)}" is exported under its Autotask name again` : `Customer "${isolate(row.name)}" is exported as "${isolate(value)}"`;
    if (row.accounting_name === value) return { found: true, message: `${message} (unchanged)` };
    const at = now.toISOString();
    writeAccountingName(
      sqlite,
      customerId,
      value,
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

/** The local customers of these Autotask company ids. */
export function loadLocalCustomers(sqlite: Database.Database, companyIds: readonly number[]): LocalCustomerRow[] {
  return selectCustomersByCompanyIds(sqlite, companyIds);
}

/** The Companies records of these ids, parsed, in read order (none read when no id is wanted). */
export async function readCompanies(ctx: SyncContext, companyIds: readonly number[]): Promise<Parsed<AutotaskCompany>[]> {
  const wanted = [...new Set(companyIds)];
  const out: Parsed<AutotaskCompany>[] = [];
  if (wanted.length === 0) return out;
  ctx.progress('Reading customers', 0, wanted.length);
  const seen = new Set<number>();
  for await (const page of ctx.client.queryByIds('Companies', 'id', wanted, { includeFields: COMPANY_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(companySchema, 'Company', raw);
      const id = parsed.ok ? parsed.value.id : parsed.id;
      if (id !== null && wanted.includes(id)) seen.add(id);
      out.push(parsed);
    }
    ctx.progress('Reading customers', seen.size, wanted.length);
  }
  return out;
}

/**
 * Pure: the customer actions for the companies the contracts need — existing customers follow their company,
 * missing ones are created, companies that cannot be read or were not returned are `unavailable`.
 */
export function planCustomers(companyIds: Iterable<number>, local: readonly LocalCustomerRow[], companies: readonly Parsed<AutotaskCompany>[]): CustomerPlan {
  const wanted = [...new Set(companyIds)];
  const plan: CustomerPlan = { actions: [], names: new Map(), unavailable: new Map() };
  const existing = new Map<number, LocalCustomerRow>();
  for (const r of local) {
    if (!wanted.includes(r.autotask_company_id)) continue;
    plan.names.set(r.autotask_company_id, r.name);
    existing.set(r.autotask_company_id, r);
  }
  const missing = wanted.filter((id) => !plan.names.has(id));
  if (wanted.length === 0) return plan;
  const seen = new Set<number>();
  const missingSet = new Set(missing);
  for (const parsed of companies) planCompany(plan, parsed, existing, missingSet, seen);
  for (const id of missing) if (!seen.has(id)) notFound(plan, id);
  return plan;
}

function planCompany(plan: CustomerPlan, parsed: Parsed<AutotaskCompany>, existing: Map<number, LocalCustomerRow>, missing: Set<number>, seen: Set<number>): void {
  const clip = clipWarning('company', 'Company', parsed);
  if (clip) plan.actions.push(clip);
  const known = parsed.ok ? existing.get(parsed.value.id) : parsed.id !== null ? existing.get(parsed.id) : undefined;
  if (known) {
    // An existing customer: follow the company's name and address; an unreadable record keeps it as it is.
    seen.add(known.autotask_company_id);
    if (!parsed.ok) {
      const message = `${parsed.message} (customer "${isolate(known.name)}" kept as it was)`;
      plan.actions.push(errorAction('company', parsed.id, message, { problems: parsed.problems, record: parsed.raw }));
      return;
    }
    const before = customerValuesOf(known);
    const next = customerFromCompany(parsed.value);
    const changes = diff(before, next, CUSTOMER_KEYS);
    if (Object.keys(changes).length === 0) return;
    plan.names.set(next.autotaskCompanyId, next.name);
    plan.actions.push(updateCustomerAction(known.id, before, next, changes));
    return;
  }
  if (!parsed.ok) {
    if (parsed.id !== null) {
      seen.add(parsed.id);
      plan.unavailable.set(parsed.id, `company ${parsed.id} could not be read from Autotask`);
    }
    plan.actions.push(errorAction('company', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
    return;
  }
  if (!missing.has(parsed.value.id)) return; // not asked for
  seen.add(parsed.value.id);
  createCustomer(plan, parsed.value);
}

function createCustomer(plan: CustomerPlan, c: AutotaskCompany): void {
  const customer = customerFromCompany(c);
  plan.names.set(c.id, customer.name);
  const message = `Customer "${isolate(customer.name)}" created from Autotask company ${c.id}`;
  plan.actions.push({ kind: 'create-customer', autotaskId: c.id, customer, log: { syncType: 'company', operation: 'create', status: 'success', message, details: customer } });
}

function notFound(plan: CustomerPlan, id: number): void {
  const reason = `company ${id} was not found in Autotask (deleted, or not visible to the API user)`;
  plan.unavailable.set(id, reason);
  plan.actions.push(errorAction('company', id, `Customer could not be created: ${reason}`, { autotaskCompanyId: id }));
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
