// The sync engine's writes (main/sync/apply-plan.ts runs them inside its page transaction): customers,
// engineering services and items, ContractServiceUnits rows, labour postings and the skip memory. Every
// statement is prepared once per applier. Parameter types come from the drizzle records (main/db/rows.ts):
// money in cents, booleans as 0/1, `now` the page's ISO instant.
import type Database from 'better-sqlite3';
import type { CustomerRecord, ItemRecord, LabourPostingRecord, ServiceRecord, UnitRowRecord } from '../rows';
import { prepareSkipWrites } from './sync-state';

type Flag = 0 | 1;
type Now = { now: string };

export type CustomerWrite = Pick<CustomerRecord, 'name' | 'companyNumber' | 'phone' | 'address1' | 'city' | 'postalCode'> & { isActive: Flag } & Now;
export type NewCustomerWrite = CustomerWrite & Pick<CustomerRecord, 'autotaskCompanyId'>;
export type ServiceWrite = Pick<
  ServiceRecord,
  | 'autotaskContractId'
  | 'autotaskContractServiceId'
  | 'autotaskServiceId'
  | 'contractName'
  | 'serviceName'
  | 'unitPriceCents'
  | 'invoiceDescription'
  | 'serviceNum'
  | 'startDate'
  | 'endDate'
  | 'endedReason'
> & { customerAutotaskId: number; ended: Flag } & Now;
export type ItemWrite = Pick<
  ItemRecord,
  'serviceId' | 'autotaskTimeEntryId' | 'autotaskContractId' | 'dateWorked' | 'hours' | 'rateCents' | 'amountCents' | 'summary' | 'autotaskLastModified' | 'flagReason'
> & { flagged: Flag } & Now;
export type UnitRowWrite = Pick<
  UnitRowRecord,
  'id' | 'autotaskContractId' | 'autotaskContractServiceId' | 'autotaskServiceId' | 'units' | 'startDate' | 'endDate' | 'priceCents' | 'approveAndPostDate'
> &
  Now;
export type PostingWrite = Pick<LabourPostingRecord, 'id' | 'autotaskTimeEntryId' | 'billingItemType' | 'postedDate' | 'autotaskInvoiceId'> & Now;

export interface SyncWrites {
  insertCustomer(c: NewCustomerWrite): void;
  updateCustomer(c: CustomerWrite & { id: number }): void;
  upsertService(s: ServiceWrite): void;
  updateService(s: ServiceWrite & { id: number }): void;
  upsertItem(i: ItemWrite): void;
  updateItem(i: ItemWrite & { id: number }): void;
  flagItem(itemId: number, reason: string, now: string): void;
  upsertUnitRow(r: UnitRowWrite): void;
  removeUnitRow(id: number, now: string): void;
  upsertPosting(p: PostingWrite): void;
  deletePosting(id: number): void;
  rememberSkip(key: string, value: string, now: string): void;
  forgetSkip(key: string): void;
}

const SERVICE_COLUMNS = `customer_id = (SELECT id FROM customers WHERE autotask_company_id = @customerAutotaskId),
       autotask_contract_id = @autotaskContractId, autotask_service_id = @autotaskServiceId,
       contract_name = @contractName, service_name = @serviceName, unit_price_cents = @unitPriceCents,
       invoice_description = @invoiceDescription, service_num = @serviceNum, start_date = @startDate, end_date = @endDate,
       ended = @ended, ended_at = CASE WHEN @ended = 1 THEN COALESCE(ended_at, @now) ELSE NULL END,
       ended_reason = @endedReason, updated_at = @now`;

const ITEM_COLUMNS = `service_id = @serviceId, autotask_contract_id = @autotaskContractId, date_worked = @dateWorked,
       hours = @hours, rate_cents = @rateCents, amount_cents = @amountCents, summary = @summary,
       autotask_last_modified = @autotaskLastModified, flagged = @flagged, flag_reason = @flagReason,
       flagged_at = CASE WHEN @flagged = 1 THEN @now ELSE NULL END, updated_at = @now`;

function customerWrites(sqlite: Database.Database): Pick<SyncWrites, 'insertCustomer' | 'updateCustomer'> {
  const insert = sqlite.prepare(
    `INSERT INTO customers (autotask_company_id, name, company_number, phone, address1, city, postal_code, is_active, created_at, updated_at)
     VALUES (@autotaskCompanyId, @name, @companyNumber, @phone, @address1, @city, @postalCode, @isActive, @now, @now)
     ON CONFLICT (autotask_company_id) DO NOTHING`,
  );
  const update = sqlite.prepare(
    `UPDATE customers SET name = @name, company_number = @companyNumber, phone = @phone, address1 = @address1, city = @city,
       postal_code = @postalCode, is_active = @isActive, updated_at = @now WHERE id = @id`,
  );
  return { insertCustomer: (c) => void insert.run(c), updateCustomer: (c) => void update.run(c) };
}

function serviceWrites(sqlite: Database.Database): Pick<SyncWrites, 'upsertService' | 'updateService'> {
  const upsert = sqlite.prepare(
    `INSERT INTO engineering_services (customer_id, autotask_contract_id, autotask_contract_service_id, autotask_service_id,
       contract_name, service_name, unit_price_cents, invoice_description, service_num, start_date, end_date, ended, ended_at,
       ended_reason, created_at, updated_at)
     VALUES ((SELECT id FROM customers WHERE autotask_company_id = @customerAutotaskId), @autotaskContractId,
       @autotaskContractServiceId, @autotaskServiceId, @contractName, @serviceName, @unitPriceCents, @invoiceDescription,
       @serviceNum, @startDate, @endDate, @ended, CASE WHEN @ended = 1 THEN @now ELSE NULL END, @endedReason, @now, @now)
     ON CONFLICT (autotask_contract_service_id) DO UPDATE SET ${SERVICE_COLUMNS}`,
  );
  const update = sqlite.prepare(`UPDATE engineering_services SET ${SERVICE_COLUMNS} WHERE id = @id`);
  return { upsertService: (s) => void upsert.run(s), updateService: (s) => void update.run(s) };
}

function itemWrites(sqlite: Database.Database): Pick<SyncWrites, 'upsertItem' | 'updateItem' | 'flagItem'> {
  // Positional parameters: this runs once per imported entry, and binding by name costs a property lookup
  // per parameter (issue #15 point 4). The conflict branch sets what ITEM_COLUMNS sets, from `excluded`.
  const upsert = sqlite.prepare(
    `INSERT INTO engineering_items (service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents,
       amount_cents, summary, autotask_last_modified, flagged, flag_reason, flagged_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (autotask_time_entry_id) DO UPDATE SET service_id = excluded.service_id,
       autotask_contract_id = excluded.autotask_contract_id, date_worked = excluded.date_worked, hours = excluded.hours,
       rate_cents = excluded.rate_cents, amount_cents = excluded.amount_cents, summary = excluded.summary,
       autotask_last_modified = excluded.autotask_last_modified, flagged = excluded.flagged, flag_reason = excluded.flag_reason,
       flagged_at = excluded.flagged_at, updated_at = excluded.updated_at`,
  );
  const update = sqlite.prepare(`UPDATE engineering_items SET ${ITEM_COLUMNS} WHERE id = @id`);
  const flag = sqlite.prepare('UPDATE engineering_items SET flagged = 1, flag_reason = ?, flagged_at = ?, updated_at = ? WHERE id = ?');
  return {
    upsertItem: (i) =>
      void upsert.run(
        i.serviceId,
        i.autotaskTimeEntryId,
        i.autotaskContractId,
        i.dateWorked,
        i.hours,
        i.rateCents,
        i.amountCents,
        i.summary,
        i.autotaskLastModified,
        i.flagged,
        i.flagReason,
        i.flagged === 1 ? i.now : null,
        i.now,
        i.now,
      ),
    updateItem: (i) => void update.run(i),
    flagItem: (itemId, reason, now) => void flag.run(reason, now, now, itemId),
  };
}

function unitRowWrites(sqlite: Database.Database): Pick<SyncWrites, 'upsertUnitRow' | 'removeUnitRow'> {
  const upsert = sqlite.prepare(
    `INSERT INTO contract_service_units (id, autotask_contract_id, autotask_contract_service_id, autotask_service_id, units,
       start_date, end_date, price_cents, approve_and_post_date, removed_at, created_at, updated_at)
     VALUES (@id, @autotaskContractId, @autotaskContractServiceId, @autotaskServiceId, @units, @startDate, @endDate, @priceCents,
       @approveAndPostDate, NULL, @now, @now)
     ON CONFLICT (id) DO UPDATE SET autotask_contract_id = excluded.autotask_contract_id,
       autotask_contract_service_id = excluded.autotask_contract_service_id, autotask_service_id = excluded.autotask_service_id,
       units = excluded.units, start_date = excluded.start_date, end_date = excluded.end_date, price_cents = excluded.price_cents,
       approve_and_post_date = excluded.approve_and_post_date, removed_at = NULL, updated_at = excluded.updated_at`,
  );
  const remove = sqlite.prepare('UPDATE contract_service_units SET removed_at = COALESCE(removed_at, ?), updated_at = ? WHERE id = ?');
  return { upsertUnitRow: (r) => void upsert.run(r), removeUnitRow: (id, now) => void remove.run(now, now, id) };
}

function postingWrites(sqlite: Database.Database): Pick<SyncWrites, 'upsertPosting' | 'deletePosting'> {
  const upsert = sqlite.prepare(
    `INSERT INTO labour_postings (id, autotask_time_entry_id, billing_item_type, posted_date, autotask_invoice_id, created_at, updated_at)
     VALUES (@id, @autotaskTimeEntryId, @billingItemType, @postedDate, @autotaskInvoiceId, @now, @now)
     ON CONFLICT (id) DO UPDATE SET autotask_time_entry_id = excluded.autotask_time_entry_id, billing_item_type = excluded.billing_item_type,
       posted_date = excluded.posted_date, autotask_invoice_id = excluded.autotask_invoice_id, updated_at = excluded.updated_at`,
  );
  const remove = sqlite.prepare('DELETE FROM labour_postings WHERE id = ?');
  return { upsertPosting: (p) => void upsert.run(p), deletePosting: (id) => void remove.run(id) };
}

/** Every write of the plan applier, prepared once; the caller owns the transaction. */
export function prepareSyncWrites(sqlite: Database.Database): SyncWrites {
  const skips = prepareSkipWrites(sqlite);
  return {
    ...customerWrites(sqlite),
    ...serviceWrites(sqlite),
    ...itemWrites(sqlite),
    ...unitRowWrites(sqlite),
    ...postingWrites(sqlite),
    rememberSkip: skips.remember,
    forgetSkip: skips.forget,
  };
}
