// The "Excluded" view's reader (issue #15 point 3) against the sandbox's demo tenant, checked against an
// independent computation from the sandbox's own records (sb.control.list), not from the reader's code.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import type { ExcludedReport } from '../../../shared/excluded';
import { EXCLUDED_REPORT_KEY } from '../../../main/db/queries/excluded-cache';
import { makeTestCore, type TestCore } from '../../helpers/test-core';
import { useTestSandbox } from '../autotask/support/sandbox-fixture';

const ANCHOR = '2025-03-03';
const sb = useTestSandbox({ sandbox: { anchorDate: ANCHOR } });
let t: TestCore | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

async function syncContracts(c: TestCore): Promise<void> {
  await c.handlers['sync:start']({ type: 'contract', endExpired: false });
  await c.core.syncService.idle();
}

function core(): TestCore {
  t = makeTestCore({
    env: {
      AUTOTASK_USERNAME: sb.credentials.username,
      AUTOTASK_SECRET: sb.credentials.secret,
      AUTOTASK_INTEGRATION_CODE: sb.credentials.integrationCode,
      AUTOTASK_ZONE_LOOKUP_URL: sb.zoneLookupUrl,
    },
    now: () => new Date(`${ANCHOR}T12:00:00Z`),
  });
  return t;
}

const requests = () => Object.values(sb.control.stats().requests).reduce((n, byMethod) => n + Object.values(byMethod).reduce((a, b) => a + b, 0), 0);

/**
 * What the report should say, computed from the sandbox's records with the product rules written out here:
 * contracts left out by the prefix / active rule; time on contracts without a local service line (what the
 * time sync reads is the contracts with one).
 */
function expected(window: { from: string; to: string }, c: TestCore) {
  const wanted = (x: Record<string, unknown>) => String(x.contractName).trim().toLowerCase().startsWith('pracbill') && x.status === 1;
  const contracts = sb.control.list('Contracts');
  const rows = c.core.database.sqlite.prepare('SELECT DISTINCT autotask_contract_id AS id FROM engineering_services').all() as { id: number }[];
  const syncedIds = new Set(rows.map((r) => r.id));
  const excludedIds = contracts.filter((x) => !wanted(x)).map((x) => x.id as number);
  const hundredths = (e: Record<string, unknown>) => Math.round(Number(e.hoursToBill ?? e.hoursWorked) * 100);
  const candidates = sb.control.list('TimeEntries', (e) => {
    const date = String(e.dateWorked).slice(0, 10);
    return e.isNonBillable === false && e.billingApprovalDateTime != null && date >= window.from && date <= window.to;
  });
  const byContract = new Map<number, { entries: number; hundredths: number }>();
  const none = { entries: 0, hundredths: 0 };
  for (const e of candidates) {
    if (e.contractID == null) {
      none.entries += 1;
      none.hundredths += hundredths(e);
    } else if (!syncedIds.has(e.contractID as number)) {
      const g = byContract.get(e.contractID as number) ?? { entries: 0, hundredths: 0 };
      g.entries += 1;
      g.hundredths += hundredths(e);
      byContract.set(e.contractID as number, g);
    }
  }
  return { excludedIds, byContract, none };
}

const toHundredths = (hours: string) => Math.round(Number(hours) * 100);

describe('Excluded report (sandbox demo tenant)', () => {
  it('lists the contracts the sync leaves out and the billable time on no synced contract, exactly as the records say', async () => {
    // Time the sync never imports: on an excluded contract (hoursToBill unset → hoursWorked), and on no contract.
    const excludedContract = sb.control.list('Contracts', (c) => !String(c.contractName).trim().toLowerCase().startsWith('pracbill'))[0]!;
    const base = { isNonBillable: false, billingApprovalDateTime: `${ANCHOR}T09:00:00.000Z`, dateWorked: `${addDays(ANCHOR, -3)}T00:00:00.000Z`, resourceID: 1 };
    sb.control.insert('TimeEntries', { ...base, contractID: excludedContract.id, hoursWorked: 1.25, hoursToBill: null });
    sb.control.insert('TimeEntries', { ...base, contractID: null, hoursWorked: 3, hoursToBill: 2.5 });
    sb.control.insert('TimeEntries', { ...base, contractID: null, hoursWorked: 0.1, hoursToBill: 0.2 });
    // Outside the window (a day before it): not counted.
    sb.control.insert('TimeEntries', { ...base, contractID: null, hoursWorked: 7, dateWorked: `${addDays(ANCHOR, -91)}T00:00:00.000Z` });

    const c = core();
    await syncContracts(c);
    const report: ExcludedReport = await c.handlers['excluded:refresh'](undefined);
    expect(report.window).toEqual({ from: addDays(ANCHOR, -90), to: ANCHOR });
    const want = expected(report.window, c);
    expect(c.core.database.sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_services').get()).not.toEqual({ n: 0 });

    expect(report.contracts.map((x) => x.autotaskContractId).sort((a, b) => a - b)).toEqual([...want.excludedIds].sort((a, b) => a - b));
    expect(report.contracts.length).toBeGreaterThan(0);
    for (const row of report.contracts) {
      const rec = sb.control.get('Contracts', row.autotaskContractId)!;
      expect(row.contractName).toBe(rec.contractName);
      const company = sb.control.get('Companies', rec.companyID as number)!;
      expect(row.customer).toBe(company.companyName);
      if (!String(rec.contractName).trim().toLowerCase().startsWith('pracbill')) expect(row.reason).toBe('name does not match SKU prefix PRACBILL');
      else expect(row.reason).toMatch(/^the contract is not active in Autotask \(status .+\)$/);
    }
    expect(report.contracts.some((x) => x.reason.startsWith('the contract is not active'))).toBe(true);

    const got = new Map(report.timeByContract.map((r) => [r.autotaskContractId, { entries: r.entries, hundredths: toHundredths(r.hours) }]));
    expect(got).toEqual(want.byContract);
    expect(got.get(excludedContract.id as number)!.entries).toBeGreaterThanOrEqual(1);
    for (const r of report.timeByContract) expect(r.hours).toMatch(/^\d+\.\d{2}$/);
    expect({ entries: report.noContract.entries, hundredths: toHundredths(report.noContract.hours) }).toEqual(want.none);
    expect(report.noContract.entries).toBeGreaterThanOrEqual(2);

    // The same figures as the time sync's summary rows ("… on contracts that are not synced …; see Excluded").
    await c.handlers['sync:start']({ type: 'time_entry', ...report.window });
    await c.core.syncService.idle();
    const summaries = c.core.database.sqlite
      .prepare(
        "SELECT json_extract(details, '$.summary') AS kind, json_extract(details, '$.entries') AS entries FROM sync_logs WHERE json_extract(details, '$.summary') IS NOT NULL",
      )
      .all() as { kind: string; entries: number }[];
    const entriesOf = (kind: string) => summaries.find((x) => x.kind === kind)?.entries;
    expect(entriesOf('unsynced-contracts')).toBe(report.timeByContract.reduce((n, r) => n + r.entries, 0));
    expect(entriesOf('no-contract')).toBe(report.noContract.entries);

    // Cached with its timestamp: `get` returns it without a single Autotask request.
    expect(report.readAt).toBe(`${ANCHOR}T12:00:00.000Z`);
    sb.control.resetStats();
    expect(await c.handlers['excluded:get'](undefined)).toEqual(report);
    expect(requests()).toBe(0);
    // One sync_state key, clear of the `skip:%` keys the sync counts.
    const keys = c.core.database.sqlite.prepare('SELECT key FROM sync_state').all() as { key: string }[];
    expect(keys.map((k) => k.key)).toContain(EXCLUDED_REPORT_KEY);
    expect(EXCLUDED_REPORT_KEY.startsWith('skip:')).toBe(false);
  });

  it('with more than 500 synced contracts (over one list of 500), still finds exactly the time on the others, by `in` batches of those', async () => {
    for (let i = 0; i < 520; i++) sb.control.insert('Contracts', { contractName: `PRACBILL-Bulk-${i}`, companyID: sb.control.list('Companies')[0]!.id, status: 1 });
    const c = core();
    // Local service lines on 520 more contracts: more than one batch of synced ids.
    const sqlite = c.core.database.sqlite;
    const customer = sqlite.prepare("INSERT INTO customers (autotask_company_id, name) VALUES (?, 'Bulk') RETURNING id").get(sb.control.list('Companies')[0]!.id) as { id: number };
    const insert = sqlite.prepare(
      `INSERT INTO engineering_services (customer_id, autotask_contract_id, autotask_contract_service_id, autotask_service_id, contract_name, service_name, unit_price_cents)
       VALUES (?, ?, ?, 1, ?, 'Bulk', 100)`,
    );
    for (const x of sb.control.list('Contracts', (r) => String(r.contractName).startsWith('PRACBILL-Bulk-')))
      insert.run(customer.id, x.id, 900000 + (x.id as number), x.contractName);
    await syncContracts(c);
    // The sandbox refuses a list of more than 500 values, as Autotask does: the read succeeding is the proof of the batches.
    const r = await c.handlers['excluded:refresh'](undefined);
    const want = expected(r.window, c);
    expect(want.byContract.size).toBeGreaterThan(0);
    expect(new Map(r.timeByContract.map((x) => [x.autotaskContractId, { entries: x.entries, hundredths: toHundredths(x.hours) }]))).toEqual(want.byContract);
  });

  it('has nothing cached before the first read; a failed refresh says why and keeps the previous result', async () => {
    const c = core();
    expect(await c.handlers['excluded:get'](undefined)).toBeNull();
    const first = await c.handlers['excluded:refresh'](undefined);
    sb.control.injectFault({ kind: 'permission500', entity: 'TimeEntries', times: 100 });
    await expect(c.handlers['excluded:refresh'](undefined)).rejects.toMatchObject({ code: 'autotask', message: expect.stringMatching(/^Autotask could not be read: /) });
    expect(await c.handlers['excluded:get'](undefined)).toEqual(first);
  });

  it('two refreshes at once share one read; an unreadable cache counts as nothing read', async () => {
    const c = core();
    sb.control.resetStats();
    await c.handlers['excluded:refresh'](undefined);
    // Contracts and TimeEntries requests of one read (the zone lookup is cached after the first).
    const reads = () => (sb.control.stats().requests.Contracts?.POST ?? 0) + (sb.control.stats().requests.TimeEntries?.POST ?? 0);
    const one = reads();
    expect(one).toBeGreaterThan(0);
    sb.control.resetStats();
    const [a, b] = await Promise.all([c.handlers['excluded:refresh'](undefined), c.handlers['excluded:refresh'](undefined)]);
    expect(a).toBe(b);
    expect(reads()).toBe(one);
    c.core.database.sqlite.prepare('UPDATE sync_state SET value = ? WHERE key = ?').run('{"not":"a report"', EXCLUDED_REPORT_KEY);
    expect(await c.handlers['excluded:get'](undefined)).toBeNull();
    c.core.database.sqlite.prepare('UPDATE sync_state SET value = ? WHERE key = ?').run('{"readAt":"x"}', EXCLUDED_REPORT_KEY);
    expect(await c.handlers['excluded:get'](undefined)).toBeNull();
  });

  it('refuses a refresh without credentials as not configured', async () => {
    t = makeTestCore({});
    await expect(t.handlers['excluded:refresh'](undefined)).rejects.toMatchObject({ code: 'not-configured' });
  });
});
