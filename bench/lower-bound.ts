// The lower bound of API calls for one full sync (issue 9 point 1): for each entity the sync reads,
// ceil(rows it needs / 500) pages, plus the fixed calls. "Rows needed" is computed from the sandbox's own
// data with the rules the sync applies (SPEC §1), so the bound is what a perfect client would spend:
//   Contracts         name starts with the SKU prefix (trimmed, any case), any status — the sync needs the
//                     inactive ones too, to end their local services
//   ContractServices  lines of the active matching contracts
//   Services          the catalogue entries those lines use
//   Companies         the companies of active matching contracts that have lines (first sync: no customers)
//   TimeEntries       billable, approved, dateWorked (calendar date) inside the window
// Fixed calls: one zone lookup, one ThresholdInformation read, and one field-metadata read per entity
// read (the client validates every filter and IncludeFields name against it, and the contract status
// picklist comes from it).

export const PAGE_SIZE = 500;

export type WireRecord = Record<string, unknown>;

export interface TenantView {
  /** All records of a REST entity, ascending by id (the sandbox's `control.list`). */
  list(entity: string): WireRecord[];
}

export interface SyncRules {
  skuPrefix: string;
  /** Picklist value meaning "active" (1 in the sandbox). */
  activeStatus: number;
  /** Inclusive calendar dates of the time-entry window. */
  from: string;
  to: string;
}

export interface EntityNeed {
  entity: string;
  rows: number;
  pages: number;
}

export interface CallBound {
  entities: EntityNeed[];
  fixed: { zone: number; threshold: number; fieldMetadata: number };
  pages: number;
  total: number;
}

export const pagesFor = (rows: number): number => Math.ceil(rows / PAGE_SIZE);

export function nameMatches(name: unknown, prefix: string): boolean {
  return typeof name === 'string' && name.trim().toLowerCase().startsWith(prefix.trim().toLowerCase());
}

/** The calendar date of an Autotask date-time (UTC midnight for dateWorked). */
export function datePart(v: unknown): string | null {
  return typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : null;
}

export function timeEntryNeeded(e: WireRecord, rules: Pick<SyncRules, 'from' | 'to'>): boolean {
  const d = datePart(e.dateWorked);
  return e.isNonBillable === false && e.billingApprovalDateTime != null && d !== null && d >= rules.from && d <= rules.to;
}

export interface RowsNeeded {
  contracts: number;
  contractServices: number;
  services: number;
  companies: number;
  timeEntries: number;
}

export function rowsNeeded(tenant: TenantView, rules: SyncRules): RowsNeeded {
  const matching = tenant.list('Contracts').filter((c) => nameMatches(c.contractName, rules.skuPrefix));
  const active = new Map(matching.filter((c) => c.status === rules.activeStatus).map((c) => [c.id as number, c]));
  const lines = tenant.list('ContractServices').filter((l) => active.has(l.contractID as number));
  const serviceIds = new Set(lines.map((l) => l.serviceID as number));
  const withLines = new Set(lines.map((l) => l.contractID as number));
  const companyIds = new Set([...withLines].map((id) => active.get(id)!.companyID as number));
  const timeEntries = tenant.list('TimeEntries').filter((e) => timeEntryNeeded(e, rules)).length;
  return { contracts: matching.length, contractServices: lines.length, services: serviceIds.size, companies: companyIds.size, timeEntries };
}

export function fullSyncBound(need: RowsNeeded): CallBound {
  const entities: EntityNeed[] = [
    { entity: 'Contracts', rows: need.contracts },
    { entity: 'ContractServices', rows: need.contractServices },
    { entity: 'Services', rows: need.services },
    { entity: 'Companies', rows: need.companies },
    { entity: 'TimeEntries', rows: need.timeEntries },
  ].map((e) => ({ ...e, pages: pagesFor(e.rows) }));
  const read = entities.filter((e) => e.rows > 0).length;
  const fixed = { zone: 1, threshold: 1, fieldMetadata: read };
  const pages = entities.reduce((n, e) => n + e.pages, 0);
  return { entities, fixed, pages, total: pages + fixed.zone + fixed.threshold + fixed.fieldMetadata };
}

/** Wall-time lower bound: every call pays the latency, `inFlight` of them at a time. */
export function wallBoundMs(calls: number, latencyMs: number, inFlight: number): number {
  return (calls * latencyMs) / Math.max(1, inFlight);
}
