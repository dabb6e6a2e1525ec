// The user guide's "Common Sync Scenarios", through the CLI against the demo tenant over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, startHarness, today, type SyncHarness } from './support/harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startHarness({ size: 'demo', seed: 7 });
});
afterAll(async () => {
  await h.cleanup();
});

describe('seed scenarios (demo tenant)', () => {
  it('scenario 1: a new PRACBILL contract creates its customer on demand and its service, logged contract/create/success', async () => {
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ type: 'contract', status: 'success' });
    expect(r.json.counts.create).toBeGreaterThan(0);

    const customer = h.one("SELECT * FROM customers WHERE name = 'New Company Inc'");
    expect(customer).toBeTruthy();
    const services = h.rows("SELECT * FROM engineering_services WHERE contract_name = 'PRACBILL-Website-Hosting' AND customer_id = ?", customer.id);
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      expect(s.customer_id).toBe(customer.id);
      expect(s.ended).toBe(0);
      expect(s.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const contractLog = h.rows(
      "SELECT * FROM sync_logs WHERE run_id = ? AND sync_type = 'contract' AND operation = 'create' AND status = 'success' AND message LIKE ?",
      r.json.runId,
      '%"PRACBILL-Website-Hosting" (New Company Inc)%',
    );
    expect(contractLog).toHaveLength(services.length);
    const companyLog = h.rows("SELECT * FROM sync_logs WHERE sync_type = 'company' AND operation = 'create' AND message LIKE '%New Company Inc%'");
    expect(companyLog).toHaveLength(1);

    // Mapping: internalDescription → service_num, money exact, dates as calendar dates.
    const line = h.sb.control.get('ContractServices', services[0].autotask_contract_service_id)!;
    expect(services[0].service_num).toBe(line.internalDescription === null ? null : String(line.internalDescription).slice(0, 100));
    expect(services[0].unit_price_cents).toBe(Math.round(Number(line.unitPrice) * 100));
    const contract = h.sb.control.get('Contracts', services[0].autotask_contract_id)!;
    expect(services[0].start_date).toBe(String(contract.startDate).slice(0, 10));
    expect(services[0].end_date).toBe(String(contract.endDate).slice(0, 10));

    // Non-matching names are skipped with the reason; inactive ones too.
    const skips = h.rows("SELECT message FROM sync_logs WHERE run_id = ? AND operation = 'skip'", r.json.runId).map((x) => x.message);
    expect(skips.some((m: string) => m.includes('name does not match SKU prefix PRACBILL'))).toBe(true);
    // Odd spellings of the prefix (case, leading spaces) are accepted.
    expect(h.rows("SELECT * FROM engineering_services WHERE contract_name LIKE 'pracbill-%' COLLATE BINARY OR contract_name LIKE 'Pracbill-%'").length).toBeGreaterThan(0);
  });

  it('scenario 2: 5 billable approved hours at $150/h become a $750.00 item, logged time_entry/create/success', async () => {
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ type: 'time_entry', status: 'success' });
    const item = h.one(
      `SELECT i.* FROM engineering_items i JOIN engineering_services s ON s.id = i.service_id JOIN customers c ON c.id = s.customer_id
        WHERE s.contract_name = 'PRACBILL-Website-Hosting' AND c.name = 'New Company Inc' AND i.hours = '5.00'`,
    );
    expect(item).toBeTruthy();
    expect(item.rate_cents).toBe(15000);
    expect(item.amount_cents).toBe(75000);
    const log = h.one(
      "SELECT * FROM sync_logs WHERE run_id = ? AND sync_type = 'time_entry' AND operation = 'create' AND status = 'success' AND message LIKE ?",
      r.json.runId,
      `Time entry ${item.autotask_time_entry_id} %`,
    );
    expect(log.message).toContain('5.00 h × $150.00/h = $750.00');
    // list items shows money as decimal strings (the queries colleague's command, if registered).
  });

  it('scenario 3: an ended contract ends its services (history kept) and later entries are skipped with the reason', async () => {
    const company = h.sb.control.list('Companies', (c) => c.companyName === 'New Company Inc')[0]!;
    const contract = h.sb.control.list('Contracts', (c) => c.contractName === 'PRACBILL-Website-Hosting' && c.companyID === company.id)[0]!;
    const contractId = contract.id as number;
    h.sb.control.endContract(contractId);
    const before = h.one('SELECT COUNT(*) AS n FROM engineering_items i JOIN engineering_services s ON s.id = i.service_id WHERE s.autotask_contract_id = ?', contractId).n;

    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0); // ending one contract of a small book is not a mass change
    const services = h.rows('SELECT * FROM engineering_services WHERE autotask_contract_id = ?', contractId);
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      expect(s.ended).toBe(1);
      expect(s.ended_reason).toContain('no longer active');
      expect(s.end_date).toBe(today());
    }
    const endLogs = h.rows("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'update' AND message LIKE '%ended:%'", r.json.runId);
    expect(endLogs).toHaveLength(services.length);
    expect(JSON.parse(endLogs[0].details).changed.ended).toEqual({ before: false, after: true });

    const s = new Scenario(h.sb);
    const entryId = s.entry(contractId, today(), 2);
    const t = await h.cli(['sync', 'time', '--json']);
    expect(t.code).toBe(0);
    expect(h.one('SELECT * FROM engineering_items WHERE autotask_time_entry_id = ?', entryId)).toBeUndefined();
    const skip = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'skip' AND message LIKE ?", t.json.runId, `Time entry ${entryId} %`);
    expect(skip.status).toBe('skip');
    expect(skip.message).toMatch(/has ended/);
    // History kept: items imported before the end are still there.
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_items i JOIN engineering_services s ON s.id = i.service_id WHERE s.autotask_contract_id = ?', contractId).n).toBe(before);
  });
});
