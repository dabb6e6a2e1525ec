// The lower bound of API calls for one full sync (issue 9 point 1): for each entity the sync reads,
// ceil(rows it needs / 500) pages, plus the fixed calls. "Rows needed" is computed from the sandbox's own
// data with the rules the sync applies (SPEC §1), so the bound is what a perfect client would spend:
//   Contracts         name starts with the SKU prefix (trimmed, any case), any status — the sync needs the
//                     inactive ones too, to end their local services
//   ContractServices  lines of the active matching contracts
//   Services          the catalogue entries those lines use
//   Companies         the companies of active matching contracts that have lines (first sync: no customers)
//   TimeEntries       billable, approved, dateWorked (calendar date) inside the window, on a SYNCED contract
//                     (active, matching, with lines: issue #15 reads only those), per batch of ≤ 500 synced
//                     contract ids (`contractID in`): ceil(rows of the batch / 500) pages each
//   ContractServiceUnits  rows of those lines whose period overlaps the unit window (13 months back … 2 ahead),
//                     per batch of ≤ 500 line ids (`contractServiceID in`): at least one call per batch
//   BillingItems      labour postings (billingItemType 1 Labor / 2 Labor Adjustment) that name a time entry,
//                     itemDate inside the window with the read's day of margin: one query, keyset-paged
// Count queries (issue #15): one per batch + `contractID exist` + `contractID notExist` (what is left out is
// counted, not read).
// Fixed calls: one zone lookup, one ThresholdInformation read, and the field lists whose picklists the
// sync needs: Contracts (the "active" status) and BillingItems (the labour types). The client checks
// filter and IncludeFields names against a field list it has, but does not fetch one only for that.

import { addDays } from '../shared/dates';
import { unitRowWindow } from '../main/sync/unit-rows';

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
  fixed: { zone: number; threshold: number; fieldMetadata: number; counts: number };
  pages: number;
  total: number;
}

export const pagesFor = (rows: number): number => Math.ceil(rows / PAGE_SIZE);

/** The entities whose field list a sync reads for a picklist (main/sync: resolveActiveStatus, resolveLabourTypes). */
export const PICKLIST_ENTITIES: ReadonlySet<string> = new Set(['Contracts', 'BillingItems']);

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
  /** In-scope time entries (on synced contracts). */
  timeEntries: number;
  /** In-scope time entries per batch of ≤ 500 synced contract ids (ascending ids); absent = one batch. */
  timeEntryBatches?: number[];
  /** Entries the sync leaves out (counted, not read), for the notes. */
  timeEntriesLeftOut?: number;
  /** ContractServiceUnits rows in the unit window per batch of ≤ 500 lines (ascending line ids); absent = not read. */
  unitRowBatches?: number[];
  /** Labour BillingItems in the window; absent = not read. */
  labourPostings?: number;
}

export const CONTRACT_BATCH = 500;

export function rowsNeeded(tenant: TenantView, rules: SyncRules & { today?: string }): RowsNeeded {
  const matching = tenant.list('Contracts').filter((c) => nameMatches(c.contractName, rules.skuPrefix));
  const active = new Map(matching.filter((c) => c.status === rules.activeStatus).map((c) => [c.id as number, c]));
  const lines = tenant.list('ContractServices').filter((l) => active.has(l.contractID as number));
  const serviceIds = new Set(lines.map((l) => l.serviceID as number));
  const withLines = new Set(lines.map((l) => l.contractID as number));
  const companyIds = new Set([...withLines].map((id) => active.get(id)!.companyID as number));
  const synced = [...withLines].sort((a, b) => a - b);
  const batchOf = new Map(synced.map((id, i) => [id, Math.floor(i / CONTRACT_BATCH)]));
  const timeEntryBatches = Array.from({ length: Math.ceil(synced.length / CONTRACT_BATCH) }, () => 0);
  let leftOut = 0;
  for (const e of tenant.list('TimeEntries')) {
    if (!timeEntryNeeded(e, rules)) continue;
    const b = batchOf.get(e.contractID as number);
    if (b === undefined) leftOut += 1;
    else timeEntryBatches[b]! += 1;
  }
  const timeEntries = timeEntryBatches.reduce((a, b) => a + b, 0);
  const billing: Pick<RowsNeeded, 'unitRowBatches' | 'labourPostings'> = {};
  if (rules.today) {
    const units = unitRowWindow(rules.today);
    const lineIds = lines.map((l) => l.id as number).sort((a, b) => a - b);
    const lineBatch = new Map(lineIds.map((id, i) => [id, Math.floor(i / CONTRACT_BATCH)]));
    const unitRowBatches = Array.from({ length: Math.ceil(lineIds.length / CONTRACT_BATCH) }, () => 0);
    for (const u of tenant.list('ContractServiceUnits')) {
      const b = lineBatch.get(u.contractServiceID as number);
      const start = datePart(u.startDate);
      const end = datePart(u.endDate);
      if (b !== undefined && start !== null && end !== null && start <= units.to && end >= units.from) unitRowBatches[b]! += 1;
    }
    const lo = addDays(rules.from, -1);
    const hi = addDays(rules.to, 2);
    const labourPostings = tenant.list('BillingItems').filter((b) => {
      const d = datePart(b.itemDate);
      return (b.billingItemType === 1 || b.billingItemType === 2) && b.timeEntryID != null && d !== null && d >= lo && d < hi;
    }).length;
    Object.assign(billing, { unitRowBatches, labourPostings });
  }
  return {
    ...billing,
    contracts: matching.length,
    contractServices: lines.length,
    services: serviceIds.size,
    companies: companyIds.size,
    timeEntries,
    timeEntryBatches,
    timeEntriesLeftOut: leftOut,
  };
}

export function fullSyncBound(need: RowsNeeded): CallBound {
  const batches = need.timeEntryBatches ?? [need.timeEntries];
  const entities: EntityNeed[] = [
    { entity: 'Contracts', rows: need.contracts, pages: pagesFor(need.contracts) },
    { entity: 'ContractServices', rows: need.contractServices, pages: pagesFor(need.contractServices) },
    { entity: 'Services', rows: need.services, pages: pagesFor(need.services) },
    { entity: 'Companies', rows: need.companies, pages: pagesFor(need.companies) },
    { entity: 'TimeEntries', rows: need.timeEntries, pages: batches.reduce((n, rows) => n + pagesFor(rows), 0) },
  ];
  if (need.unitRowBatches) {
    const rows = need.unitRowBatches.reduce((a, b) => a + b, 0);
    entities.push({ entity: 'ContractServiceUnits', rows, pages: need.unitRowBatches.reduce((n, r) => n + Math.max(1, pagesFor(r)), 0) });
  }
  if (need.labourPostings !== undefined) entities.push({ entity: 'BillingItems', rows: need.labourPostings, pages: Math.max(1, pagesFor(need.labourPostings)) });
  const picklists = entities.filter((e) => PICKLIST_ENTITIES.has(e.entity)).length;
  const counts = need.timeEntryBatches ? batches.length + 2 : 0;
  const fixed = { zone: 1, threshold: 1, fieldMetadata: picklists, counts };
  const pages = entities.reduce((n, e) => n + e.pages, 0);
  return { entities, fixed, pages, total: pages + fixed.zone + fixed.threshold + fixed.fieldMetadata + fixed.counts };
}

/** Wall-time lower bound: every call pays the latency, `inFlight` of them at a time. */
export function wallBoundMs(calls: number, latencyMs: number, inFlight: number): number {
  return (calls * latencyMs) / Math.max(1, inFlight);
}
