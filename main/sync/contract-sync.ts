// Contract sync (docs/product-rules.md#synced-records): active contracts whose name starts with the SKU prefix, their ContractService
// lines and Services, customers on demand; contracts that stopped qualifying are ended locally with their
// history kept. Contracts are few, so the run is fetch → plan → guard → apply: everything is read first
// (fetchContractSnapshot), planned by the pure `planContracts` (contract-plan.ts), the mass-change guard sees
// every end before anything is written, then the plan is applied in transactions of APPLY_CHUNK actions.
import { enforceMassChange } from './mass-change-guard';
import {
  CONTRACT_FIELDS,
  CONTRACT_SERVICE_FIELDS,
  SERVICE_FIELDS,
  contractSchema,
  contractServiceSchema,
  parseRecord,
  serviceSchema,
  type AutotaskContract,
  type AutotaskContractService,
} from './autotask-payloads';
import { clipWarning } from './field-bounds';
import { loadLocalCustomers, readCompanies } from './customer-import';
import { planUnitRows } from './unit-rows';
import { loadLocalServices } from './local-services';
import { countLinesByContract } from '../db/queries/services';
import { errorAction, summarise, type PagePlan, type PlanAction } from './plan';
import { forgottenSkipKeys, isCandidate, neededCompanyIds, planContracts, type ActiveStatus, type ContractLocal, type ContractSnapshot } from './contract-plan';
import { APPLY_CHUNK, type SyncContext } from './sync-context';
import { chunk } from '../db/queries/in-list';
import { loadContractSkipState, readState, writeState } from '../db/queries/sync-state';
import type { AutotaskClient } from '../autotask';

export { SERVICE_NUM_MAX, nameMatchesPrefix, type ActiveStatus } from './contract-plan';

export interface ContractSyncOptions {
  endExpired: boolean;
}

/** The status value meaning "active"/"In Effect" from the tenant's picklist; 1 when it cannot be read. */
export async function resolveActiveStatus(client: AutotaskClient): Promise<ActiveStatus> {
  const labels = new Map<number, string>();
  let value = 1;
  const fields = await client.fields('Contracts');
  const status = fields.find((f) => f.name.toLowerCase() === 'status');
  for (const v of status?.picklistValues ?? []) {
    const n = Number(v.value);
    if (Number.isInteger(n)) labels.set(n, String(v.label));
  }
  const active = [...labels.entries()].find(([, label]) => /^(in effect|active)$/i.test(label.trim()));
  if (active) value = active[0];
  return { value, labels };
}

export async function syncContracts(ctx: SyncContext, opts: ContractSyncOptions): Promise<string> {
  const startedMs = Date.now();
  const prefix = ctx.settings.skuPrefix.trim();
  const snapshot = await fetchContractSnapshot(ctx, prefix);
  const candidates = snapshot.contracts.filter((c) => isCandidate(c, prefix, snapshot.activeStatus));
  const customers = loadLocalCustomers(ctx.sqlite, neededCompanyIds(snapshot, candidates));
  const local: ContractLocal = { services: loadLocalServices(ctx.sqlite), customers, skipState: new Map() };

  ctx.progress('Planning', 0, snapshot.contracts.length);
  local.skipState = loadContractSkipState(ctx.sqlite);
  const plan = planContracts(snapshot, local, { skuPrefix: prefix, endExpired: opts.endExpired }, ctx.today);
  ctx.progress('Planning', snapshot.contracts.length, snapshot.contracts.length);

  // Unit rows (seat counts) of the lines this run syncs: `contractServiceID in` batches, one date window.
  const units = await planUnitRows(ctx, plan.unitLineIds, snapshot.lineIdsComplete);
  plan.actions.push(...units.actions);
  plan.unchanged += units.unchanged;
  plan.clearSkipKeys.push(...forgottenSkipKeys(local.skipState, snapshot.returnedIds));

  guardContractPlan(ctx, plan, local.services.filter((s) => !s.ended).length);
  applyContractPlan(ctx, plan, Date.now() - startedMs);
  return `${snapshot.contracts.length} contract(s) read, ${candidates.length} active with the SKU prefix ${prefix}; ${units.read} unit row(s) read`;
}

/** The mass-change guard sees every end before anything is written. */
function guardContractPlan(ctx: SyncContext, plan: PagePlan, activeLocalCount: number): void {
  const ends = plan.actions.filter((a) => a.kind === 'end-service').length;
  enforceMassChange({ what: 'end', affected: ends, population: activeLocalCount, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow }, ctx.guard);
  if (ctx.summary) summarise(plan, ctx.summary);
}

/** Applies the plan in transactions of APPLY_CHUNK actions (the planning time is spread over them). */
function applyContractPlan(ctx: SyncContext, plan: PagePlan, planMs: number): void {
  const { actions } = plan;
  const parts = chunk(actions, APPLY_CHUNK);
  if (parts.length === 0) parts.push([]);
  let done = 0;
  parts.forEach((part, i) => {
    const page: PagePlan = {
      actions: part,
      unchanged: i === 0 ? plan.unchanged : 0,
      clearSkipKeys: i === parts.length - 1 ? plan.clearSkipKeys : [],
    };
    ctx.applier.apply(page, (planMs * part.length) / Math.max(1, actions.length));
    done += part.length;
    ctx.progress(ctx.dryRun ? 'Recording the plan' : 'Saving', done, actions.length);
  });
}

/** Everything the plan needs from Autotask: contracts, their lines and Services, the customers' companies. */
async function fetchContractSnapshot(ctx: SyncContext, prefix: string): Promise<ContractSnapshot> {
  const readErrors: PlanAction[] = [];
  const read = await readContracts(ctx, prefix, readErrors);
  const candidates = read.contracts.filter((c) => isCandidate(c, prefix, read.activeStatus));
  const lines = await readContractLines(ctx, candidates, readErrors);
  const serviceNames = await readServiceNames(ctx, lines.linesByContract, readErrors);
  // The companies of contracts that will have services (their customers are created on demand).
  const companies = await readCompanies(ctx, neededCompanyIds(lines, candidates));
  return { ...read, ...lines, serviceNames, companies, readErrors };
}

/** sync_state key of how many contracts the last read with this prefix returned (the next read's bar total). */
const contractsReadKey = (prefix: string) => `estimate:contracts-read:${prefix.trim().toLowerCase()}`;

type ContractRead = Pick<ContractSnapshot, 'contracts' | 'returnedIds' | 'activeStatus'>;

/**
 * Contracts whose name contains the prefix (Autotask's beginsWith misses names with leading spaces); the exact
 * "starts with, after trimming" rule is applied by the plan.
 */
async function readContracts(ctx: SyncContext, prefix: string, errors: PlanAction[]): Promise<ContractRead> {
  const { client } = ctx;
  const contractFilter = [{ op: 'contains' as const, field: 'contractName', value: prefix }];
  // The read's bar is determinate (issue #16): its total is what the last run with this prefix returned
  // (contracts change little between runs), or on a first run a count; the pages may bring more than either.
  const estimateKey = contractsReadKey(prefix);
  const remembered = Number(readState(ctx.sqlite, estimateKey) ?? Number.NaN);
  const expected = Number.isInteger(remembered) && remembered >= 0 ? remembered : await client.count('Contracts', contractFilter);
  ctx.progress('Reading contracts', 0, expected);
  const activeStatus = await resolveActiveStatus(client);
  const contracts: AutotaskContract[] = [];
  const returnedIds = new Set<number>();
  for await (const page of client.query('Contracts', { filter: contractFilter, includeFields: CONTRACT_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(contractSchema, 'Contract', raw);
      const clip = clipWarning('contract', 'Contract', parsed);
      if (clip) errors.push(clip);
      if (parsed.ok) {
        contracts.push(parsed.value);
        returnedIds.add(parsed.value.id);
      } else {
        if (parsed.id !== null) returnedIds.add(parsed.id); // unreadable: leave its services as they are
        errors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
      }
    }
    ctx.progress('Reading contracts', returnedIds.size, Math.max(expected, returnedIds.size));
  }
  ctx.progress('Reading contracts', returnedIds.size, returnedIds.size);
  if (!ctx.dryRun) writeState(ctx.sqlite, estimateKey, String(returnedIds.size), new Date());
  contracts.sort((a, b) => a.id - b.id);
  return { contracts, returnedIds, activeStatus };
}

type LineRead = Pick<ContractSnapshot, 'linesByContract' | 'unreadableLines' | 'lineIdsComplete'>;

/** The service lines of the candidate contracts. */
async function readContractLines(ctx: SyncContext, candidates: AutotaskContract[], errors: PlanAction[]): Promise<LineRead> {
  ctx.progress('Reading contract service lines', 0, candidates.length);
  const out: LineRead = { linesByContract: new Map(), unreadableLines: new Set(), lineIdsComplete: true };
  if (!candidates.length) return out;
  const ids = candidates.map((c) => c.id);
  // The lines each contract had last time pack the `in` batches into full pages (a first run has none).
  const expectedRows = countLinesByContract(ctx.sqlite);
  for await (const page of ctx.client.queryByIds('ContractServices', 'contractID', ids, { includeFields: CONTRACT_SERVICE_FIELDS, expectedRows })) {
    for (const raw of page) {
      const parsed = parseRecord(contractServiceSchema, 'ContractService', raw);
      const clip = clipWarning('contract', 'ContractService', parsed);
      if (clip) errors.push(clip);
      if (!parsed.ok) {
        if (parsed.id !== null) out.unreadableLines.add(parsed.id);
        else out.lineIdsComplete = false;
        errors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
        continue;
      }
      const list = out.linesByContract.get(parsed.value.contractID) ?? [];
      list.push(parsed.value);
      out.linesByContract.set(parsed.value.contractID, list);
    }
    ctx.progress('Reading contract service lines', Math.min(out.linesByContract.size, candidates.length), candidates.length);
  }
  ctx.progress('Reading contract service lines', candidates.length, candidates.length);
  return out;
}

/** The Services catalogue entries the lines use: name (trimmed) per id. */
async function readServiceNames(ctx: SyncContext, linesByContract: Map<number, AutotaskContractService[]>, errors: PlanAction[]): Promise<Map<number, string>> {
  const serviceIds = [...new Set([...linesByContract.values()].flat().map((l) => l.serviceID))];
  const serviceNames = new Map<number, string>();
  if (!serviceIds.length) return serviceNames;
  ctx.progress('Reading services', 0, serviceIds.length);
  for await (const page of ctx.client.queryByIds('Services', 'id', serviceIds, { includeFields: SERVICE_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(serviceSchema, 'Service', raw);
      const clip = clipWarning('contract', 'Service', parsed);
      if (clip) errors.push(clip);
      if (parsed.ok) serviceNames.set(parsed.value.id, parsed.value.name.trim());
      else errors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
    }
    ctx.progress('Reading services', Math.min(serviceNames.size, serviceIds.length), serviceIds.length);
  }
  return serviceNames;
}
