// Issue #13 point 4: the labour-posting planning rules (BillingItems that say Autotask already posted an
// entry: the double-billing guard), tested directly on plain data (no sandbox, no database). Each row: what
// Autotask returned, what the database holds, and the plan actions expected ("kind id").
import { describe, expect, it } from 'vitest';
import type { AutotaskBillingItem } from '../../../main/sync/autotask-payloads';
import { planPostingChanges, type LabourPostingLocal, type LabourPostingSnapshot } from '../../../main/sync/labour-postings';
import type { PostingRow } from '../../../main/db/queries/labour-postings';
import type { PlanAction } from '../../../main/sync/plan';

const TYPES = new Map([
  [1, 'Labor'],
  [2, 'Labor Adjustment'],
]);
const remote = (o: Partial<AutotaskBillingItem> = {}): AutotaskBillingItem => ({
  id: 700,
  billingItemType: 1,
  timeEntryID: 101,
  postedDate: '2026-11-05T00:00:00.000Z',
  invoiceID: null,
  itemDate: '2026-11-03T00:00:00.000Z',
  ...o,
});
const stored = (o: Partial<PostingRow> = {}): PostingRow => ({
  id: 700,
  autotaskTimeEntryId: 101,
  billingItemType: 1,
  postedDate: '2026-11-05T00:00:00.000Z',
  autotaskInvoiceId: null,
  dateWorked: '2026-11-03',
  ...o,
});
const item = (entry: number, id = entry + 5000) => ({ id, autotaskTimeEntryId: entry, dateWorked: '2026-11-03', hours: '1.50', amount: '225.00' });

interface Case {
  name: string;
  found?: AutotaskBillingItem[];
  unreadable?: number[];
  stored?: PostingRow[];
  /** Imported entries (time entry ids). */
  items?: number[];
  /** Time entry id → invoice of a closed run it is billed on. */
  billed?: Record<number, string>;
  planned?: number[];
  actions: string[];
  unchanged?: number;
  check?: (actions: PlanAction[]) => void;
}

function run(k: Case) {
  const snapshot: LabourPostingSnapshot = { types: TYPES, found: new Map((k.found ?? []).map((b) => [b.id, b])), unreadable: new Set(k.unreadable ?? []), readErrors: [] };
  const items = new Map((k.items ?? []).map((e) => [e, item(e)]));
  const billed = new Map(Object.entries(k.billed ?? {}).map(([entry, invoice]) => [item(Number(entry)).id, invoice]));
  const local: LabourPostingLocal = { postings: new Map((k.stored ?? []).map((p) => [p.id, p])), items, billed };
  return planPostingChanges(snapshot, local, new Set(k.planned ?? []));
}

const label = (a: PlanAction) => `${a.kind} ${'autotaskId' in a ? a.autotaskId : ''}`;

const CASES: Case[] = [
  {
    name: 'a new posting of an imported entry marks it posted',
    found: [remote()],
    items: [101],
    actions: ['set-posting 700'],
    check: (a) => expect(a[0]!.log!.status).toBe('success'),
  },
  { name: 'a posting of an entry that was never imported is not planned', found: [remote({ timeEntryID: 999 })], items: [101], actions: [] },
  { name: 'in a dry run, an entry the run plans to create counts as imported', found: [remote({ timeEntryID: 999 })], planned: [999], actions: ['set-posting 700'] },
  { name: 'an unchanged posting is counted, not planned', found: [remote()], stored: [stored()], items: [101], actions: [], unchanged: 1 },
  {
    name: 'a posting that moved onto an Autotask invoice is updated',
    found: [remote({ invoiceID: 88 })],
    stored: [stored()],
    items: [101],
    actions: ['set-posting 700'],
    check: (a) => expect(a[0]!.log!.message).toContain('changed (Labor on 2026-11-05, on Autotask invoice 88)'),
  },
  {
    name: 'a posting of an item already billed here warns of a double invoice',
    found: [remote()],
    items: [101],
    billed: { 101: 'INV-0042' },
    actions: ['set-posting 700'],
    check: (a) => {
      expect(a[0]!.log!.status).toBe('warning');
      expect(a[0]!.log!.message).toContain('ALSO billed here on invoice');
    },
  },
  { name: 'a stored posting of the window Autotask no longer has is cleared (un-posted)', stored: [stored()], items: [101], actions: ['clear-posting 700'] },
  { name: 'an unreadable posting is never cleared', stored: [stored()], unreadable: [700], items: [101], actions: [] },
  { name: 'a stored posting outside the window (read by id, no date) is not cleared', stored: [stored({ dateWorked: null })], items: [101], actions: [] },
  {
    name: 'postings are planned in id order, clears after sets',
    found: [remote({ id: 705, timeEntryID: 102 }), remote({ id: 701, timeEntryID: 101 })],
    stored: [stored({ id: 690, autotaskTimeEntryId: 103 })],
    items: [101, 102, 103],
    actions: ['set-posting 701', 'set-posting 705', 'clear-posting 690'],
  },
];

describe('labour-posting plan (pure)', () => {
  it.each(CASES)('$name', (k) => {
    const { plan, summary } = run(k);
    expect(plan.actions.map(label)).toEqual(k.actions);
    expect(plan.unchanged).toBe(k.unchanged ?? 0);
    k.check?.(plan.actions);
    expect(summary).toMatch(/^\d+ labour posting\(s\) read \(\d+ new or changed, \d+ cleared\)$/);
  });

  it('puts read errors first and says what it read in the summary', () => {
    const error: PlanAction = {
      kind: 'error',
      syncType: 'time_entry',
      autotaskId: 9,
      message: 'BillingItem 9 could not be read',
      log: { syncType: 'time_entry', operation: 'error', status: 'error', message: 'BillingItem 9 could not be read' },
    };
    const snapshot: LabourPostingSnapshot = { types: TYPES, found: new Map([[700, remote()]]), unreadable: new Set([9]), readErrors: [error] };
    const { plan, summary } = planPostingChanges(snapshot, {
      postings: new Map([[690, stored({ id: 690, autotaskTimeEntryId: 103 })]]),
      items: new Map([[101, item(101)]]),
      billed: new Map(),
    });
    expect(plan.actions.map(label)).toEqual(['error 9', 'set-posting 700', 'clear-posting 690']);
    expect(summary).toBe('1 labour posting(s) read (1 new or changed, 1 cleared)');
  });
});
