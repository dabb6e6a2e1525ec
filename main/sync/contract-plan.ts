// The contract sync's plan, as a pure function (issue #13): the Autotask snapshot and the local rows go in as
// plain data, the plan comes out. No client, no SQLite, no clock — `contract-sync.ts` fetches and applies.
import { isolate } from '../../shared/display-text';
import type { AutotaskCompany, AutotaskContract, AutotaskContractService, Parsed } from './autotask-payloads';
import { planCustomers, type CustomerPlan, type LocalCustomerRow } from './customer-import';
import { SERVICE_KEYS, groupByContract, serviceValuesOf, type LocalService } from './local-services';
import { numberToDecimal } from './money';
import { diff, emptyPlan, errorAction, type Changes, type PagePlan, type PlanAction, type ServiceValues } from './plan';

export const SERVICE_NUM_MAX = 100;
const EXPIRED_PREFIX = 'the contract end date';
export const skipKey = (contractId: number) => `skip:contract:${contractId}`;

export interface ActiveStatus {
  value: number;
  labels: Map<number, string>;
}

/** What Autotask returned, parsed (unreadable records are in `readErrors`). */
export interface ContractSnapshot {
  /** Every contract returned, ascending by id. */
  contracts: AutotaskContract[];
  /** Ids of every contract returned, readable or not (an unreadable one keeps its services as they are). */
  returnedIds: Set<number>;
  activeStatus: ActiveStatus;
  linesByContract: Map<number, AutotaskContractService[]>;
  /** Ids of ContractService records that could not be parsed (their local lines are left alone). */
  unreadableLines: Set<number>;
  /** false when some unreadable line had no id: then no line is ended as removed. */
  lineIdsComplete: boolean;
  /** Service name (trimmed) per Autotask Service id. */
  serviceNames: Map<number, string>;
  /** The Companies records of the contracts that have lines, parsed, in read order. */
  companies: Parsed<AutotaskCompany>[];
  /** Errors and clip warnings of the reads, in read order. */
  readErrors: PlanAction[];
}

export interface ContractLocal {
  services: LocalService[];
  /** The local customers of the companies read. */
  customers: LocalCustomerRow[];
  /** Remembered skip reasons, `skip:contract:<id>` → reason. */
  skipState: Map<string, string>;
}

export interface ContractPlanSettings {
  skuPrefix: string;
  endExpired: boolean;
}

export interface ContractPlan extends PagePlan {
  /** The lines whose unit rows this run reads: of synced contracts with a customer and a known Service. */
  unitLineIds: number[];
}

interface Planner {
  plan: PagePlan;
  skipState: Map<string, string>;
  customers: CustomerPlan;
}

export function nameMatchesPrefix(name: string, prefix: string): boolean {
  return name.trim().toLowerCase().startsWith(prefix.trim().toLowerCase());
}

/** Whether a contract is synced: active, and its trimmed name starts with the prefix (case-insensitive). */
export function isCandidate(c: AutotaskContract, prefix: string, status: ActiveStatus): boolean {
  return nameMatchesPrefix(c.contractName, prefix) && c.status === status.value;
}

/** The status label from the tenant's picklist, or the number when it has none. */
export function statusLabel(c: AutotaskContract, status: ActiveStatus): string {
  return status.labels.get(c.status) ?? String(c.status);
}

/** Why the contract sync leaves this contract out (wrong prefix, not active), or null when it is synced. */
export function exclusionReason(c: AutotaskContract, prefix: string, status: ActiveStatus): string | null {
  if (!nameMatchesPrefix(c.contractName, prefix)) return `name does not match SKU prefix ${prefix.trim()}`;
  if (!isCandidate(c, prefix, status)) return `the contract is not active in Autotask (status ${statusLabel(c, status)})`;
  return null;
}

/** The companies whose customers the run needs: of candidate contracts that have lines. */
export function neededCompanyIds(s: Pick<ContractSnapshot, 'linesByContract'>, candidates: readonly AutotaskContract[]): number[] {
  return candidates.filter((c) => (s.linesByContract.get(c.id)?.length ?? 0) > 0).map((c) => c.companyID);
}

/** The plan for one contract run (customers, services, skips, ends, read errors), unit rows excepted. */
export function planContracts(snapshot: ContractSnapshot, local: ContractLocal, settings: ContractPlanSettings, today: string): ContractPlan {
  const candidates = snapshot.contracts.filter((c) => isCandidate(c, settings.skuPrefix.trim(), snapshot.activeStatus));
  const customers = planCustomers(neededCompanyIds(snapshot, candidates), local.customers, snapshot.companies);
  const p: Planner = { plan: emptyPlan(), skipState: local.skipState, customers };
  p.plan.actions.push(...customers.actions);
  const localByContract = groupByContract(local.services);
  for (const c of snapshot.contracts) planContract(p, snapshot, localByContract.get(c.id) ?? [], c, settings, today);
  endUnreturned(p, snapshot.returnedIds, localByContract);
  p.plan.actions.push(...snapshot.readErrors);
  return { ...p.plan, unitLineIds: unitLineIds(snapshot, customers, candidates) };
}

function unitLineIds(s: ContractSnapshot, customers: CustomerPlan, candidates: AutotaskContract[]): number[] {
  return candidates
    .filter((c) => customers.names.has(c.companyID) && !customers.unavailable.has(c.companyID))
    .flatMap((c) => (s.linesByContract.get(c.id) ?? []).filter((l) => s.serviceNames.has(l.serviceID)).map((l) => l.id));
}

/** Forgets remembered skips of contracts Autotask no longer returns (deleted or renamed away). */
export function forgottenSkipKeys(skipState: Map<string, string>, returnedIds: Set<number>): string[] {
  return [...skipState.keys()].filter((key) => !returnedIds.has(Number(key.slice('skip:contract:'.length))));
}

function planContract(p: Planner, s: ContractSnapshot, localLines: LocalService[], c: AutotaskContract, settings: ContractPlanSettings, today: string): void {
  const prefix = settings.skuPrefix.trim();
  const contractName = c.contractName.trim();
  const activeLocal = localLines.filter((l) => !l.ended);
  if (!nameMatchesPrefix(c.contractName, prefix)) {
    for (const l of activeLocal) end(p, l, `the contract name no longer starts with the SKU prefix ${prefix}`, { contractName });
    skip(p, c, exclusionReason(c, prefix, s.activeStatus)!);
    return;
  }
  if (!isCandidate(c, prefix, s.activeStatus)) {
    const patch = { contractName, startDate: c.startDate, endDate: c.endDate };
    for (const l of activeLocal) end(p, l, `the contract is no longer active in Autotask (status ${statusLabel(c, s.activeStatus)})`, patch);
    skip(p, c, exclusionReason(c, prefix, s.activeStatus)!);
    return;
  }
  planContractLines(p, s, { c, contractName, localLines, endExpired: settings.endExpired, today });
}

function endUnreturned(p: Planner, returnedIds: Set<number>, localByContract: Map<number, LocalService[]>): void {
  for (const [contractId, lines] of localByContract) {
    if (returnedIds.has(contractId)) continue;
    for (const l of lines) if (!l.ended) end(p, l, 'the contract was not returned by Autotask (deleted, or renamed without the SKU prefix)');
  }
}

function skip(p: Planner, c: AutotaskContract, reason: string): void {
  const key = skipKey(c.id);
  const logged = p.skipState.get(key) === reason;
  const message = `Contract "${isolate(c.contractName.trim())}" (${c.id}) skipped: ${reason}`;
  const details = { autotaskContractId: c.id, contractName: c.contractName, reason };
  p.plan.actions.push({
    kind: 'skip',
    syncType: 'contract',
    autotaskId: c.id,
    reason,
    stateKey: key,
    stateValue: reason,
    log: logged ? null : { syncType: 'contract', operation: 'skip', status: 'skip', message, details },
  });
}

function describeService(s: { serviceName: string; contractName: string }): string {
  return `Service "${isolate(s.serviceName)}" on contract "${isolate(s.contractName)}"`;
}

function end(p: Planner, s: LocalService, reason: string, patch: Partial<ServiceValues> = {}): void {
  const before = serviceValuesOf(s);
  const next: ServiceValues = { ...before, ...patch, ended: true, endedReason: reason };
  const changes = diff(before, next, SERVICE_KEYS);
  const ids = { autotaskContractId: s.autotaskContractId, autotaskContractServiceId: s.autotaskContractServiceId };
  p.plan.actions.push({
    kind: 'end-service',
    autotaskId: s.autotaskContractServiceId,
    serviceId: s.id,
    contractId: s.autotaskContractId,
    reason,
    next,
    changes,
    log: { syncType: 'contract', operation: 'update', status: 'success', message: `${describeService(next)} ended: ${reason}`, details: { ...ids, reason, changed: changes } },
  });
}

interface ContractInput {
  c: AutotaskContract;
  contractName: string;
  localLines: LocalService[];
  endExpired: boolean;
  today: string;
}

interface LineContext extends ContractInput {
  localById: Map<number, LocalService>;
  expired: boolean;
  expiredReason: string;
  customerName: string;
}

/** Creates, updates and ends for the lines of one active contract with the SKU prefix. */
function planContractLines(p: Planner, s: ContractSnapshot, input: ContractInput): void {
  const { c, contractName } = input;
  const lines = s.linesByContract.get(c.id) ?? [];
  const localById = new Map(input.localLines.map((l) => [l.autotaskContractServiceId, l]));
  const expired = c.endDate !== null && c.endDate < input.today;
  const expiredReason = `${EXPIRED_PREFIX} ${c.endDate ?? ''} has passed`;
  if (lines.length === 0 && input.localLines.length === 0) return skip(p, c, 'the contract has no service lines in Autotask');
  const customerProblem = p.customers.unavailable.get(c.companyID);
  const customerName = p.customers.names.get(c.companyID);
  if (customerProblem !== undefined || customerName === undefined) {
    const why = customerProblem ?? `no customer for company ${c.companyID}`;
    p.plan.actions.push(
      errorAction('contract', c.id, `Contract "${isolate(contractName)}" (${c.id}) was not synced: ${why}`, { autotaskContractId: c.id, autotaskCompanyId: c.companyID }),
    );
    return;
  }
  if (expired && input.endExpired && input.localLines.every((l) => l.ended) && lines.every((l) => !localById.has(l.id))) {
    return skip(p, c, `${expiredReason} (End expired contracts is ticked)`);
  }
  if (p.skipState.has(skipKey(c.id))) p.plan.clearSkipKeys.push(skipKey(c.id));
  const lc: LineContext = { ...input, localById, expired, expiredReason, customerName };
  for (const line of [...lines].sort((a, b) => a.id - b.id)) planLine(p, s.serviceNames, lc, line);
  endRemovedLines(p, s, lc, new Set(lines.map((l) => l.id)));
}

/** Lines removed from the contract (only when every line of this read was identifiable). */
function endRemovedLines(p: Planner, s: ContractSnapshot, lc: LineContext, returned: Set<number>): void {
  if (!s.lineIdsComplete) return;
  const patch = { contractName: lc.contractName, startDate: lc.c.startDate, endDate: lc.c.endDate };
  for (const l of lc.localLines) {
    if (l.ended || returned.has(l.autotaskContractServiceId) || s.unreadableLines.has(l.autotaskContractServiceId)) continue;
    end(p, l, 'the service line was removed from the contract in Autotask', patch);
  }
}

function planLine(p: Planner, serviceNames: Map<number, string>, lc: LineContext, line: AutotaskContractService): void {
  const serviceName = serviceNames.get(line.serviceID);
  if (serviceName === undefined) {
    const message = `ContractService ${line.id} on contract "${isolate(lc.contractName)}" was not synced: service ${line.serviceID} was not found in Autotask`;
    p.plan.actions.push(errorAction('contract', line.id, message, { autotaskContractId: lc.c.id, autotaskContractServiceId: line.id, autotaskServiceId: line.serviceID }));
    return;
  }
  const existing = lc.localById.get(line.id);
  const next = lineValues(lc, line, serviceName, existing);
  const internal = line.internalDescription;
  const truncated = internal !== null && internal.length > SERVICE_NUM_MAX ? { serviceNumTruncatedFrom: internal.length } : {};
  if (!existing) {
    if (!next.ended) p.plan.actions.push(createAction(lc, next, truncated)); // an expired line is not created when expired contracts are being ended
    return;
  }
  const before = serviceValuesOf(existing);
  const changes = diff(before, next, SERVICE_KEYS);
  if (Object.keys(changes).length === 0) p.plan.unchanged += 1;
  else if (next.ended && !before.ended) end(p, existing, lc.expiredReason, next);
  else p.plan.actions.push(updateAction(existing, next, changes, { autotaskContractId: lc.c.id, autotaskContractServiceId: line.id, changed: changes, ...truncated }));
}

function endedState(lc: LineContext, existing: LocalService | undefined): { ended: boolean; endedReason: string | null } {
  if (lc.expired && lc.endExpired) return { ended: true, endedReason: lc.expiredReason };
  // Ended earlier as expired and still expired: do not revive it just because the box is unticked.
  if (lc.expired && existing?.ended && existing.endedReason?.startsWith(EXPIRED_PREFIX)) return { ended: true, endedReason: existing.endedReason };
  return { ended: false, endedReason: null };
}

function lineValues(lc: LineContext, line: AutotaskContractService, serviceName: string, existing: LocalService | undefined): ServiceValues {
  const internal = line.internalDescription;
  return {
    customerAutotaskId: lc.c.companyID,
    autotaskContractId: lc.c.id,
    autotaskContractServiceId: line.id,
    autotaskServiceId: line.serviceID,
    contractName: lc.contractName,
    serviceName,
    unitPrice: numberToDecimal(line.unitPrice),
    invoiceDescription: line.invoiceDescription,
    serviceNum: internal === null ? null : internal.slice(0, SERVICE_NUM_MAX),
    startDate: lc.c.startDate,
    endDate: lc.c.endDate,
    ...endedState(lc, existing),
  };
}

function createAction(lc: LineContext, next: ServiceValues, truncated: object): PlanAction {
  return {
    kind: 'create-service',
    autotaskId: next.autotaskContractServiceId,
    service: next,
    log: {
      syncType: 'contract',
      operation: 'create',
      status: 'success',
      message: `Service "${isolate(next.serviceName)}" created for contract "${isolate(lc.contractName)}" (${isolate(lc.customerName)})`,
      details: { ...next, customer: lc.customerName, ...truncated },
    },
  };
}

function updateAction(existing: LocalService, next: ServiceValues, changes: Changes, details: object): PlanAction {
  const revived = existing.ended && !next.ended;
  const message = `${describeService(next)} updated${revived ? ' and active again' : ''}: ${Object.keys(changes).join(', ')}`;
  return {
    kind: 'update-service',
    autotaskId: next.autotaskContractServiceId,
    serviceId: existing.id,
    next,
    changes,
    log: { syncType: 'contract', operation: 'update', status: 'success', message, details },
  };
}
