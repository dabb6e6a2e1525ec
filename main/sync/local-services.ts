// The local engineering services, read once per run (SQL: main/db/queries/services.ts).
import type Database from 'better-sqlite3';
import { centsToDecimal } from '../../shared/money';
import type { ServiceValues } from './plan';
import { selectServicesWithCustomer } from '../db/queries/services';

export interface LocalService extends ServiceValues {
  id: number;
  customerName: string;
}

export function loadLocalServices(sqlite: Database.Database): LocalService[] {
  const rows = selectServicesWithCustomer(sqlite);
  return rows.map((r) => ({
    id: r.id,
    customerName: r.customer_name,
    customerAutotaskId: r.autotask_company_id,
    autotaskContractId: r.autotask_contract_id,
    autotaskContractServiceId: r.autotask_contract_service_id,
    autotaskServiceId: r.autotask_service_id,
    contractName: r.contract_name,
    serviceName: r.service_name,
    unitPrice: centsToDecimal(r.unit_price_cents),
    invoiceDescription: r.invoice_description,
    serviceNum: r.service_num,
    startDate: r.start_date,
    endDate: r.end_date,
    ended: r.ended === 1,
    endedReason: r.ended_reason,
  }));
}

/** Services grouped by Autotask contract id, each group ascending by ContractService id. */
export function groupByContract<T extends { autotaskContractId: number }>(services: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const s of services) {
    const list = map.get(s.autotaskContractId);
    if (list) list.push(s);
    else map.set(s.autotaskContractId, [s]);
  }
  return map;
}

/** The values compared and synced for a service (everything but the local ids). */
export const SERVICE_KEYS: readonly (keyof ServiceValues)[] = [
  'customerAutotaskId',
  'autotaskContractId',
  'autotaskServiceId',
  'contractName',
  'serviceName',
  'unitPrice',
  'invoiceDescription',
  'serviceNum',
  'startDate',
  'endDate',
  'ended',
  'endedReason',
];

export function serviceValuesOf(s: LocalService): ServiceValues {
  const { id: _id, customerName: _name, ...values } = s;
  return values;
}
