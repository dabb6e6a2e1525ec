// Executes a page plan in ONE transaction with prepared statements: data changes, log rows, skip
// memory and the run's counts land together or not at all, so a crash between pages leaves the
// database consistent and the next run simply plans the rest. A dry run writes only the log rows.
import type Database from 'better-sqlite3';
import type { Counts } from '../../shared/domain';
import { decimalToCents } from '../../shared/money';
import type { RunRecorder } from './run-recorder';
import { planCounts, type ItemValues, type PagePlan, type ServiceValues } from './plan';

export interface PlanApplier {
  /** Applies (or, in a dry run, only logs) one page plan; returns its counts. */
  apply(plan: PagePlan, pageDurationMs: number): Counts;
}

const b = (v: boolean) => (v ? 1 : 0);

export function createPlanApplier(sqlite: Database.Database, recorder: RunRecorder, now: () => Date): PlanApplier {
  const insertCustomer = sqlite.prepare(
    `INSERT INTO customers (autotask_company_id, name, company_number, phone, address1, city, postal_code, is_active, created_at, updated_at)
     VALUES (@autotaskCompanyId, @name, @companyNumber, @phone, @address1, @city, @postalCode, @isActive, @now, @now)
     ON CONFLICT (autotask_company_id) DO NOTHING`,
  );
  const serviceColumns = `customer_id = (SELECT id FROM customers WHERE autotask_company_id = @customerAutotaskId),
       autotask_contract_id = @autotaskContractId, autotask_service_id = @autotaskServiceId,
       contract_name = @contractName, service_name = @serviceName, unit_price_cents = @unitPriceCents,
       invoice_description = @invoiceDescription, service_num = @serviceNum, start_date = @startDate, end_date = @endDate,
       ended = @ended, ended_at = CASE WHEN @ended = 1 THEN COALESCE(ended_at, @now) ELSE NULL END,
       ended_reason = @endedReason, updated_at = @now`;
  const upsertService = sqlite.prepare(
    `INSERT INTO engineering_services (customer_id, autotask_contract_id, autotask_contract_service_id, autotask_service_id,
       contract_name, service_name, unit_price_cents, invoice_description, service_num, start_date, end_date, ended, ended_at,
       ended_reason, created_at, updated_at)
     VALUES ((SELECT id FROM customers WHERE autotask_company_id = @customerAutotaskId), @autotaskContractId,
       @autotaskContractServiceId, @autotaskServiceId, @contractName, @serviceName, @unitPriceCents, @invoiceDescription,
       @serviceNum, @startDate, @endDate, @ended, CASE WHEN @ended = 1 THEN @now ELSE NULL END, @endedReason, @now, @now)
     ON CONFLICT (autotask_contract_service_id) DO UPDATE SET ${serviceColumns}`,
  );
  const updateService = sqlite.prepare(`UPDATE engineering_services SET ${serviceColumns} WHERE id = @id`);
  const itemColumns = `service_id = @serviceId, autotask_contract_id = @autotaskContractId, date_worked = @dateWorked,
       hours = @hours, rate_cents = @rateCents, amount_cents = @amountCents, summary = @summary,
       autotask_last_modified = @autotaskLastModified, flagged = @flagged, flag_reason = @flagReason,
       flagged_at = CASE WHEN @flagged = 1 THEN @now ELSE NULL END, updated_at = @now`;
  const upsertItem = sqlite.prepare(
    `INSERT INTO engineering_items (service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents,
       amount_cents, summary, autotask_last_modified, flagged, flag_reason, flagged_at, created_at, updated_at)
     VALUES (@serviceId, @autotaskTimeEntryId, @autotaskContractId, @dateWorked, @hours, @rateCents, @amountCents, @summary,
       @autotaskLastModified, @flagged, @flagReason, CASE WHEN @flagged = 1 THEN @now ELSE NULL END, @now, @now)
     ON CONFLICT (autotask_time_entry_id) DO UPDATE SET ${itemColumns}`,
  );
  const updateItem = sqlite.prepare(`UPDATE engineering_items SET ${itemColumns} WHERE id = @id`);
  const flagItem = sqlite.prepare('UPDATE engineering_items SET flagged = 1, flag_reason = ?, flagged_at = ?, updated_at = ? WHERE id = ?');
  const rememberSkip = sqlite.prepare(
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const forgetSkip = sqlite.prepare('DELETE FROM sync_state WHERE key = ?');
  const updateCustomer = sqlite.prepare(
    `UPDATE customers SET name = @name, company_number = @companyNumber, phone = @phone, address1 = @address1, city = @city,
       postal_code = @postalCode, is_active = @isActive, updated_at = @now WHERE id = @id`,
  );
  const upsertUnitRow = sqlite.prepare(
    `INSERT INTO contract_service_units (id, autotask_contract_id, autotask_contract_service_id, autotask_service_id, units,
       start_date, end_date, price_cents, approve_and_post_date, removed_at, created_at, updated_at)
     VALUES (@id, @autotaskContractId, @autotaskContractServiceId, @autotaskServiceId, @units, @startDate, @endDate, @priceCents,
       @approveAndPostDate, NULL, @now, @now)
     ON CONFLICT (id) DO UPDATE SET autotask_contract_id = excluded.autotask_contract_id,
       autotask_contract_service_id = excluded.autotask_contract_service_id, autotask_service_id = excluded.autotask_service_id,
       units = excluded.units, start_date = excluded.start_date, end_date = excluded.end_date, price_cents = excluded.price_cents,
       approve_and_post_date = excluded.approve_and_post_date, removed_at = NULL, updated_at = excluded.updated_at`,
  );
  const removeUnitRow = sqlite.prepare('UPDATE contract_service_units SET removed_at = COALESCE(removed_at, ?), updated_at = ? WHERE id = ?');
  const upsertPosting = sqlite.prepare(
    `INSERT INTO labour_postings (id, autotask_time_entry_id, billing_item_type, posted_date, autotask_invoice_id, created_at, updated_at)
     VALUES (@id, @autotaskTimeEntryId, @billingItemType, @postedDate, @autotaskInvoiceId, @now, @now)
     ON CONFLICT (id) DO UPDATE SET autotask_time_entry_id = excluded.autotask_time_entry_id, billing_item_type = excluded.billing_item_type,
       posted_date = excluded.posted_date, autotask_invoice_id = excluded.autotask_invoice_id, updated_at = excluded.updated_at`,
  );
  const deletePosting = sqlite.prepare('DELETE FROM labour_postings WHERE id = ?');

  const serviceParams = (s: ServiceValues, nowIso: string) => ({
    customerAutotaskId: s.customerAutotaskId,
    autotaskContractId: s.autotaskContractId,
    autotaskContractServiceId: s.autotaskContractServiceId,
    autotaskServiceId: s.autotaskServiceId,
    contractName: s.contractName,
    serviceName: s.serviceName,
    unitPriceCents: decimalToCents(s.unitPrice),
    invoiceDescription: s.invoiceDescription,
    serviceNum: s.serviceNum,
    startDate: s.startDate,
    endDate: s.endDate,
    ended: b(s.ended),
    endedReason: s.endedReason,
    now: nowIso,
  });
  const itemParams = (i: ItemValues, nowIso: string) => ({
    serviceId: i.serviceId,
    autotaskTimeEntryId: i.autotaskTimeEntryId,
    autotaskContractId: i.autotaskContractId,
    dateWorked: i.dateWorked,
    hours: i.hours,
    rateCents: decimalToCents(i.rate),
    amountCents: decimalToCents(i.amount),
    summary: i.summary,
    autotaskLastModified: i.autotaskLastModified,
    flagged: b(i.flagged),
    flagReason: i.flagReason,
    now: nowIso,
  });

  const write = (plan: PagePlan, perRowMs: number) => {
    const nowIso = now().toISOString();
    for (const a of plan.actions) {
      switch (a.kind) {
        case 'create-customer':
          insertCustomer.run({ ...a.customer, isActive: b(a.customer.isActive), now: nowIso });
          break;
        case 'create-service':
          upsertService.run(serviceParams(a.service, nowIso));
          break;
        case 'update-service':
        case 'end-service':
          updateService.run({ ...serviceParams(a.next, nowIso), id: a.serviceId });
          break;
        case 'create-item':
          upsertItem.run(itemParams(a.item, nowIso));
          break;
        case 'update-item':
          updateItem.run({ ...itemParams(a.next, nowIso), id: a.itemId });
          break;
        case 'flag-item':
          flagItem.run(a.reason, nowIso, nowIso, a.itemId);
          break;
        case 'skip':
          if (a.log) rememberSkip.run(a.stateKey, a.stateValue, nowIso);
          break;
        case 'update-customer':
          updateCustomer.run({ ...a.next, isActive: b(a.next.isActive), now: nowIso, id: a.customerId });
          break;
        case 'upsert-unit-row':
          upsertUnitRow.run({ ...a.row, now: nowIso });
          break;
        case 'remove-unit-row':
          removeUnitRow.run(nowIso, nowIso, a.autotaskId);
          break;
        case 'set-posting':
          upsertPosting.run({ ...a.posting, now: nowIso });
          break;
        case 'clear-posting':
          deletePosting.run(a.autotaskId);
          break;
        case 'error':
        case 'note':
        case 'warning':
          break;
      }
      if (a.log) recorder.log(a.log, perRowMs);
    }
    for (const key of plan.clearSkipKeys) forgetSkip.run(key);
  };

  const logOnly = (plan: PagePlan, perRowMs: number) => {
    for (const a of plan.actions) if (a.log) recorder.log(a.log, perRowMs);
  };

  return {
    apply(plan, pageDurationMs) {
      const counts = planCounts(plan);
      const logged = plan.actions.filter((a) => a.log).length;
      const perRowMs = logged ? pageDurationMs / logged : 0;
      const tx = sqlite.transaction(() => {
        if (recorder.dryRun) logOnly(plan, perRowMs);
        else write(plan, perRowMs);
        recorder.add(counts);
      });
      tx.immediate();
      return counts;
    },
  };
}
