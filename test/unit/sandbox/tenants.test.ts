import { describe, expect, it } from 'vitest';
import { ANCHOR, openSandbox, type TestSandbox, useSandbox } from './sandbox-test-client';
import { generateTenant } from '../../../main/sandbox/tenant/generate-tenant';
import { dayStart } from '../../../main/sandbox/date-format';

const ENTITIES = ['Companies', 'Contracts', 'ContractServices', 'Services', 'ContractServiceUnits', 'TimeEntries', 'BillingItems'];
const DAY = 86_400_000;
const anchorMs = Date.parse(`${ANCHOR}T00:00:00Z`);

/** Every record of every entity, fetched over HTTP by following nextPageUrl, as JSON text. */
async function dump(t: TestSandbox): Promise<string> {
  const parts: string[] = [];
  for (const entity of ENTITIES) {
    const body = { filter: [{ op: 'exist', field: 'id' }] };
    let res = await t.call(`${entity}/query`, { body });
    for (let guard = 0; guard < 100; guard++) {
      const json = (await res.json()) as { items: unknown[]; pageDetails: { nextPageUrl: string | null } };
      parts.push(JSON.stringify(json.items));
      if (!json.pageDetails.nextPageUrl) break;
      res = await t.call(json.pageDetails.nextPageUrl, { body });
    }
  }
  return parts.join('\n');
}

describe('determinism', () => {
  it('same seed and anchor ⇒ byte-identical records; another seed ⇒ different', async () => {
    const a = await openSandbox({ size: 'demo', seed: 5 });
    const b = await openSandbox({ size: 'demo', seed: 5 });
    const c = await openSandbox({ size: 'demo', seed: 6 });
    try {
      const [da, db, dc] = await Promise.all([dump(a), dump(b), dump(c)]);
      expect(da.length).toBeGreaterThan(100_000);
      expect(da === db).toBe(true);
      expect(da === dc).toBe(false);
    } finally {
      await Promise.all([a.sb.close(), b.sb.close(), c.sb.close()]);
    }
  });
});

describe('demo tenant', () => {
  const t = useSandbox({ size: 'demo' });
  const list = (e: string) => t.sb.control.list(e) as Array<Record<string, any>>;

  it('has ~40 customers plus company 0 with unicode names', () => {
    const companies = list('Companies');
    expect(companies).toHaveLength(41);
    expect(companies[0]).toMatchObject({ id: 0, companyType: 8 });
    const names = companies.map((c) => c.companyName);
    for (const n of ['Zürich Ærø Services', '東京 IT 株式会社', 'Café Müller & Söhne', 'New Company Inc', 'Acme Corporation']) expect(names).toContain(n);
  });

  it('has ~60 contracts, ~35 PRACBILL (some odd case / leading spaces), inactive, expired and recurring ones', () => {
    const contracts = list('Contracts');
    expect(contracts).toHaveLength(60);
    const prac = contracts.filter((c) => c.contractName.trim().toUpperCase().startsWith('PRACBILL'));
    expect(prac.length).toBe(35);
    expect(prac.some((c) => c.contractName !== c.contractName.trim())).toBe(true);
    expect(prac.some((c) => !c.contractName.startsWith('PRACBILL'))).toBe(true);
    expect(contracts.some((c) => c.contractName === 'Block Hours 2026')).toBe(true);
    expect(contracts.some((c) => c.contractName.startsWith('T&M'))).toBe(true);
    expect(contracts.some((c) => c.status === 0)).toBe(true);
    expect(contracts.some((c) => c.status === 1 && Date.parse(c.endDate) < anchorMs)).toBe(true);
    expect(contracts.filter((c) => c.contractType === 7).length).toBeGreaterThan(30);
    expect(prac.some((c) => c.contractType !== 7)).toBe(true);
  });

  it('has ~150 service lines on recurring contracts with prices in cents and identifier-like internal descriptions', () => {
    const lines = list('ContractServices');
    const contracts = new Map(list('Contracts').map((c) => [c.id, c]));
    const services = new Set(list('Services').map((s) => s.id));
    expect(lines).toHaveLength(150);
    for (const l of lines) {
      expect(contracts.get(l.contractID)!.contractType).toBe(7);
      expect(services.has(l.serviceID)).toBe(true);
      if (l.internalDescription !== null) expect(l.internalDescription.length).toBeLessThanOrEqual(100);
    }
    expect(lines.some((l) => Math.round(l.unitPrice * 100) % 100 !== 0)).toBe(true);
    const descs = lines.map((l) => l.internalDescription ?? '');
    expect(descs.some((d) => /^04\d{8}$/.test(d))).toBe(true);
    expect(descs.some((d) => /^[a-zøü]+\.[a-zü]+$/.test(d))).toBe(true);
    expect(descs.some((d) => /^SN-\d{5}$/.test(d))).toBe(true);
    expect(descs.some((d) => /^ACC-\d{3}$/.test(d))).toBe(true);
    expect(descs.some((d) => d.length === 100)).toBe(true);
    const units = list('ContractServiceUnits');
    const lineIds = new Set(lines.map((l) => l.id));
    expect(units.length).toBeGreaterThan(150);
    for (const u of units) expect(lineIds.has(u.contractServiceID)).toBe(true);
  });

  it('has ~3,000 time entries over 120 days with every awkward mix', () => {
    const entries = list('TimeEntries');
    expect(entries.length).toBeGreaterThanOrEqual(3000);
    expect(entries.length).toBeLessThan(3100);
    for (const e of entries) {
      const worked = Date.parse(e.dateWorked);
      expect(worked).toBeGreaterThanOrEqual(anchorMs - 120 * DAY);
      expect(worked).toBeLessThan(anchorMs);
      expect((e.hoursWorked * 4) % 1).toBe(0);
      expect(Date.parse(e.lastModifiedDateTime)).toBeLessThan(anchorMs);
    }
    expect(entries.some((e) => e.isNonBillable)).toBe(true);
    expect(entries.some((e) => e.billingApprovalDateTime === null)).toBe(true);
    expect(entries.some((e) => e.billingApprovalDateTime !== null)).toBe(true);
    expect(entries.some((e) => e.contractID === null)).toBe(true);
    expect(entries.some((e) => e.contractID !== null && e.contractServiceID === null)).toBe(true);
    expect(entries.some((e) => e.startDateTime && e.endDateTime && e.startDateTime.slice(0, 10) !== e.endDateTime.slice(0, 10))).toBe(true);
    expect(entries.some((e) => (e.internalNotes ?? '').length > 1500)).toBe(true);
    const inactive = new Set(
      list('Contracts')
        .filter((c) => c.status === 0)
        .map((c) => c.id),
    );
    expect(entries.some((e) => inactive.has(e.contractID))).toBe(true);
    const ids = entries.map((e) => e.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const posted = list('BillingItems');
    const byId = new Map(entries.map((e) => [e.id, e]));
    expect(posted.length).toBeGreaterThan(100);
    for (const b of posted) {
      const e = byId.get(b.timeEntryID)!;
      expect(e.billingApprovalDateTime).not.toBeNull();
      expect(b.billingItemType).toBe(1);
    }
  });

  it('contains the user guide scenario: New Company Inc, PRACBILL-Website-Hosting, 5.00 approved billable hours this week', () => {
    const company = list('Companies').find((c) => c.companyName === 'New Company Inc')!;
    const contract = list('Contracts').find((c) => c.contractName === 'PRACBILL-Website-Hosting' && c.companyID === company.id)!;
    expect(contract).toMatchObject({ status: 1, contractType: 7 });
    expect(Date.parse(contract.endDate)).toBeGreaterThan(anchorMs);
    const entry = list('TimeEntries').find(
      (e) => e.contractID === contract.id && e.hoursWorked === 5 && e.billingApprovalDateTime !== null && !e.isNonBillable && Date.parse(e.dateWorked) >= anchorMs - 7 * DAY,
    )!;
    expect(entry).toBeDefined();
    const acme = list('Companies').find((c) => c.companyName === 'Acme Corporation')!;
    expect(list('Contracts').some((c) => c.contractName === 'PRACBILL-Managed-Services' && c.companyID === acme.id)).toBe(true);
  });
});

describe('large tenant', () => {
  it('has the documented sizes, all time entries within 90 days, ids ascending', () => {
    const anchor = dayStart(ANCHOR);
    const tenant = generateTenant('large', 1, anchor);
    expect(tenant.Companies).toHaveLength(2001);
    expect(tenant.Contracts).toHaveLength(3000);
    expect(tenant.ContractServices).toHaveLength(12000);
    expect(tenant.TimeEntries).toHaveLength(200000);
    let prev = -1;
    for (const e of tenant.TimeEntries) {
      if ((e.id as number) <= prev) throw new Error(`ids not ascending at ${String(e.id)}`);
      prev = e.id as number;
      const worked = e.dateWorked as number;
      if (worked < anchor - 90 * DAY || worked >= anchor) throw new Error(`entry ${prev} outside the 90-day window`);
    }
  });

  it('empty tenant has only company 0', () => {
    const tenant = generateTenant('empty', 1, dayStart(ANCHOR));
    expect(tenant.Companies.map((c) => c.id)).toEqual([0]);
    expect(tenant.TimeEntries).toHaveLength(0);
  });
});
