// engineering_services as the sync engine reads them: every line with its customer (a book has thousands of
// lines, not millions, so once per run).
import type Database from 'better-sqlite3';
import type { CustomerRecord, ServiceRecord, SqlRow } from '../rows';

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
