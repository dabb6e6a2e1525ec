/** Sizes of the generated tenants and the shared generator context. */
import type { EntityName } from '../entity-schema';
import type { Row } from '../entity-table';
import type { Prng } from '../prng';

export interface TenantSpec {
  companies: number; // customers, not counting company 0 (the MSP itself)
  contracts: number;
  pracbillShare: number; // fraction of contracts named with the PRACBILL prefix
  services: number;
  contractServices: number;
  timeEntries: number;
  days: number; // time entries are dated within this many days before the anchor date
  resources: number;
  unitMonths: number; // ContractServiceUnits periods per service line
  postedShare: number; // fraction of approved billable entries with a BillingItems row ("posted")
  scenario: boolean; // add the user guide's scenario records (New Company Inc …)
}

export const DEMO_SPEC: TenantSpec = {
  companies: 40,
  contracts: 60,
  pracbillShare: 35 / 60,
  services: 20,
  contractServices: 150,
  timeEntries: 3000,
  days: 120,
  resources: 8,
  unitMonths: 4,
  postedShare: 0.4,
  scenario: true,
};

export const LARGE_SPEC: TenantSpec = {
  companies: 2000,
  contracts: 3000,
  pracbillShare: 35 / 60,
  services: 60,
  contractServices: 12000,
  timeEntries: 200000,
  days: 90,
  resources: 40,
  unitMonths: 3,
  postedShare: 0.25,
  scenario: false,
};

export interface GenContext {
  prng: Prng;
  /** Midnight UTC of the anchor date; every generated timestamp is strictly before it. */
  anchorMs: number;
  spec: TenantSpec;
}

export type TenantRows = Record<EntityName, Row[]>;

/** Resource (technician) ids referenced by generated rows. */
export function resourceIds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 29682885 + i);
}

export const MSP_OWNER_RESOURCE = 29682885;

/** Roles with their hourly rates (BillingItems.rate). */
export const ROLES: Array<[roleID: number, rate: number]> = [
  [29683461, 150],
  [29683462, 165],
  [29683463, 120],
];
export const WORK_TYPES = [29682801, 29682802, 29682803, 29682804];
