// engineering_services as the sync engine reads them: every line with its customer (a book has thousands of
// lines, not millions, so once per run).
import type Database from 'better-sqlite3';
import type { CustomerRecord, ServiceRecord, SqlRow } from '../rows';

/** An engineering service as mapped from a ContractService line (docs/product-rules.md#synced-records): the record's columns, the customer by its Autotask id and the price as decimal text ("54.95"). */
export type ServiceValues = Pick<
  ServiceRecord,
  | 'autotaskContractId'
  | 'autotaskContractServiceId'
  | 'autotaskServiceId'
  | 'contractName'
  | 'serviceName'
  | 'invoiceDescription'
  | 'serviceNum'
  | 'startDate'
  | 'endDate'
  | 'ended'
  | 'endedReason'
> & { customerAutotaskId: number; unitPrice: string };

/** A service line joined with its customer's Autotask id and name, as SQLite returns it. */
export type ServiceWithCustomerRow = SqlRow<
  Pick<
    ServiceRecord,
    | 'id'
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
    | 'ended'
    | 'endedReason'
  > &
    Pick<CustomerRecord, 'autotaskCompanyId'>
> & { customer_name: CustomerRecord['name'] };

/** Every service line with its customer, ascending by Autotask ContractService id. */
export function selectServicesWithCustomer(sqlite: Database.Database): ServiceWithCustomerRow[] {
  return sqlite
    .prepare(
      `SELECT s.id, c.autotask_company_id, c.name AS customer_name, s.autotask_contract_id, s.autotask_contract_service_id,
              s.autotask_service_id, s.contract_name, s.service_name, s.unit_price_cents, s.invoice_description, s.service_num,
              s.start_date, s.end_date, s.ended, s.ended_reason
         FROM engineering_services s JOIN customers c ON c.id = s.customer_id
        ORDER BY s.autotask_contract_service_id`,
    )
    .all() as ServiceWithCustomerRow[];
}

/**
 * Lines stored per Autotask contract: what the last contract read returned for it (ended lines included:
 * a hint for packing the next read's batches, not a count anyone is shown).
 */
export function countLinesByContract(sqlite: Database.Database): Map<number, number> {
  const rows = sqlite.prepare('SELECT autotask_contract_id AS id, COUNT(*) AS n FROM engineering_services GROUP BY autotask_contract_id').all() as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}
