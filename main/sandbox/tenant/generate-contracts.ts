/**
 * Contracts, the Services catalog, ContractServices (service lines, only on Recurring Service
 * contracts, as the real API requires) and ContractServiceUnits (one row per billing month).
 */
import { ENTITIES } from '../entity-schema';
import type { Row } from '../entity-table';
import { emptyRow } from '../record-codec';
import { DAY_MS } from '../date-format';
import { FIRST_NAMES, LAST_NAMES, OTHER_CONTRACT_NAMES, PRACBILL_CONTRACT_NAMES, PRACBILL_ODD_NAMES, SERVICE_CATALOG } from './name-pools';
import { MSP_OWNER_RESOURCE, WORK_TYPES, type GenContext } from './tenant-spec';

const RECURRING = 7;

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Contract names: the first two are the user guide's scenario contracts when `scenario` is on. */
function contractPlan(ctx: GenContext): Array<[name: string, type: number]> {
  const { spec, prng: p } = ctx;
  const prac = Math.round(spec.contracts * spec.pracbillShare);
  const plan: Array<[string, number]> = [];
  for (let i = 0; i < spec.contracts; i++) {
    if (i < prac) {
      let name = PRACBILL_CONTRACT_NAMES[i % PRACBILL_CONTRACT_NAMES.length]!;
      if (i >= 2 && i % 9 === 4) name = PRACBILL_ODD_NAMES[((i / 9) % PRACBILL_ODD_NAMES.length) | 0]!;
      // A couple of PRACBILL contracts are not recurring: the prefix alone must not qualify them.
      const type = i >= 2 && i % 17 === 16 ? 4 : RECURRING;
      plan.push([name, type]);
    } else {
      plan.push(OTHER_CONTRACT_NAMES[(i - prac) % OTHER_CONTRACT_NAMES.length]!);
    }
  }
  if (spec.scenario && plan.length >= 2) {
    plan[0] = ['PRACBILL-Managed-Services', RECURRING];
    plan[1] = ['PRACBILL-Website-Hosting', RECURRING];
  }
  // Interleave so names are not grouped by id (keep the scenario pair first).
  const head = spec.scenario ? plan.splice(0, 2) : [];
  for (let i = plan.length - 1; i > 0; i--) {
    const j = p.int(0, i);
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return [...head, ...plan];
}

export function generateContracts(ctx: GenContext, companies: Row[]): Row[] {
  const { prng: p, anchorMs, spec } = ctx;
  const def = ENTITIES.Contracts;
  const customers = companies.filter((c) => c.id !== 0);
  const rows: Row[] = [];
  let id = 1000;
  contractPlan(ctx).forEach(([name, type], i) => {
    id += p.int(1, 4);
    const scenario = spec.scenario && i < 2;
    // Scenario contracts belong to Acme Corporation (index 0) and New Company Inc (index 1).
    const company = scenario ? customers[i]! : p.pick(customers);
    const start = dayOf(anchorMs - p.int(scenario ? 20 : 30, 900) * DAY_MS);
    const roll = p.next();
    const expired = !scenario && roll < 0.1; // ended in the past but still "In Effect"
    const inactive = !scenario && roll >= 0.1 && roll < 0.22;
    const end = expired ? dayOf(anchorMs - p.int(1, 25) * DAY_MS) : dayOf(anchorMs + p.int(30, 1000) * DAY_MS);
    const row = emptyRow(def);
    const first = p.pick(FIRST_NAMES);
    const last = p.pick(LAST_NAMES);
    Object.assign(row, {
      id,
      billingPreference: 1,
      companyID: company.id,
      contactName: `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`,
      contactID: 30000 + p.int(1, 5000),
      contractCategory: type === RECURRING ? 2 : 1,
      contractName: name,
      contractNumber: `CN-${id}`,
      contractPeriodType: type === RECURRING ? 1 : null,
      contractType: type,
      description: p.chance(0.5) ? `${name.trim()} agreement for ${String(company.companyName)}` : null,
      endDate: Math.max(end, start + DAY_MS),
      estimatedCost: 0,
      estimatedHours: type === 4 ? p.pick([10, 20, 40]) : 0,
      estimatedRevenue: 0,
      internalCurrencyOverageBillingRate: null,
      internalCurrencySetupFee: 0,
      isCompliant: true,
      isDefaultContract: false,
      overageBillingRate: type === 4 ? 165 : null,
      purchaseOrderNumber: p.chance(0.2) ? `PO-${p.int(1000, 99999)}` : null,
      setupFee: 0,
      startDate: start,
      status: inactive ? 0 : 1,
      timeReportingRequiresStartAndStopTimes: 0,
    });
    rows.push(row);
  });
  return rows;
}

export function generateServices(ctx: GenContext): Row[] {
  const { prng: p, anchorMs, spec } = ctx;
  const def = ENTITIES.Services;
  const tiers = ['', ' (Gold)', ' (Silver)', ' (Bronze)'];
  const rows: Row[] = [];
  let id = 500;
  for (let i = 0; i < spec.services; i++) {
    const [base, price, cost] = SERVICE_CATALOG[i % SERVICE_CATALOG.length]!;
    const tier = tiers[Math.floor(i / SERVICE_CATALOG.length) % tiers.length]!;
    id += p.int(1, 3);
    const created = anchorMs - p.int(400, 2000) * DAY_MS;
    const row = emptyRow(def);
    Object.assign(row, {
      id,
      billingCodeID: p.pick(WORK_TYPES),
      createDate: created,
      creatorResourceID: MSP_OWNER_RESOURCE,
      description: `${base}${tier} — per unit per month`,
      invoiceDescription: `${base}${tier}`,
      isActive: i % 13 !== 12,
      lastModifiedDate: created + p.int(0, 300) * DAY_MS,
      markupRate: null,
      name: `${base}${tier}`,
      periodType: 1,
      unitCost: cost,
      unitPrice: tier === ' (Gold)' ? Math.round(price * 125) / 100 : price,
      updateResourceID: MSP_OWNER_RESOURCE,
    });
    rows.push(row);
  }
  return rows;
}

function internalDescription(ctx: GenContext, serial: number): string | null {
  const p = ctx.prng;
  const r = p.next();
  if (r < 0.15) return null;
  if (r < 0.35) return `04${String(p.int(10000000, 99999999))}`;
  if (r < 0.55) return `${p.pick(FIRST_NAMES)}.${p.pick(LAST_NAMES)}`;
  if (r < 0.72) return `SN-${String(p.int(10000, 99999))}`;
  if (r < 0.9) return `ACC-${String(serial % 1000).padStart(3, '0')}`;
  if (r < 0.95) return `Lines: 04${p.int(10000000, 99999999)}, 04${p.int(10000000, 99999999)}; site Müller/Zürich`;
  // Exactly the documented 100-character maximum.
  return `ACC-${serial}-`.padEnd(100, 'x');
}

function priceFor(ctx: GenContext, listPrice: number): number {
  const p = ctx.prng;
  if (p.chance(0.65)) return listPrice;
  if (p.chance(0.5)) return Math.floor(listPrice * (0.8 + p.next() * 0.4)) + 0.95;
  return Math.round(listPrice * (80 + p.int(0, 40))) / 100;
}

export function generateContractServices(ctx: GenContext, contracts: Row[], services: Row[]): Row[] {
  const { prng: p, spec } = ctx;
  const def = ENTITIES.ContractServices;
  const recurring = contracts.filter((c) => c.contractType === RECURRING);
  if (recurring.length === 0) return [];
  const perContract: number[] = recurring.map(() => (spec.contractServices >= recurring.length ? 1 : 0));
  for (let left = spec.contractServices - perContract.reduce((a: number, b: number) => a + b, 0); left > 0; left--) {
    const k = p.int(0, recurring.length - 1);
    perContract[k] = perContract[k]! + 1;
  }
  const rows: Row[] = [];
  let id = 5000;
  recurring.forEach((contract, ci) => {
    for (let n = 0; n < perContract[ci]!; n++) {
      const service = p.pick(services);
      id += p.int(1, 3);
      const unitPrice = priceFor(ctx, service.unitPrice as number);
      const row = emptyRow(def);
      Object.assign(row, {
        id,
        contractID: contract.id,
        internalCurrencyAdjustedPrice: unitPrice,
        internalCurrencyUnitPrice: unitPrice,
        internalDescription: internalDescription(ctx, id),
        invoiceDescription: p.chance(0.7) ? service.invoiceDescription : `${String(service.name)} for ${String(contract.contractName).trim()}`,
        serviceID: service.id,
        unitCost: service.unitCost,
        unitPrice,
      });
      rows.push(row);
    }
  });
  return rows;
}

export function generateContractServiceUnits(ctx: GenContext, contracts: Row[], contractServices: Row[]): Row[] {
  const { prng: p, anchorMs, spec } = ctx;
  const def = ENTITIES.ContractServiceUnits;
  const contractById = new Map(contracts.map((c) => [c.id as number, c]));
  const anchor = new Date(anchorMs);
  const rows: Row[] = [];
  let id = 20000;
  contractServices.forEach((cs, index) => {
    const contract = contractById.get(cs.contractID as number)!;
    const units = p.int(1, 12);
    // Believable for billing (issue #14): only a few old periods were approved & posted in Autotask (so the
    // double-billing guard shows without hiding everything), and some lines change their seat count in the
    // middle of the last full month (two rows: 1st–14th, 15th–end). The first line always does, so every
    // seed has one.
    const postedOldest = p.chance(0.3);
    const midMonthChange = index === 0 || p.chance(0.15);
    const delta = p.pick([-1, 1, 2, 3]);
    for (let m = spec.unitMonths - 1; m >= 0; m--) {
      const start = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - m, 1);
      const end = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - m + 1, 0);
      if ((contract.startDate as number) > end) continue;
      // The oldest period, when posted, was approved and posted the day after it ended; the rest are open.
      const posted = m === spec.unitMonths - 1 && m > 0 && postedOldest ? Math.min(end + DAY_MS + 9 * 3_600_000, anchorMs - 60_000) : null;
      const monthUnits = m === 0 && p.chance(0.1) ? units + 1 : units;
      const ranges: Array<[number, number, number]> =
        m === 1 && midMonthChange && (contract.startDate as number) <= start
          ? [
              [start, start + 13 * DAY_MS, monthUnits],
              [start + 14 * DAY_MS, end, Math.max(1, monthUnits + delta)],
            ]
          : [[start, end, monthUnits]];
      for (const [from, to, n] of ranges) {
        id += 1;
        const row = emptyRow(def);
        Object.assign(row, {
          id,
          approveAndPostDate: posted !== null && posted > end ? posted : null,
          contractID: cs.contractID,
          contractServiceID: cs.id,
          cost: cs.unitCost,
          endDate: to,
          internalCurrencyPrice: cs.unitPrice,
          price: cs.unitPrice,
          serviceID: cs.serviceID,
          startDate: from,
          units: n,
          soapParentPropertyId: cs.id,
        });
        rows.push(row);
      }
    }
  });
  return rows;
}
