// Issue #15 points 1–2 (written against a parallel implementation, adapted to the merged one): the contract-filtered time-entry read.
// Time-entry reads ask Autotask only for entries on the synced contracts (`contractID in` batches); what
// they leave out is counted into one summary row per kind per full read, never read or logged one by one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncedContractBatches, timeEntryReadTuning } from '../../../main/sync/time-entry-sync';

const services = (ids: number[]) => ids.map((autotaskContractId) => ({ autotaskContractId }));
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

const timeEntryPosts = (h: SyncHarness) => h.sb.control.stats().requests.TimeEntries?.POST ?? 0;
const item = (h: SyncHarness, entryId: number) => h.rows('SELECT flagged, flag_reason FROM engineering_items WHERE autotask_time_entry_id = ?', entryId)[0];
const logs = (h: SyncHarness, runId: number, operation: string) =>
  h.rows('SELECT status, message, details FROM sync_logs WHERE run_id = ? AND operation = ? ORDER BY id', runId, operation);

describe('contract batches', () => {
  it('are the distinct contract ids in lists of at most the batch size (500 at most), none for no contract', () => {
    expect(syncedContractBatches(services([9, 3, 9]))).toEqual([[3, 9]]);
    expect(syncedContractBatches([])).toEqual([]);
    expect(syncedContractBatches(services([1, 2, 3, 4, 5]), 2)).toEqual([[1, 2], [3, 4], [5]]);
    const many = Array.from({ length: 1201 }, (_, i) => i + 1);
    expect(syncedContractBatches(services(many)).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(syncedContractBatches(services(many), 10_000).map((b) => b.length)).toEqual([500, 500, 201]);
  });
});

describe('no synced contract', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startHarness({ size: 'empty' });
    const s = new Scenario(h.sb);
    const other = s.contract(s.company('Gamma'), 'Managed Services (legacy)');
    s.line(other, s.service('Managed Backup'));
    s.entry(other, daysAgo(1), 2);
    s.entry(other, daysAgo(2), 1);
    s.entry(null, daysAgo(1), 1.5);
  }, 60_000);
  afterAll(async () => {
    await h.cleanup();
  });

  it('sends no time-entry query at all, only the two counts of what is left out, and writes one row per kind', async () => {
    expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
    h.sb.control.resetStats();
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.counts).toMatchObject({ create: 0, skip: 2, warning: 1, error: 0 });
    expect(timeEntryPosts(h)).toBe(2);
    const skips = logs(h, r.json.runId, 'skip');
    expect(skips).toHaveLength(2);
    expect(skips[0]).toMatchObject({ status: 'skip' });
    expect(skips[0].message).toMatch(
      /^2 billable, approved entries dated .* on contracts that are not synced \(outside the PRACBILL prefix, inactive, or without service lines\) were not imported; see Excluded$/,
    );
    expect(JSON.parse(skips[0].details)).toMatchObject({ summary: 'unsynced-contracts', entries: 2 });
    expect(skips[1]).toMatchObject({ status: 'warning' });
    expect(skips[1].message).toMatch(/^1 billable, approved entry dated .* is on no contract; nobody will bill it/);
    expect(JSON.parse(skips[1].details)).toMatchObject({ summary: 'no-contract', entries: 1 });
  });

  it('a nightly run asks Autotask nothing about time entries and writes no summary', async () => {
    await h.cli(['sync', 'all', '--json']); // the first scheduled run is a full one (a manual run sets no cursor)
    h.sb.control.resetStats();
    const quiet = await h.cli(['sync', 'all', '--json']);
    expect(quiet.json.runs[1].message).toContain('incremental');
    expect(quiet.json.runs[1].counts).toMatchObject({ skip: 0, warning: 0 });
    expect(timeEntryPosts(h)).toBe(0);
    expect(logs(h, quiet.json.runs[1].runId, 'skip')).toHaveLength(0);
  });
});

describe('more synced contracts than one `in` list holds (batch size 2)', () => {
  let h: SyncHarness;
  let s: Scenario;
  const entries: number[] = [];
  let other: number;
  beforeAll(async () => {
    timeEntryReadTuning.contractBatch = 2;
    h = await startHarness({ size: 'empty' });
    h.sb.control.clock.advance(-3 * 3_600_000);
    s = new Scenario(h.sb);
    const service = s.service('Managed Backup');
    for (let i = 0; i < 5; i++) {
      const c = s.contract(s.company(`Customer ${i}`), `PRACBILL-Plan-${i}`);
      s.line(c, service, { unitPrice: 10 });
      entries.push(s.entry(c, daysAgo(1 + i), 1, { billingApprovalDateTime: h.sb.control.clock.now().toISOString() }));
    }
    other = s.contract(s.company('Gamma'), 'Legacy plan');
    s.line(other, service, { unitPrice: 10 });
    s.entry(other, daysAgo(1), 3, { billingApprovalDateTime: h.sb.control.clock.now().toISOString() });
    h.sb.control.clock.advance(3 * 3_600_000);
  }, 60_000);
  afterAll(async () => {
    await h.cleanup();
  });
  afterEach(() => {
    timeEntryReadTuning.contractBatch = 2;
  });

  it('a full read counts and reads each of the 3 batches; the left-out count excludes every batch', async () => {
    expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
    h.sb.control.resetStats();
    const r = await h.cli(['sync', 'all', '--json']);
    const time = r.json.runs[1];
    expect(time.counts).toMatchObject({ create: 5, skip: 1, warning: 0, error: 0 });
    // 3 batch counts + 2 counts of what is left out + one page per batch.
    expect(timeEntryPosts(h)).toBe(3 + 2 + 3);
    const skips = logs(h, time.runId, 'skip');
    expect(skips).toHaveLength(1);
    expect(skips[0].message).toMatch(/^1 billable, approved entry dated .* on contracts that are not synced/);
  });

  it('a nightly run reads each batch once and counts each batch once', async () => {
    h.sb.control.resetStats();
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toContain('incremental');
    expect(night.json.runs[1].message).not.toContain('full reconciliation');
    expect(night.json.runs[1].counts).toMatchObject({ create: 0, skip: 0, warning: 0 });
    expect(timeEntryPosts(h)).toBe(3 + 3);
  });

  it('an entry made non-billable on a synced contract is read by the nightly run and flagged at once', async () => {
    h.sb.control.update('TimeEntries', entries[2]!, { isNonBillable: true });
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toContain('incremental');
    expect(night.json.runs[1].message).not.toContain('full reconciliation');
    expect(item(h, entries[2]!)).toEqual({ flagged: 1, flag_reason: 'made non-billable in Autotask' });
    h.sb.control.update('TimeEntries', entries[2]!, { isNonBillable: false });
    await h.cli(['sync', 'all', '--json']);
    expect(item(h, entries[2]!)).toEqual({ flagged: 0, flag_reason: null });
  });

  it('un-approved and moved to a contract that is not synced: the count disagrees and the reconciliation flags both', async () => {
    h.sb.control.unapproveTimeEntry(entries[0]!);
    // Moving does not bump lastModifiedDateTime here: only the completeness count can notice it.
    h.sb.control.update('TimeEntries', entries[4]!, { contractID: other });
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toMatch(
      /full reconciliation because Autotask has 3 billable, approved entries .* on synced contracts and the billing database accounts for 5/,
    );
    expect(item(h, entries[0]!)).toEqual({ flagged: 1, flag_reason: 'no longer approved for billing in Autotask' });
    expect(item(h, entries[4]!)).toEqual({ flagged: 1, flag_reason: `moved to contract ${other}, which is not a synced contract` });
    // The reconciliation is a full read: it writes the summary (now 2 entries on other contracts).
    expect(logs(h, night.json.runs[1].runId, 'skip').map((l) => l.message)).toEqual([expect.stringMatching(/^2 billable, approved entries /)]);
    // The night after, the counts agree again (flagged items that left the set are not counted).
    const next = await h.cli(['sync', 'all', '--json']);
    expect(next.json.runs[1].message).toContain('incremental');
    expect(next.json.runs[1].message).not.toContain('full reconciliation');
  });

  it('entries dated outside the service dates stay per-record skips, and a remembered skip whose entry left the set is cleared', async () => {
    const lateLine = s.contract(s.company('Late Starter'), 'PRACBILL-Late-Start', { startDate: `${daysAgo(1)}T00:00:00.000Z` });
    s.line(lateLine, s.service('Managed Service'), { unitPrice: 10 });
    // Created (and approved) hours ago: outside the nightly read's overlap.
    h.sb.control.clock.advance(-3 * 3_600_000);
    const early = s.entry(lateLine, daysAgo(3), 2, { billingApprovalDateTime: h.sb.control.clock.now().toISOString() });
    h.sb.control.clock.advance(3 * 3_600_000);
    const r = await h.cli(['sync', 'all', '--json']);
    const skip = logs(h, r.json.runs[1].runId, 'skip').filter((l) => l.message.startsWith(`Time entry ${early} `));
    expect(skip).toHaveLength(1);
    expect(skip[0].message).toContain("outside the service's dates");
    expect(h.rows('SELECT key FROM sync_state WHERE key = ?', `skip:time_entry:${early}`)).toHaveLength(1);
    h.sb.control.unapproveTimeEntry(early);
    const night = await h.cli(['sync', 'all', '--json']);
    expect(night.json.runs[1].message).toContain('full reconciliation because');
    expect(h.rows('SELECT key FROM sync_state WHERE key = ?', `skip:time_entry:${early}`)).toHaveLength(0);
    const next = await h.cli(['sync', 'all', '--json']);
    expect(next.json.runs[1].message).not.toContain('full reconciliation');
  });
});

describe('a contract that becomes synced later', () => {
  let h: SyncHarness;
  let s: Scenario;
  let legacy: number;
  const older: number[] = [];
  beforeAll(async () => {
    h = await startHarness({ size: 'empty' });
    s = new Scenario(h.sb);
    const service = s.service('Managed Backup');
    const synced = s.contract(s.company('Acme'), 'PRACBILL-Acme');
    s.line(synced, service, { unitPrice: 10 });
    s.entry(synced, daysAgo(1), 1);
    legacy = s.contract(s.company('Beta'), 'Beta legacy plan');
    s.line(legacy, service, { unitPrice: 10 });
    older.push(s.entry(legacy, daysAgo(4), 2), s.entry(legacy, daysAgo(5), 1));
  }, 60_000);
  afterAll(async () => {
    await h.cleanup();
  });

  it('has its older entries imported by the next run', async () => {
    const first = await h.cli(['sync', 'all', '--json']);
    expect(first.json.runs[1].counts).toMatchObject({ create: 1, skip: 2 });
    const quiet = await h.cli(['sync', 'all', '--json']);
    expect(quiet.json.runs[1].message).toContain('incremental');
    h.sb.control.update('Contracts', legacy, { contractName: 'PRACBILL-Beta' });
    const next = await h.cli(['sync', 'all', '--json']);
    expect(next.json.runs[1].message).toContain('full reconciliation');
    expect(next.json.runs[1].counts).toMatchObject({ create: 2, skip: 0 });
    for (const id of older) expect(item(h, id)).toEqual({ flagged: 0, flag_reason: null });
    expect(logs(h, next.json.runs[1].runId, 'skip')).toHaveLength(0);
  });
});
