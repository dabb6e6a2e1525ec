// Issue #13 point 4: the contract planning rules, tested directly on plain data (no sandbox, no database).
// Each row: an Autotask snapshot and local rows, and the plan actions expected ("kind autotaskId").
import { describe, expect, it } from 'vitest';
import { companySchema, parseRecord, type AutotaskContract, type AutotaskContractService } from '../../../main/sync/autotask-payloads';
import { planContracts, type ContractLocal, type ContractSnapshot } from '../../../main/sync/contract-plan';
import type { LocalCustomerRow } from '../../../main/sync/customer-import';
import type { LocalService } from '../../../main/sync/local-services';
import type { PlanAction } from '../../../main/sync/plan';

const TODAY = '2026-12-03';
const contract = (o: Partial<AutotaskContract> = {}): AutotaskContract => ({
  id: 10,
  contractName: 'ENG-Acme',
  companyID: 100,
  status: 1,
  startDate: '2026-01-01',
  endDate: null,
  ...o,
});
const line = (o: Partial<AutotaskContractService> = {}): AutotaskContractService => ({
  id: 1000,
  contractID: 10,
  serviceID: 7,
  unitPrice: 54.95,
  invoiceDescription: 'Eng',
  internalDescription: 'S1',
  ...o,
});
const company = (o: Record<string, unknown> = {}) => parseRecord(companySchema, 'Company', { id: 100, companyName: 'Acme', isActive: true, ...o });
const customer = (o: Partial<LocalCustomerRow> = {}): LocalCustomerRow => ({
  id: 1,
  autotask_company_id: 100,
  name: 'Acme',
  company_number: null,
  phone: null,
  address1: null,
  city: null,
  postal_code: null,
  is_active: 1,
  ...o,
});
const service = (o: Partial<LocalService> = {}): LocalService => ({
  id: 5,
  customerName: 'Acme',
  customerAutotaskId: 100,
  autotaskContractId: 10,
  autotaskContractServiceId: 1000,
  autotaskServiceId: 7,
  contractName: 'ENG-Acme',
  serviceName: 'Engineering',
  unitPrice: '54.95',
  invoiceDescription: 'Eng',
  serviceNum: 'S1',
  startDate: '2026-01-01',
  endDate: null,
  ended: false,
  endedReason: null,
  ...o,
});

interface Case {
  name: string;
  contracts?: AutotaskContract[];
  lines?: AutotaskContractService[];
  companies?: ReturnType<typeof company>[];
  customers?: LocalCustomerRow[];
  services?: LocalService[];
  skipState?: Map<string, string>;
  serviceNames?: Map<number, string>;
  unreadableLines?: number[];
  lineIdsComplete?: boolean;
  prefix?: string;
  endExpired?: boolean;
  actions: string[];
  unchanged?: number;
  /** Further checks on the actions. */
  check?: (actions: PlanAction[]) => void;
}

function run(k: Case) {
  const contracts = k.contracts ?? [contract()];
  const lines = k.lines ?? [line()];
  const snapshot: ContractSnapshot = {
    contracts,
    returnedIds: new Set(contracts.map((c) => c.id)),
    activeStatus: {
      value: 1,
      labels: new Map([
        [1, 'In Effect'],
        [2, 'Inactive'],
      ]),
    },
    linesByContract: new Map(contracts.map((c) => [c.id, lines.filter((l) => l.contractID === c.id)])),
    unreadableLines: new Set(k.unreadableLines ?? []),
    lineIdsComplete: k.lineIdsComplete ?? true,
    serviceNames: k.serviceNames ?? new Map([[7, 'Engineering']]),
    companies: k.companies ?? [company()],
    readErrors: [],
  };
  const local: ContractLocal = { services: k.services ?? [], customers: k.customers ?? [customer()], skipState: k.skipState ?? new Map() };
  return planContracts(snapshot, local, { skuPrefix: k.prefix ?? 'ENG', endExpired: k.endExpired ?? false }, TODAY);
}

const reasonOf = (a: PlanAction | undefined) => (a?.kind === 'end-service' || a?.kind === 'skip' ? a.reason : '');
const expired = { endDate: '2026-06-30' };

const cases: Case[] = [
  { name: 'unchanged line → nothing, counted', services: [service()], actions: [], unchanged: 1 },
  { name: 'new line → service created', actions: ['create-service 1000'] },
  {
    name: 'prefix match is case-insensitive and trimmed',
    contracts: [contract({ contractName: '  eng-Acme ' })],
    prefix: ' ENG ',
    actions: ['create-service 1000'],
    check: ([a]) => expect(a?.kind === 'create-service' && a.service.contractName).toBe('eng-Acme'),
  },
  {
    name: 'name without the prefix → skipped, its lines ended',
    contracts: [contract({ contractName: 'XYZ-Acme' })],
    services: [service()],
    actions: ['end-service 1000', 'skip 10'],
    check: ([end, skip]) => {
      expect(reasonOf(end)).toBe('the contract name no longer starts with the SKU prefix ENG');
      expect(reasonOf(skip)).toBe('name does not match SKU prefix ENG');
    },
  },
  {
    name: 'inactive contract → skipped with its status label, its lines ended',
    contracts: [contract({ status: 2 })],
    services: [service()],
    actions: ['end-service 1000', 'skip 10'],
    check: ([end, skip]) => {
      expect(reasonOf(end)).toBe('the contract is no longer active in Autotask (status Inactive)');
      expect(reasonOf(skip)).toBe('the contract is not active in Autotask (status Inactive)');
    },
  },
  {
    name: 'expired, "end expired" ticked, nothing local → skipped',
    contracts: [contract(expired)],
    endExpired: true,
    actions: ['skip 10'],
    check: ([s]) => expect(reasonOf(s)).toBe('the contract end date 2026-06-30 has passed (End expired contracts is ticked)'),
  },
  { name: 'expired, "end expired" not ticked → created', contracts: [contract(expired)], actions: ['create-service 1000'] },
  {
    name: 'expired, "end expired" ticked, line active locally → ended',
    contracts: [contract(expired)],
    services: [service()],
    endExpired: true,
    actions: ['end-service 1000'],
    check: ([a]) => expect(reasonOf(a)).toBe('the contract end date 2026-06-30 has passed'),
  },
  {
    name: 'ended as expired earlier, box unticked, still expired → stays ended',
    contracts: [contract(expired)],
    services: [service({ ...expired, ended: true, endedReason: 'the contract end date 2026-06-30 has passed' })],
    actions: [],
    unchanged: 1,
  },
  {
    name: 'new company → customer created before its service',
    customers: [],
    actions: ['create-customer 100', 'create-service 1000'],
    check: ([c]) => expect(c?.kind === 'create-customer' && c.customer.name).toBe('Acme'),
  },
  {
    name: 'renamed company → customer updated',
    customers: [customer({ name: 'Acme Ltd' })],
    services: [service()],
    actions: ['update-customer 100'],
    unchanged: 1,
    check: ([u]) => expect(u?.kind === 'update-customer' && u.changes).toEqual({ name: { before: 'Acme Ltd', after: 'Acme' } }),
  },
  {
    name: 'company not returned by Autotask → customer and contract errors',
    customers: [],
    companies: [],
    actions: ['error 100', 'error 10'],
  },
  {
    name: 'changed line → updated, before/after',
    lines: [line({ unitPrice: 60 })],
    services: [service()],
    actions: ['update-service 1000'],
    check: ([u]) => expect(u?.kind === 'update-service' && u.changes).toEqual({ unitPrice: { before: '54.95', after: '60.00' } }),
  },
  {
    name: 'ended line back in an active contract → updated, active again',
    services: [service({ ended: true, endedReason: 'the service line was removed from the contract in Autotask' })],
    actions: ['update-service 1000'],
    check: ([u]) => expect(u?.log?.message).toMatch(/updated and active again: ended, endedReason$/),
  },
  {
    name: 'removed line → ended (another line stays)',
    lines: [line({ id: 1001 })],
    services: [service()],
    actions: ['create-service 1001', 'end-service 1000'],
    check: ([, a]) => expect(reasonOf(a)).toBe('the service line was removed from the contract in Autotask'),
  },
  {
    name: 'removed line, but an unreadable line has its id → left alone',
    lines: [line({ id: 1001 })],
    services: [service()],
    unreadableLines: [1000],
    actions: ['create-service 1001'],
  },
  {
    name: 'removed line, but a line without an id was unreadable → left alone',
    lines: [line({ id: 1001 })],
    services: [service()],
    lineIdsComplete: false,
    actions: ['create-service 1001'],
  },
  // As today: a contract whose last line went needs no customer, so none is known and it is an error, not ended.
  { name: 'every line removed → contract error (no customer needed), nothing ended', lines: [], services: [service()], actions: ['error 10'] },
  { name: 'contract not returned at all → its lines ended', contracts: [], services: [service()], actions: ['end-service 1000'] },
  { name: 'contract without lines, nothing local → skipped', lines: [], actions: ['skip 10'] },
  {
    name: 'skip with the same reason remembered → counted, not logged again',
    lines: [],
    skipState: new Map([['skip:contract:10', 'the contract has no service lines in Autotask']]),
    actions: ['skip 10'],
    check: ([s]) => expect(s?.kind === 'skip' && s.log).toBeNull(),
  },
  { name: "line's Service unknown → line error", serviceNames: new Map(), actions: ['error 1000'] },
  {
    name: 'internal description over 100 characters → service number clipped, noted',
    lines: [line({ internalDescription: 'x'.repeat(150) })],
    actions: ['create-service 1000'],
    check: ([a]) => {
      expect(a?.kind === 'create-service' && a.service.serviceNum).toBe('x'.repeat(100));
      expect(a?.log?.details).toMatchObject({ serviceNumTruncatedFrom: 150 });
    },
  },
  {
    name: 'company name over its field bound → clipped, a warning, then the customer',
    customers: [],
    companies: [company({ companyName: 'A'.repeat(150) })],
    actions: ['warning 100', 'create-customer 100', 'create-service 1000'],
    check: ([, c]) => expect(c?.kind === 'create-customer' && c.customer.name).toBe('A'.repeat(100)),
  },
];

describe('planContracts (pure)', () => {
  it.each(cases)('$name', (k) => {
    const plan = run(k);
    expect(plan.actions.map((a) => `${a.kind} ${'autotaskId' in a ? a.autotaskId : ''}`)).toEqual(k.actions);
    expect(plan.unchanged).toBe(k.unchanged ?? 0);
    k.check?.(plan.actions);
  });

  it('clears a remembered skip once the contract syncs, and names the lines whose unit rows to read', () => {
    const plan = run({ name: '', skipState: new Map([['skip:contract:10', 'old reason']]), actions: [] });
    expect(plan.clearSkipKeys).toEqual(['skip:contract:10']);
    expect(plan.unitLineIds).toEqual([1000]);
    expect(run({ name: '', customers: [], companies: [], actions: [] }).unitLineIds).toEqual([]);
  });
});
