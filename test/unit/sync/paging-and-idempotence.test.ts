// Several pages of contracts (> 500) and time entries (> 500); companies read in batches, never one
// request per contract; a second run creates nothing and logs nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

const CONTRACTS = 520;
const ENTRIES = 1100;
let h: SyncHarness;
const contractIds: number[] = [];

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  // Records are created "two hours ago", so an incremental run (15 min overlap) does not see them as new.
  h.sb.control.clock.advance(-2 * 3_600_000);
  const s = new Scenario(h.sb);
  const services = [s.service('Managed Backup'), s.service('VoIP Line'), s.service('Website Hosting')];
  for (let i = 0; i < CONTRACTS; i++) {
    const company = s.company(`Customer ${String(i).padStart(3, '0')} Pty Ltd`);
    const id = s.contract(company, `PRACBILL-Plan-${i}`);
    s.line(id, services[i % 3]!, { unitPrice: 10 + i / 100 });
    contractIds.push(id);
  }
  // Contracts that must not be imported.
  s.contract(s.company('Other Co'), 'XPRACBILL-Test');
  s.contract(s.company('Inactive Co'), 'PRACBILL-Old', { status: 0 });
  for (let i = 0; i < ENTRIES; i++) {
    s.entry(contractIds[i % CONTRACTS]!, daysAgo(i % 7), 1 + (i % 4) * 0.25, { billingApprovalDateTime: h.sb.control.clock.now().toISOString() });
  }
  h.sb.control.clock.advance(2 * 3_600_000);
}, 60_000);
afterAll(async () => {
  await h.cleanup();
});

describe('several pages', () => {
  it('imports > 500 contracts and > 500 entries across pages, reading companies in batches', async () => {
    h.sb.control.resetStats();
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.code).toBe(0);
    expect(c.json.status).toBe('success');
    expect(c.json.counts).toEqual({ create: CONTRACTS * 2, update: 0, unchanged: 0, skip: 2, error: 0, warning: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services').n).toBe(CONTRACTS);
    expect(h.one('SELECT COUNT(*) AS n FROM customers').n).toBe(CONTRACTS);

    const stats = h.sb.control.stats();
    // 520 companies: two `id in` batches (≤ 500 ids each), not 520 requests.
    expect(stats.requests.Companies?.POST).toBe(2);
    // More than one page of contracts and of contract service lines.
    expect(stats.requests.Contracts?.POST).toBeGreaterThanOrEqual(2);
    expect(stats.requests.ContractServices?.POST).toBeGreaterThanOrEqual(2);
    expect(c.json.apiCalls).toBe(stats.total);
    // One field list, for the contract-status picklist; the other entities' names are not checked against
    // a list fetched only for that (a wrong one is refused by Autotask itself).
    const gets = (st: typeof stats) =>
      Object.fromEntries(Object.entries(st.requests).flatMap(([route, m]) => (m.GET && route !== 'zoneInformation' && route !== 'ThresholdInformation' ? [[route, m.GET]] : [])));
    expect(gets(stats)).toEqual({ Contracts: 1 });

    const t = await h.cli(['sync', 'time', '--json']);
    expect(t.code).toBe(0);
    expect(t.json.counts).toMatchObject({ create: ENTRIES, update: 0, skip: 0, error: 0, warning: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_items').n).toBe(ENTRIES);
    expect(h.sb.control.stats().requests.TimeEntries?.POST).toBeGreaterThanOrEqual(3);
    // + the BillingItems list, for the labour types.
    expect(gets(h.sb.control.stats())).toEqual({ Contracts: 1, BillingItems: 1 });
    // Money exact: 1.25 h × 150.00 = 187.50.
    expect(h.one("SELECT amount_cents FROM engineering_items WHERE hours = '1.25' LIMIT 1").amount_cents).toBe(18750);
  });

  it('a second run creates nothing, writes nothing and logs nothing but its run', async () => {
    const dataBefore = h.one('SELECT (SELECT MAX(updated_at) FROM engineering_services) AS s, (SELECT MAX(updated_at) FROM engineering_items) AS i');
    const logsBefore = h.one('SELECT COUNT(*) AS n FROM sync_logs').n;
    h.sb.control.resetStats();
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.json.counts).toEqual({ create: 0, update: 0, unchanged: CONTRACTS, skip: 2, error: 0, warning: 0 });
    // The bar's total is what the first run's read returned (522 names contain the prefix): no count
    // query, only the two pages.
    expect(h.sb.control.stats().requests.Contracts?.POST).toBe(2);
    expect(c.err).toMatch(/Reading contracts[^\n]*\b0\D+522\b/);
    const t = await h.cli(['sync', 'time', '--json']);
    expect(t.json.counts).toEqual({ create: 0, update: 0, unchanged: ENTRIES, skip: 0, error: 0, warning: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM sync_logs').n).toBe(logsBefore);
    expect(h.one('SELECT (SELECT MAX(updated_at) FROM engineering_services) AS s, (SELECT MAX(updated_at) FROM engineering_items) AS i')).toEqual(dataBefore);
    const runs = h.rows('SELECT type, status, dry_run FROM sync_runs ORDER BY id');
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === 'success' && r.dry_run === 0)).toBe(true);
  });

  it('the scheduled sequence goes incremental once reconciled, costing a handful of requests', async () => {
    // Forget the earlier tests' reading: this sync's two runs share one of their own.
    h.db().prepare("DELETE FROM sync_state WHERE key LIKE 'threshold:%'").run();
    h.sb.control.resetStats();
    const first = await h.cli(['sync', 'all', '--json']);
    expect(h.sb.control.stats().requests.ThresholdInformation?.GET).toBe(1);
    expect(first.code).toBe(0);
    expect(first.json.status).toBe('success');
    expect(first.json.runs.map((r: any) => r.type)).toEqual(['contract', 'time_entry']);
    expect(first.json.runs[1].message).toContain('full reconciliation');

    h.sb.control.resetStats();
    const second = await h.cli(['sync', 'all', '--json']);
    expect(second.json.runs[1].message).toContain('incremental');
    expect(second.json.runs[1].counts.create).toBe(0);
    // zone lookup and field lists are kept in the database; TimeEntries: per batch of ≤ 500 synced contracts
    // one changed-entries page and one completeness count (this tenant's contracts make 2 batches); + one
    // labour-postings page (docs/product-rules.md#billing-sync).
    expect(second.json.runs[1].message).toContain('2 batch(es) of synced contracts');
    expect(second.json.runs[1].apiCalls).toBeLessThanOrEqual(1 + 2 * 2);
    // No entityInformation/fields GET in either run: the first sync's lists (a week at most) serve them.
    const gets = Object.entries(h.sb.control.stats().requests).filter(([route, byMethod]) => route !== 'ThresholdInformation' && (byMethod.GET ?? 0) > 0);
    expect(gets).toEqual([]);
    // A reading younger than 5 minutes (the first sync's, kept in sync_state) serves this sync's two runs.
    expect(h.sb.control.stats().requests.ThresholdInformation?.GET ?? 0).toBe(0);

    // A new entry and an edited one are picked up incrementally.
    const s = new Scenario(h.sb);
    const added = s.entry(contractIds[0]!, daysAgo(1), 3);
    const edited = h.one('SELECT autotask_time_entry_id AS id FROM engineering_items ORDER BY id LIMIT 1').id;
    h.sb.control.update('TimeEntries', edited, { hoursWorked: 7, hoursToBill: 7 });
    const third = await h.cli(['sync', 'all', '--json']);
    expect(third.json.runs[1].counts).toMatchObject({ create: 1, update: 1 });
    expect(h.one('SELECT amount_cents FROM engineering_items WHERE autotask_time_entry_id = ?', added).amount_cents).toBe(45000);
    expect(h.one('SELECT hours, amount_cents FROM engineering_items WHERE autotask_time_entry_id = ?', edited)).toEqual({ hours: '7.00', amount_cents: 105000 });
  });
});
