// Customers on demand (SPEC §1): a customer is created only when a matching contract needs one and no
// local customer has its Autotask company id. The missing companies are read in `id in [...]` batches
// (≤ 500 ids per request, by the client), never one request per contract, and never in bulk.
import { isolate } from '../../shared/display-text';
import { COMPANY_FIELDS, companySchema, parseRecord } from './autotask-payloads';
import { clipWarning } from './field-bounds';
import type { CustomerValues, PlanAction } from './plan';
import { chunk, placeholders, type SyncContext } from './sync-context';

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
  for (const part of chunk(wanted, 900)) {
    const rows = ctx.sqlite
      .prepare(`SELECT autotask_company_id AS id, name FROM customers WHERE autotask_company_id IN (${placeholders(part.length)})`)
      .all(...part) as { id: number; name: string }[];
    for (const r of rows) names.set(r.id, r.name);
  }
  const missing = wanted.filter((id) => !names.has(id));
  const actions: PlanAction[] = [];
  const unavailable = new Map<number, string>();
  if (missing.length === 0) return { actions, names, unavailable };

  ctx.progress('Reading new customers', 0, missing.length);
  const seen = new Set<number>();
  for await (const page of ctx.client.queryByIds('Companies', 'id', missing, { includeFields: COMPANY_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(companySchema, 'Company', raw);
      const clip = clipWarning('company', 'Company', parsed);
      if (clip) actions.push(clip);
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
      seen.add(c.id);
      const customer: CustomerValues = {
        autotaskCompanyId: c.id,
        name: c.companyName.trim() || `Company ${c.id}`,
        companyNumber: c.companyNumber,
        phone: c.phone,
        address1: c.address1,
        city: c.city,
        postalCode: c.postalCode,
        isActive: c.isActive,
      };
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
    ctx.progress('Reading new customers', seen.size, missing.length);
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
