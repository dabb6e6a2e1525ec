// Edits in Autotask become updates with before/after; entries that stop qualifying flag their item with
// a warning (never deleted, never silently kept); unreadable records become error rows (run partial).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, at, daysAgo, startHarness, today, type SyncHarness } from './support/harness';

let h: SyncHarness;
let s: Scenario;
let contractA: number;
let lineA: number;
let contractB: number;
const entries: number[] = [];

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  s = new Scenario(h.sb);
  const backup = s.service('Managed Backup');
  contractA = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  lineA = s.line(contractA, backup, { unitPrice: 54.95, internalDescription: 'john.smith' });
  contractB = s.contract(s.company('Beta Ltd'), 'PRACBILL-Backup-365');
  s.line(contractB, backup, { unitPrice: 20 });
  for (let i = 0; i < 6; i++) entries.push(s.entry(i % 2 ? contractB : contractA, daysAgo(i), 2));
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
  expect((await h.cli(['sync', 'time', '--json'])).json.counts.create).toBe(6);
});
afterAll(async () => {
  await h.cleanup();
});

const item = (entryId: number) => h.one('SELECT * FROM engineering_items WHERE autotask_time_entry_id = ?', entryId);

describe('changes in Autotask', () => {
  it('contract and line edits become updates with the changed fields before/after', async () => {
    h.sb.control.update('ContractServices', lineA, { unitPrice: 59.95, internalDescription: 'jane.smith' });
    h.sb.control.update('Contracts', contractA, { endDate: at('2030-06-30'), contractName: 'PRACBILL-Managed-Services-Plus' });
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.json.counts).toMatchObject({ create: 0, update: 1, unchanged: 1, error: 0 });
    const log = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'update'", r.json.runId);
    expect(log.status).toBe('success');
    const details = JSON.parse(log.details);
    expect(details.changed).toEqual({
      contractName: { before: 'PRACBILL-Managed-Services', after: 'PRACBILL-Managed-Services-Plus' },
      unitPrice: { before: '54.95', after: '59.95' },
      serviceNum: { before: 'john.smith', after: 'jane.smith' },
      endDate: { before: expect.any(String), after: '2030-06-30' },
    });
    const svc = h.one('SELECT * FROM engineering_services WHERE autotask_contract_service_id = ?', lineA);
    expect(svc).toMatchObject({ unit_price_cents: 5995, service_num: 'jane.smith', end_date: '2030-06-30', contract_name: 'PRACBILL-Managed-Services-Plus' });
  });

  it('a line removed from its contract is ended, not deleted', async () => {
    const extra = s.line(contractB, s.service('Extra Storage'), { unitPrice: 5 });
    await h.cli(['sync', 'contracts', '--json']);
    expect(h.one('SELECT ended FROM engineering_services WHERE autotask_contract_service_id = ?', extra).ended).toBe(0);
    // ContractServices cannot be deleted through the real API, but a line can disappear from a re-read
    // contract (e.g. moved); the sandbox's control API removes it.
    h.sb.control.remove('ContractServices', extra);
    const r = await h.cli(['sync', 'contracts', '--json']);
    const svc = h.one('SELECT * FROM engineering_services WHERE autotask_contract_service_id = ?', extra);
    expect(svc.ended).toBe(1);
    expect(svc.ended_reason).toBe('the service line was removed from the contract in Autotask');
    expect(svc.ended_at).toBeTruthy();
    expect(r.json.counts.update).toBe(1);
  });

  it('an edited time entry is updated with before/after; amounts stay exact', async () => {
    h.sb.control.update('TimeEntries', entries[0]!, { hoursWorked: 1.1, hoursToBill: 1.1, summaryNotes: 'Replaced the router' });
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.json.counts).toMatchObject({ create: 0, update: 1, unchanged: 5, warning: 0 });
    const log = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'update'", r.json.runId);
    expect(JSON.parse(log.details).changed).toEqual({
      hours: { before: '2.00', after: '1.10' },
      amount: { before: '300.00', after: '165.00' },
      summary: { before: 'Work done', after: 'Replaced the router' },
    });
    expect(item(entries[0]!)).toMatchObject({ hours: '1.10', amount_cents: 16500 });
  });

  it('an un-approved and a deleted entry are flagged with warnings, then unflagged when they qualify again', async () => {
    h.sb.control.unapproveTimeEntry(entries[1]!);
    h.sb.control.remove('TimeEntries', entries[2]!);
    h.sb.control.update('TimeEntries', entries[3]!, { isNonBillable: true });
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.counts).toMatchObject({ warning: 3, create: 0, error: 0 });
    expect(item(entries[1]!)).toMatchObject({ flagged: 1, flag_reason: 'no longer approved for billing in Autotask' });
    expect(item(entries[2]!)).toMatchObject({ flagged: 1, flag_reason: 'deleted in Autotask' });
    expect(item(entries[3]!)).toMatchObject({ flagged: 1, flag_reason: 'made non-billable in Autotask' });
    expect(item(entries[2]!).flagged_at).toBeTruthy();
    const warnings = h.rows("SELECT * FROM sync_logs WHERE run_id = ? AND status = 'warning'", r.json.runId);
    expect(warnings).toHaveLength(3);
    expect(warnings.every((w) => w.sync_type === 'time_entry' && w.operation === 'update')).toBe(true);

    // Nothing new on a re-run: already flagged for the same reason.
    const again = await h.cli(['sync', 'time', '--json']);
    expect(again.json.counts).toMatchObject({ warning: 0, update: 0 });

    h.sb.control.approveTimeEntry(entries[1]!);
    const back = await h.cli(['sync', 'time', '--json']);
    expect(back.json.counts).toMatchObject({ update: 1, warning: 0 });
    expect(item(entries[1]!)).toMatchObject({ flagged: 0, flag_reason: null });
    const log = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'update'", back.json.runId);
    expect(log.message).toContain('no longer flagged');
  });

  it('an entry moved to an unsynced contract is flagged; entries there are counted in one summary row, not read', async () => {
    const other = s.contract(s.company('Gamma'), 'Managed Services (legacy)');
    h.sb.control.update('TimeEntries', entries[4]!, { contractID: other });
    const fresh = s.entry(other, today(), 1);
    const r = await h.cli(['sync', 'time', '--json']);
    expect(item(entries[4]!)).toMatchObject({ flagged: 1 });
    expect(item(entries[4]!).flag_reason).toContain(`moved to contract ${other}`);
    // No per-entry row: one summary row counts both entries now on the contract that is not synced.
    const skips = h.rows("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'skip'", r.json.runId);
    expect(skips).toHaveLength(1);
    expect(skips[0].status).toBe('skip');
    expect(skips[0].message).toMatch(/^2 billable, approved entries dated .* on contracts that are not synced \(outside the PRACBILL prefix/);
    expect(skips[0].message).not.toContain(`Time entry ${fresh}`);
    expect(r.json.counts.skip).toBe(2); // the summarised entries still count as skipped in the run
    // Nothing is remembered per entry; the next full run says it again (one row), still without reading them.
    expect(h.rows('SELECT * FROM sync_state WHERE key = ?', `skip:time_entry:${fresh}`)).toHaveLength(0);
    const again = await h.cli(['sync', 'time', '--json']);
    expect(again.json.counts.skip).toBe(2);
    expect(h.rows("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'skip'", again.json.runId)).toHaveLength(1);
  });

  it('entries dated outside the service dates are skipped with the reason', async () => {
    h.sb.control.update('Contracts', contractB, { startDate: at(daysAgo(1)) });
    await h.cli(['sync', 'contracts', '--json']);
    const early = s.entry(contractB, daysAgo(3), 1);
    const r = await h.cli(['sync', 'time', '--json']);
    const skip = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'skip' AND message LIKE ?", r.json.runId, `Time entry ${early} %`);
    expect(skip.message).toContain("outside the service's dates");
  });
});

describe('unreadable payloads', () => {
  it('a record with nulls or wrong types becomes an error row naming the field; the run is partial (exit 0)', async () => {
    const bad = s.entry(contractA, daysAgo(1), 1);
    h.sb.control.update('TimeEntries', bad, { hoursWorked: null, hoursToBill: null });
    const good = s.entry(contractA, daysAgo(1), 4);
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe('partial');
    expect(r.json.counts.error).toBe(1);
    const err = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'error'", r.json.runId);
    expect(err.status).toBe('error');
    expect(err.message).toContain(`Time entry ${bad}`);
    expect(err.message).toContain('hoursWorked');
    expect(JSON.parse(err.details).problems[0]).toMatch(/^hoursWorked: /);
    // The run went on: the good entry was imported.
    expect(item(good)).toMatchObject({ hours: '4.00', amount_cents: 60000 });
    expect(item(bad)).toBeUndefined();

    const badContract = s.contract(s.company('Delta'), 'PRACBILL-Broken');
    h.sb.control.update('Contracts', badContract, { companyID: null });
    const c = await h.cli(['sync', 'contracts', '--json']);
    expect(c.json.status).toBe('partial');
    const cerr = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'error'", c.json.runId);
    expect(cerr.message).toContain(`Contract ${badContract}`);
    expect(cerr.message).toContain('companyID');
  });
});
