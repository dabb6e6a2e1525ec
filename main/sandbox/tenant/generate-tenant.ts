/**
 * Deterministic tenant generation: same size + seed + anchor date ⇒ the same rows, byte for byte.
 * Each entity draws from its own PRNG stream so changing one generator does not reshuffle the others.
 */
import { Prng } from '../prng';
import type { Row } from '../entity-table';
import { DAY_MS } from '../date-format';
import type { SandboxSize } from '../types';
import { generateCompanies, mspCompany } from './generate-companies';
import { generateContracts, generateContractServices, generateContractServiceUnits, generateServices } from './generate-contracts';
import { TimeEntryWriter, generateTimeEntries } from './generate-time';
import { DEMO_SPEC, LARGE_SPEC, type GenContext, type TenantRows, type TenantSpec } from './tenant-spec';

export function emptyTenant(anchorMs: number): TenantRows {
  return {
    Companies: [mspCompany(anchorMs)],
    Contracts: [],
    ContractServices: [],
    Services: [],
    ContractServiceUnits: [],
    TimeEntries: [],
    BillingItems: [],
  };
}

export function generateTenant(size: SandboxSize, seed: number, anchorMs: number, overrides: Partial<TenantSpec> = {}): TenantRows {
  if (size === 'empty') return emptyTenant(anchorMs);
  const spec: TenantSpec = { ...(size === 'large' ? LARGE_SPEC : DEMO_SPEC), ...overrides };
  const root = new Prng(seed);
  const ctx = (label: string): GenContext => ({ prng: root.fork(label), anchorMs, spec });

  const companies = generateCompanies(ctx('companies'));
  const contracts = generateContracts(ctx('contracts'), companies);
  const services = generateServices(ctx('services'));
  const contractServices = generateContractServices(ctx('contractServices'), contracts, services);
  const units = generateContractServiceUnits(ctx('units'), contracts, contractServices);
  const writer = new TimeEntryWriter(ctx('time'), new Map(contracts.map((c) => [c.id as number, c.companyID as number])));
  generateTimeEntries(ctx('time-plan'), contracts, contractServices, writer);
  if (spec.scenario) addScenarioTime(anchorMs, contracts, contractServices, writer);

  return {
    Companies: companies,
    Contracts: contracts,
    ContractServices: contractServices,
    Services: services,
    ContractServiceUnits: units,
    TimeEntries: writer.entries,
    BillingItems: writer.billingItems,
  };
}

/** User guide scenario 2: 5.00 billable, approved hours on New Company Inc's PRACBILL-Website-Hosting,
 *  worked within the last 7 days. Not posted, so the sync has something new to import. */
function addScenarioTime(anchorMs: number, contracts: Row[], contractServices: Row[], writer: TimeEntryWriter): void {
  const contract = contracts.find((c) => c.contractName === 'PRACBILL-Website-Hosting');
  if (!contract) return;
  const line = contractServices.find((cs) => cs.contractID === contract.id);
  const dateWorked = Math.floor(anchorMs / DAY_MS) * DAY_MS - 3 * DAY_MS;
  writer.add({ contract, contractServiceID: line ? (line.id as number) : null, dateWorked, startMs: dateWorked + 9 * 3_600_000, hours: 5, billable: true, approved: true }, false);
}
