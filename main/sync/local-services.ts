// The local engineering services, read once per run (a book has thousands of lines, not millions).
import type Database from 'better-sqlite3';
import { centsToDecimal } from '../../shared/money';
import type { ServiceValues } from './plan';

export interface LocalService extends ServiceValues {
  id: number;
  customerName: string;
}

interface Raw {
  id: number;
  autotask_company_id: number;
  customer_name: string;
  autotask_contract_id: number;
  autotask_contract_service_id: number;
  autotask_service_id: number | null;
  contract_name: string;
  service_name: string;
  unit_price_cents: number;
  invoice_description: string | null;
  service_num: string | null;
  start_date: string | null;
  end_date: string | null;
  ended: number;
  ended_reason: string | null;
}

export function loadLocalServices(sqlite: Database.Database): LocalService[] {
  const rows = sqlite
    .prepare(
      `SELECT s.id, c.autotask_company_id, c.name AS customer_name, s.autotask_contract_id, s.autotask_contract_service_id,
              s.autotask_service_id, s.contract_name, s.service_name, s.unit_price_cents, s.invoice_description, s.service_num,
              s.start_date, s.end_date, s.ended, s.ended_reason
         FROM engineering_services s JOIN customers c ON c.id = s.customer_id
        ORDER BY s.autotask_contract_service_id`,
    )
    .all() as Raw[];
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
