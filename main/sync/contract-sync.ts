// Contract sync (docs/product-rules.md#synced-records): active contracts whose name starts with the SKU prefix, their ContractService
// lines and Services, customers on demand; contracts that stopped qualifying are ended locally with their
// history kept. Contracts are few, so the whole plan is collected first: the mass-change guard sees every
// end before anything is written, then the plan is applied in transactions of APPLY_CHUNK actions.
import { isolate } from '../../shared/display-text';
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
import { planCustomers } from './customer-import';
import { planUnitRows } from './unit-rows';
import { SERVICE_KEYS, groupByContract, loadLocalServices, serviceValuesOf, type LocalService } from './local-services';
import { numberToDecimal } from './money';
import { diff, emptyPlan, summarise, type PagePlan, type PlanAction, type ServiceValues } from './plan';
import { APPLY_CHUNK, chunk, type SyncContext } from './sync-context';
import type { AutotaskClient } from '../autotask';

export const SERVICE_NUM_MAX = 100;
const EXPIRED_PREFIX = 'the contract end date';
const skipKey = (contractId: number) => `skip:contract:${contractId}`;

export interface ContractSyncOptions {
  endExpired: boolean;
}

export interface ActiveStatus {
  value: number;
  labels: Map<number, string>;
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

export function nameMatchesPrefix(name: string, prefix: string): boolean {
  return name.trim().toLowerCase().startsWith(prefix.trim().toLowerCase());
}

function errorAction(syncType: 'contract', autotaskId: number | null, message: string, details: unknown): PlanAction {
  return { kind: 'error', syncType, autotaskId, message, log: { syncType, operation: 'error', status: 'error', message, details } };
}

function describeService(s: { serviceName: string; contractName: string }): string {
  return `Service "${isolate(s.serviceName)}" on contract "${isolate(s.contractName)}"`;
}

export async function syncContracts(ctx: SyncContext, opts: ContractSyncOptions): Promise<string> {
  const startedMs = Date.now();
  const prefix = ctx.settings.skuPrefix.trim();
  const { client } = ctx;
  const contractFilter = [{ op: 'contains' as const, field: 'contractName', value: prefix }];
  // The count makes the read's bar determinate (issue #16); the pages may bring more than it said.
  const expected = await client.count('Contracts', contractFilter);
  ctx.progress('Reading contracts', 0, expected);
  const status = await resolveActiveStatus(client);
  const statusLabel = (v: number) => status.labels.get(v) ?? String(v);

  // 1. Contracts whose name contains the prefix (Autotask's beginsWith misses names with leading
  //    spaces); the exact "starts with, after trimming" rule is applied here.
  const errors: PlanAction[] = [];
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
  contracts.sort((a, b) => a.id - b.id);

  const local = loadLocalServices(ctx.sqlite);
  const localByContract = groupByContract(local);
  const activeLocalCount = local.filter((s) => !s.ended).length;
  const candidates = contracts.filter((c) => nameMatchesPrefix(c.contractName, prefix) && c.status === status.value);

  // 2. Their service lines and the Services catalogue entries they use.
  ctx.progress('Reading contract service lines', 0, candidates.length);
  const linesByContract = new Map<number, AutotaskContractService[]>();
  const unreadableLines = new Set<number>();
  let lineIdsComplete = true;
  if (candidates.length) {
    for await (const page of client.queryByIds(
      'ContractServices',
      'contractID',
      candidates.map((c) => c.id),
      { includeFields: CONTRACT_SERVICE_FIELDS },
    )) {
      for (const raw of page) {
        const parsed = parseRecord(contractServiceSchema, 'ContractService', raw);
        const clip = clipWarning('contract', 'ContractService', parsed);
        if (clip) errors.push(clip);
        if (!parsed.ok) {
          if (parsed.id !== null) unreadableLines.add(parsed.id);
          else lineIdsComplete = false;
          errors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
          continue;
        }
        const list = linesByContract.get(parsed.value.contractID) ?? [];
        list.push(parsed.value);
        linesByContract.set(parsed.value.contractID, list);
      }
      ctx.progress('Reading contract service lines', Math.min(linesByContract.size, candidates.length), candidates.length);
    }
  }
  ctx.progress('Reading contract service lines', candidates.length, candidates.length);
  const serviceIds = [...new Set([...linesByContract.values()].flat().map((l) => l.serviceID))];
  const serviceNames = new Map<number, string>();
  if (serviceIds.length) {
    ctx.progress('Reading services', 0, serviceIds.length);
    for await (const page of client.queryByIds('Services', 'id', serviceIds, { includeFields: SERVICE_FIELDS })) {
      for (const raw of page) {
        const parsed = parseRecord(serviceSchema, 'Service', raw);
        const clip = clipWarning('contract', 'Service', parsed);
        if (clip) errors.push(clip);
        if (parsed.ok) serviceNames.set(parsed.value.id, parsed.value.name.trim());
        else errors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
      }
      ctx.progress('Reading services', Math.min(serviceNames.size, serviceIds.length), serviceIds.length);
    }
  }

  // 3. Customers for contracts that will have services.
  const needCustomers = candidates.filter((c) => (linesByContract.get(c.id)?.length ?? 0) > 0).map((c) => c.companyID);
  const customers = await planCustomers(ctx, needCustomers);

  // 4. The plan.
  ctx.progress('Planning', 0, contracts.length);
  const state = loadContractSkipState(ctx);
  const plan: PagePlan = emptyPlan();
  const actions = plan.actions;
  actions.push(...customers.actions);
  const candidateIds = new Set(candidates.map((c) => c.id));

  const skip = (c: AutotaskContract, reason: string) => {
    const key = skipKey(c.id);
    const logged = state.get(key) === reason;
    const message = `Contract "${isolate(c.contractName.trim())}" (${c.id}) skipped: ${reason}`;
    actions.push({
      kind: 'skip',
      syncType: 'contract',
      autotaskId: c.id,
      reason,
      stateKey: key,
      stateValue: reason,
      log: logged ? null : { syncType: 'contract', operation: 'skip', status: 'skip', message, details: { autotaskContractId: c.id, contractName: c.contractName, reason } },
    });
  };
  const notSkipped = (contractId: number) => {
    if (state.has(skipKey(contractId))) plan.clearSkipKeys.push(skipKey(contractId));
  };
  const end = (s: LocalService, reason: string, patch: Partial<ServiceValues> = {}) => {
    const before = serviceValuesOf(s);
    const next: ServiceValues = { ...before, ...patch, ended: true, endedReason: reason };
    const changes = diff(before, next, SERVICE_KEYS);
    const message = `${describeService(next)} ended: ${reason}`;
    actions.push({
      kind: 'end-service',
      autotaskId: s.autotaskContractServiceId,
      serviceId: s.id,
      contractId: s.autotaskContractId,
      reason,
      next,
      changes,
      log: {
        syncType: 'contract',
        operation: 'update',
        status: 'success',
        message,
        details: { autotaskContractId: s.autotaskContractId, autotaskContractServiceId: s.autotaskContractServiceId, reason, changed: changes },
      },
    });
  };

  for (const c of contracts) {
    const localLines = localByContract.get(c.id) ?? [];
    const activeLocal = localLines.filter((s) => !s.ended);
    const contractName = c.contractName.trim();
    if (!nameMatchesPrefix(c.contractName, prefix)) {
      const reason = `name does not match SKU prefix ${prefix}`;
      for (const s of activeLocal) end(s, `the contract name no longer starts with the SKU prefix ${prefix}`, { contractName });
      skip(c, reason);
      continue;
    }
    if (!candidateIds.has(c.id)) {
      const reason = `the contract is not active in Autotask (status ${statusLabel(c.status)})`;
      for (const s of activeLocal)
        end(s, `the contract is no longer active in Autotask (status ${statusLabel(c.status)})`, { contractName, startDate: c.startDate, endDate: c.endDate });
      skip(c, reason);
      continue;
    }
    planContractLines(ctx, c, contractName, {
      lines: linesByContract.get(c.id) ?? [],
      localLines,
      serviceNames,
      customerName: customers.names.get(c.companyID),
      customerProblem: customers.unavailable.get(c.companyID),
      endExpired: opts.endExpired,
      unreadableLines,
      lineIdsComplete,
      actions,
      end,
      skip,
      notSkipped,
      countUnchanged: () => (plan.unchanged += 1),
    });
  }
  ctx.progress('Planning', contracts.length, contracts.length);
  // Local services of contracts Autotask no longer returns at all.
  for (const [contractId, lines] of localByContract) {
    if (returnedIds.has(contractId)) continue;
    for (const s of lines) if (!s.ended) end(s, 'the contract was not returned by Autotask (deleted, or renamed without the SKU prefix)');
  }
  actions.push(...errors);

  // Unit rows (seat counts) of the lines this run syncs: `contractServiceID in` batches, one date window.
  const syncedLineIds = candidates
    .filter((c) => customers.names.has(c.companyID) && !customers.unavailable.has(c.companyID))
    .flatMap((c) => (linesByContract.get(c.id) ?? []).filter((l) => serviceNames.has(l.serviceID)).map((l) => l.id));
  const units = await planUnitRows(ctx, syncedLineIds, lineIdsComplete);
  actions.push(...units.actions);
  plan.unchanged += units.unchanged;
  // Forget remembered skips of contracts Autotask no longer returns (deleted or renamed away).
  for (const key of state.keys()) {
    if (!returnedIds.has(Number(key.slice('skip:contract:'.length)))) plan.clearSkipKeys.push(key);
  }

  // 5. Guard, then apply.
  const ends = actions.filter((a) => a.kind === 'end-service').length;
  enforceMassChange({ what: 'end', affected: ends, population: activeLocalCount, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow }, ctx.guard);
  if (ctx.summary) summarise(plan, ctx.summary);

  const planMs = Date.now() - startedMs;
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
  return `${contracts.length} contract(s) read, ${candidates.length} active with the SKU prefix ${prefix}; ${units.read} unit row(s) read`;
}

function loadContractSkipState(ctx: SyncContext): Map<string, string> {
  const rows = ctx.sqlite.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'skip:contract:%'").all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

interface LinePlanInput {
  lines: AutotaskContractService[];
  localLines: LocalService[];
  serviceNames: Map<number, string>;
  customerName: string | undefined;
  customerProblem: string | undefined;
  endExpired: boolean;
  unreadableLines: Set<number>;
  lineIdsComplete: boolean;
  actions: PlanAction[];
  end: (s: LocalService, reason: string, patch?: Partial<ServiceValues>) => void;
  skip: (c: AutotaskContract, reason: string) => void;
  notSkipped: (contractId: number) => void;
  countUnchanged: () => void;
}

/** Creates, updates and ends for the lines of one active contract with the SKU prefix. */
function planContractLines(ctx: SyncContext, c: AutotaskContract, contractName: string, input: LinePlanInput): void {
  const { actions } = input;
  const localById = new Map(input.localLines.map((s) => [s.autotaskContractServiceId, s]));
  const expired = c.endDate !== null && c.endDate < ctx.today;
  const expiredReason = `${EXPIRED_PREFIX} ${c.endDate ?? ''} has passed`;
  if (input.lines.length === 0 && input.localLines.length === 0) {
    input.skip(c, 'the contract has no service lines in Autotask');
    return;
  }
  if (input.customerProblem !== undefined || input.customerName === undefined) {
    const message = `Contract "${isolate(contractName)}" (${c.id}) was not synced: ${input.customerProblem ?? `no customer for company ${c.companyID}`}`;
    actions.push({
      kind: 'error',
      syncType: 'contract',
      autotaskId: c.id,
      message,
      log: { syncType: 'contract', operation: 'error', status: 'error', message, details: { autotaskContractId: c.id, autotaskCompanyId: c.companyID } },
    });
    return;
  }
  if (expired && input.endExpired && input.localLines.every((s) => s.ended) && input.lines.every((l) => !localById.has(l.id))) {
    input.skip(c, `${expiredReason} (End expired contracts is ticked)`);
    return;
  }
  input.notSkipped(c.id);

  const returned = new Set<number>();
  for (const line of [...input.lines].sort((a, b) => a.id - b.id)) {
    returned.add(line.id);
    const serviceName = input.serviceNames.get(line.serviceID);
    if (serviceName === undefined) {
      const message = `ContractService ${line.id} on contract "${isolate(contractName)}" was not synced: service ${line.serviceID} was not found in Autotask`;
      actions.push({
        kind: 'error',
        syncType: 'contract',
        autotaskId: line.id,
        message,
        log: {
          syncType: 'contract',
          operation: 'error',
          status: 'error',
          message,
          details: { autotaskContractId: c.id, autotaskContractServiceId: line.id, autotaskServiceId: line.serviceID },
        },
      });
      continue;
    }
    const existing = localById.get(line.id);
    const internal = line.internalDescription;
    const serviceNum = internal === null ? null : internal.length > SERVICE_NUM_MAX ? internal.slice(0, SERVICE_NUM_MAX) : internal;
    let ended = false;
    let endedReason: string | null = null;
    if (expired && input.endExpired) {
      ended = true;
      endedReason = expiredReason;
    } else if (expired && existing?.ended && existing.endedReason?.startsWith(EXPIRED_PREFIX)) {
      // Ended earlier as expired and still expired: do not revive it just because the box is unticked.
      ended = true;
      endedReason = existing.endedReason;
    }
    const next: ServiceValues = {
      customerAutotaskId: c.companyID,
      autotaskContractId: c.id,
      autotaskContractServiceId: line.id,
      autotaskServiceId: line.serviceID,
      contractName,
      serviceName,
      unitPrice: numberToDecimal(line.unitPrice),
      invoiceDescription: line.invoiceDescription,
      serviceNum,
      startDate: c.startDate,
      endDate: c.endDate,
      ended,
      endedReason,
    };
    const truncated = internal !== null && internal.length > SERVICE_NUM_MAX ? { serviceNumTruncatedFrom: internal.length } : {};
    if (!existing) {
      if (ended) continue; // an expired line is not created when expired contracts are being ended
      actions.push({
        kind: 'create-service',
        autotaskId: line.id,
        service: next,
        log: {
          syncType: 'contract',
          operation: 'create',
          status: 'success',
          message: `Service "${isolate(serviceName)}" created for contract "${isolate(contractName)}" (${isolate(input.customerName)})`,
          details: { ...next, customer: input.customerName, ...truncated },
        },
      });
      continue;
    }
    const before = serviceValuesOf(existing);
    const changes = diff(before, next, SERVICE_KEYS);
    if (Object.keys(changes).length === 0) {
      input.countUnchanged();
      continue;
    }
    if (next.ended && !before.ended) {
      input.end(existing, expiredReason, next);
      continue;
    }
    const revived = before.ended && !next.ended;
    actions.push({
      kind: 'update-service',
      autotaskId: line.id,
      serviceId: existing.id,
      next,
      changes,
      log: {
        syncType: 'contract',
        operation: 'update',
        status: 'success',
        message: `${describeService(next)} updated${revived ? ' and active again' : ''}: ${Object.keys(changes).join(', ')}`,
        details: { autotaskContractId: c.id, autotaskContractServiceId: line.id, changed: changes, ...truncated },
      },
    });
  }
  // Lines removed from the contract (only when every line of this read was identifiable).
  if (!input.lineIdsComplete) return;
  for (const s of input.localLines) {
    if (s.ended || returned.has(s.autotaskContractServiceId) || input.unreadableLines.has(s.autotaskContractServiceId)) continue;
    input.end(s, 'the service line was removed from the contract in Autotask', { contractName, startDate: c.startDate, endDate: c.endDate });
  }
}
