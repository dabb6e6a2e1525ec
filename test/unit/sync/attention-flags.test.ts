// "Needs attention" with real syncs against the sandbox, through the CLI (`list flagged`, `flagged ack`):
// an un-approved entry is flagged and listed with its reason; the acknowledgement records the OS user and
// the time; re-flagged with another reason it is open again; re-approved it leaves the queue.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

let h: SyncHarness;
let entries: number[] = [];
let otherContract: number;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const contract = s.contract(s.company('Attention Pty Ltd'), 'PRACBILL-Attention');
  s.line(contract, s.service('Managed Service'), { unitPrice: 99 });
  otherContract = s.contract(s.company('Not Synced Ltd'), 'Block-Hours');
  entries = [s.entry(contract, daysAgo(2), 2), s.entry(contract, daysAgo(3), 1.5)];
  const first = await h.cli(['sync', 'all', '--json']);
  expect(first.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
});

const itemIdOf = (entry: number) => (h.one('SELECT id FROM engineering_items WHERE autotask_time_entry_id = ?', entry) as { id: number }).id;
const queue = async () => {
  const r = await h.cli(['list', 'flagged', '--json']);
  expect(r.code).toBe(0);
  return r.json;
};

describe('list flagged / flagged ack', () => {
  it('lists nothing before anything is flagged', async () => {
    const q = await queue();
    expect(q).toMatchObject({ open: [], openTotal: 0, acknowledged: [], acknowledgedTotal: 0, runs: [], unresolvedRuns: 0, limit: 200 });
  });

  it('an entry un-approved in Autotask is in the queue after the next sync, with its reason and amount', async () => {
    h.sb.control.unapproveTimeEntry(entries[0]!);
    expect((await h.cli(['sync', 'time', '--json'])).code).toBe(0);
    const q = await queue();
    expect(q.openTotal).toBe(1);
    expect(q.open[0]).toMatchObject({
      itemId: itemIdOf(entries[0]!),
      autotaskTimeEntryId: entries[0],
      customerName: 'Attention Pty Ltd',
      contractName: 'PRACBILL-Attention',
      hours: '2.00',
      amount: '300.00',
      flagReason: 'no longer approved for billing in Autotask',
      acknowledged: null,
    });
    expect(Date.parse(q.open[0].flaggedAt)).toBeGreaterThan(Date.now() - 60_000);
    const text = await h.cli(['list', 'flagged']);
    expect(text.out).toContain('Open flagged items: 1');
    expect(text.out).toContain('no longer approved for billing in Autotask');
  });

  it('`flagged ack` records the OS user and the time; the item moves to Acknowledged', async () => {
    const id = itemIdOf(entries[0]!);
    const before = Date.now();
    const r = await h.cli(['flagged', 'ack', String(id), '--json']);
    expect(r.code).toBe(0);
    expect(r.json.recorded).toBe(true);
    expect(r.err).toContain(`Acknowledged item ${id}`);
    const q = await queue();
    expect(q.open).toEqual([]);
    expect(q.acknowledged).toHaveLength(1);
    expect(q.acknowledged[0].acknowledged.by).toBe(os.userInfo().username);
    expect(Date.parse(q.acknowledged[0].acknowledged.at)).toBeGreaterThanOrEqual(before - 1000);
    // Twice: nothing changes, exit 0.
    const again = await h.cli(['flagged', 'ack', String(id)]);
    expect(again.code).toBe(0);
    expect(again.err).toContain('already acknowledged');
  });

  it('refuses an unknown id, a non-flagged item and a bad id with exit 2', async () => {
    expect(await h.cli(['flagged', 'ack', '999999'])).toMatchObject({ code: 2, err: expect.stringContaining('No engineering item has itemId 999999') });
    expect(await h.cli(['flagged', 'ack', String(itemIdOf(entries[1]!))])).toMatchObject({ code: 2, err: expect.stringContaining('is not flagged') });
    expect(await h.cli(['flagged', 'ack', 'abc'])).toMatchObject({ code: 2, err: expect.stringContaining('itemId must be a positive whole number') });
    expect(await h.cli(['list', 'flagged', '--limit', '0'])).toMatchObject({ code: 2, err: expect.stringContaining('--limit must be a whole number from 1 to 1000') });
  });

  it('re-flagged with a different reason by a later sync (approved again, moved to a contract that is not synced), it is open again and shows the earlier acknowledgement', async () => {
    // Approved again, but now on a contract that is not synced: the sync flags it for that reason instead.
    h.sb.control.approveTimeEntry(entries[0]!);
    h.sb.control.update('TimeEntries', entries[0]!, { contractID: otherContract });
    expect((await h.cli(['sync', 'time', '--json'])).code).toBe(0);
    const q = await queue();
    expect(q.acknowledged).toEqual([]);
    expect(q.open).toHaveLength(1);
    expect(q.open[0]).toMatchObject({
      flagReason: `moved to contract ${otherContract}, which is not a synced contract`,
      acknowledged: null,
      previous: { by: os.userInfo().username, reason: 'no longer approved for billing in Autotask' },
    });
  });

  it('back on its synced contract, the flag is cleared and the item leaves the queue; the acknowledgement stays on record', async () => {
    h.sb.control.update('TimeEntries', entries[0]!, { contractID: h.sb.control.get('TimeEntries', entries[1]!)!.contractID });
    expect((await h.cli(['sync', 'time', '--json'])).code).toBe(0);
    const q = await queue();
    expect(q.open).toEqual([]);
    expect(q.acknowledged).toEqual([]);
    expect(h.one('SELECT COUNT(*) AS n FROM flag_acknowledgements')).toEqual({ n: 1 });
  });
});
