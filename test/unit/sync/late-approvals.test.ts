// Nightly (incremental) runs must not miss what Autotask changes without a modification stamp: the
// sandbox's default, like the strictest reading of the real API, does not bump lastModifiedDateTime when
// an entry is approved or un-approved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

let h: SyncHarness;
let contract: number;
let imported: number[] = [];
let lateApproval: number;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  h.sb.control.clock.advance(-3 * 3_600_000);
  const s = new Scenario(h.sb);
  const company = s.company('Late Approvals Ltd');
  contract = s.contract(company, 'PRACBILL-Late');
  s.line(contract, s.service('Managed Service'), { unitPrice: 99 });
  const approved = { billingApprovalDateTime: h.sb.control.clock.now().toISOString() };
  imported = [s.entry(contract, daysAgo(2), 2, approved), s.entry(contract, daysAgo(3), 1, approved), s.entry(contract, daysAgo(4), 1.5, approved)];
  // Worked days ago, still waiting for approval.
  lateApproval = s.entry(contract, daysAgo(5), 4, { billingApprovalDateTime: null });
  h.sb.control.clock.advance(3 * 3_600_000);
}, 60_000);
afterAll(async () => {
  await h.cleanup();
});

const item = (entryId: number) => h.rows('SELECT flagged, flag_reason FROM engineering_items WHERE autotask_time_entry_id = ?', entryId)[0];

describe('incremental runs and changes without a modification stamp', () => {
  it('a reconciled book costs the same few requests when nothing changed', async () => {
    const first = await h.cli(['sync', 'all', '--json']);
    expect(first.json.runs[1].counts.create).toBe(3);
    h.sb.control.resetStats();
    const quiet = await h.cli(['sync', 'all', '--json']);
    expect(quiet.json.runs[1].message).toContain('incremental');
    expect(quiet.json.runs[1].message).not.toContain('full reconciliation');
    // + BillingItems field metadata and one labour-postings page (docs/product-rules.md#billing-sync, every time run).
    expect(quiet.json.runs[1].apiCalls).toBeLessThanOrEqual(6);
  });

  it('imports an entry approved late the next night, although its lastModifiedDateTime did not move', async () => {
    const before = h.sb.control.get('TimeEntries', lateApproval)!.lastModifiedDateTime;
    h.sb.control.approveTimeEntry(lateApproval);
    expect(h.sb.control.get('TimeEntries', lateApproval)!.lastModifiedDateTime).toBe(before);
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toContain('incremental');
    expect(night.json.runs[1].counts.create).toBe(1);
    expect(item(lateApproval)).toEqual({ flagged: 0, flag_reason: null });
  });

  it('flags an un-approved entry the next night instead of waiting for the weekly reconciliation', async () => {
    h.sb.control.unapproveTimeEntry(imported[0]!);
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toMatch(/full reconciliation because Autotask has 3 billable, approved entries .* accounts for 4/);
    expect(night.json.runs[1].counts.warning).toBe(1);
    expect(item(imported[0]!)).toEqual({ flagged: 1, flag_reason: 'no longer approved for billing in Autotask' });
    // And the night after, the counts agree again: back to a cheap incremental run.
    const next = await h.cli(['sync', 'all', '--json']);
    expect(next.json.runs[1].message).not.toContain('full reconciliation');
  });

  it('flags an entry deleted in Autotask the next night', async () => {
    h.sb.control.remove('TimeEntries', imported[1]!);
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].counts.warning).toBe(1);
    expect(item(imported[1]!)).toEqual({ flagged: 1, flag_reason: 'deleted in Autotask' });
  });
});
