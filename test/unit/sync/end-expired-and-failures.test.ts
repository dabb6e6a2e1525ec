// "End expired contracts", and runs that fail as a whole (the API refuses) leaving earlier data intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, at, daysAgo, startHarness, type SyncHarness } from './support/harness';

let h: SyncHarness;
let s: Scenario;
let expired: number;
let current: number;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  s = new Scenario(h.sb);
  const svc = s.service('Managed Services');
  expired = s.contract(s.company('Old Customer'), 'PRACBILL-Expired', { endDate: at(daysAgo(3)) });
  s.line(expired, svc);
  current = s.contract(s.company('Current Customer'), 'PRACBILL-Current');
  s.line(current, svc);
  s.entry(current, daysAgo(1), 2);
});
afterAll(async () => {
  await h.cleanup();
});

const serviceOf = (contractId: number) => h.one('SELECT * FROM engineering_services WHERE autotask_contract_id = ?', contractId);

describe('end expired contracts', () => {
  it('without the option an expired but still active contract is synced and stays active', async () => {
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.json.counts.create).toBe(4);
    expect(serviceOf(expired)).toMatchObject({ ended: 0, end_date: daysAgo(3) });
  });

  it('with --end-expired the expired contract is ended with the reason; a later run without it does not revive it', async () => {
    const r = await h.cli(['sync', 'contracts', '--end-expired', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.counts.update).toBe(1);
    expect(serviceOf(expired)).toMatchObject({ ended: 1, ended_reason: `the contract end date ${daysAgo(3)} has passed` });
    expect(serviceOf(current).ended).toBe(0);
    const again = await h.cli(['sync', 'contracts', '--json']);
    expect(again.json.counts.update).toBe(0);
    expect(serviceOf(expired).ended).toBe(1);
  });

  it('a new contract that has already expired is not created when expired contracts are ended', async () => {
    const late = s.contract(s.company('Late Customer'), 'PRACBILL-Late', { endDate: at(daysAgo(10)) });
    s.line(late, s.service('Hosting'));
    const r = await h.cli(['sync', 'contracts', '--end-expired', '--json']);
    expect(serviceOf(late)).toBeUndefined();
    const skip = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'skip' AND message LIKE '%PRACBILL-Late%'", r.json.runId);
    expect(skip.message).toContain('has passed (End expired contracts is ticked)');
  });
});

describe('failures as a whole', () => {
  it('a refused request fails the run (exit 1) with the translated message; data and the cursor stay as they were', async () => {
    expect((await h.cli(['sync', 'all', '--json'])).code).toBe(0);
    const items = h.rows('SELECT * FROM engineering_items');
    const cursor = h.one("SELECT value FROM sync_state WHERE key = 'time_entry.cursor'").value;
    h.sb.control.injectFault({ kind: 'permission500', entity: 'TimeEntries', times: 50 });
    try {
      const r = await h.cli(['sync', 'all', '--json']);
      expect(r.code).toBe(1);
      expect(r.json.status).toBe('failed');
      expect(r.json.runs.map((x: any) => x.status)).toEqual(['success', 'failed']);
      expect(r.json.runs[1].message).toMatch(/^The sync stopped: /);
      expect(r.json.runs[1].message).toMatch(/permission/i);
    } finally {
      h.sb.control.clearFaults();
    }
    expect(h.rows('SELECT * FROM engineering_items')).toEqual(items);
    expect(h.one("SELECT value FROM sync_state WHERE key = 'time_entry.cursor'").value).toBe(cursor);
    const errorLog = h.one("SELECT * FROM sync_logs WHERE operation = 'error' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(errorLog.details)).toMatchObject({ name: 'AutotaskError', kind: 'permission' });
  });
});
