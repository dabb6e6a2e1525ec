// Issue #15 (wall time): the labour postings (BillingItems) are read beside the time entries, not after them,
// and planned against the items as the entries left them — so an entry that moved into the window during
// the run keeps its posting (re-read by id), never cleared unseen. Against the sandbox over HTTP, CLI in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, at, daysAgo, startHarness, type SyncHarness } from './support/harness';

let h: SyncHarness;
let s: Scenario;
let contract: number;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  s = new Scenario(h.sb);
  contract = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  s.line(contract, s.service('Managed Backup'));
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
});
afterAll(async () => {
  await h?.cleanup();
});

const posting = (entry: number, date: string) =>
  h.sb.control.insert('BillingItems', {
    billingItemType: 1,
    timeEntryID: entry,
    contractID: contract,
    itemDate: at(date),
    postedDate: new Date().toISOString(),
    quantity: 1,
    rate: 150,
  }).id as number;
const postingsOf = () => h.rows('SELECT id, autotask_time_entry_id AS te FROM labour_postings ORDER BY id');
const posts = () => h.sb.control.stats().requests.BillingItems?.POST ?? 0;
const timeCalls = () => h.sb.control.stats().requests.TimeEntries?.POST ?? 0;

describe('labour postings read beside the time entries', () => {
  it('asks for the postings while the time-entry read is still going, and stores the same result', async () => {
    const entries = [s.entry(contract, daysAgo(2), 1.5), s.entry(contract, daysAgo(3), 2)];
    const labour = posting(entries[0]!, daysAgo(2));
    h.sb.control.resetStats();
    // Slow time-entry requests: read one after the other, every BillingItems call would come after the last of them.
    h.sb.control.setLatency({ TimeEntries: 400 });
    let timeCallsAtFirstPosting: number | null = null;
    const poll = setInterval(() => {
      if (timeCallsAtFirstPosting === null && posts() > 0) timeCallsAtFirstPosting = timeCalls();
    }, 5);
    let r;
    try {
      r = await h.cli(['sync', 'time', '--json']);
    } finally {
      clearInterval(poll);
      h.sb.control.setLatency(0);
    }
    expect(r.code).toBe(0);
    expect(r.json.counts.create).toBe(2);
    expect(timeCallsAtFirstPosting).not.toBeNull();
    // More time-entry requests arrived after the first postings query than before it.
    expect(timeCalls()).toBeGreaterThan(timeCallsAtFirstPosting!);
    expect(postingsOf()).toEqual([{ id: labour, te: entries[0] }]);
    expect(h.rows("SELECT message FROM sync_logs WHERE run_id = ? AND message LIKE '%is posted in Autotask%'", r.json.runId)).toHaveLength(1);
  });

  it('an entry moved into the window during the run keeps its posting: re-read by id, not cleared', async () => {
    // Imported and posted with a wider window, dated before the default one.
    const old = daysAgo(120);
    const entry = s.entry(contract, old, 3);
    const wide = await h.cli(['sync', 'time', '--from', daysAgo(130), '--to', daysAgo(0), '--json']);
    expect(wide.code).toBe(0);
    const id = posting(entry, old);
    expect((await h.cli(['sync', 'time', '--from', daysAgo(130), '--to', daysAgo(0), '--json'])).code).toBe(0);
    expect(postingsOf().map((p) => p.id)).toContain(id);

    // In Autotask the entry moves into the default window; its posting keeps the old itemDate, so the
    // window's postings query does not return it. The run's early read did not know the item was in it.
    h.sb.control.update('TimeEntries', entry, { dateWorked: at(daysAgo(5)) });
    h.sb.control.resetStats();
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(h.one('SELECT date_worked FROM engineering_items WHERE autotask_time_entry_id = ?', entry).date_worked).toBe(daysAgo(5));
    expect(postingsOf().map((p) => p.id)).toContain(id);
    expect(h.rows("SELECT message FROM sync_logs WHERE run_id = ? AND message LIKE '%no longer posted%'", r.json.runId)).toEqual([]);
    // The window query, plus the re-read by id of the posting the early read could not know about.
    expect(posts()).toBe(2);
  });
});
