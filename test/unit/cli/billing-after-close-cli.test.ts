// Issue #14 "Done when", through the CLI against the sandbox: after a close, an edit, an un-approval and a
// deletion in Autotask become exact adjustment lines in the next open month naming the invoice they
// correct, while the closed month reads back unchanged; a held item moves out of the closed month and,
// released, appears in the next month marked late with its own date; reopen retires the numbers and the
// next close issues new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today, type SyncHarness } from '../sync/support/harness';
import { invoiceLines, monthBack, previewJson, startAcmeTenant } from './support/billing-tenant';

let h: SyncHarness;
const closedMonth = monthBack(2); // closed first
const nextMonth = monthBack(1); // the next open month
const entries: Record<string, number> = {};

const preview = (period: string) => previewJson(h, period);
const lines = invoiceLines;
const itemId = (entry: number) => h.one('SELECT id FROM engineering_items WHERE autotask_time_entry_id = ?', entry).id as number;
const sync = async () => expect((await h.cli(['sync', 'time', '--from', `${closedMonth}-01`, '--to', today(), '--json'])).code).toBe(0);

beforeAll(async () => {
  const tenant = await startAcmeTenant();
  h = tenant.h;
  const { s, contract: c } = tenant;
  entries.edited = s.entry(c, `${closedMonth}-05`, 2);
  entries.unapproved = s.entry(c, `${closedMonth}-06`, 1);
  entries.deleted = s.entry(c, `${closedMonth}-07`, 4);
  entries.held = s.entry(c, `${closedMonth}-08`, 3);
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
  await sync();
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
});

describe('billing CLI after a close', () => {
  it('a hold moves a line out of the close; edit, un-approval and deletion become exact adjustments; the closed month is unchanged', async () => {
    expect((await h.cli(['billing', 'hold', '--item', String(itemId(entries.held!)), '--note', 'disputed'])).code).toBe(0);
    const before = await preview(closedMonth);
    expect(
      lines(before)
        .filter((l: any) => l.kind === 'time')
        .map((l: any) => [l.source.timeEntryId, l.amount]),
    ).toEqual([
      [entries.edited, '300.00'],
      [entries.unapproved, '150.00'],
      [entries.deleted, '600.00'],
    ]);
    expect(before.excluded.map((e: any) => [e.reason, e.amount])).toContainEqual(['held', '450.00']);
    const closed = await h.cli(['billing', 'close', '--period', closedMonth, '--json']);
    expect(closed.code).toBe(0);
    expect(closed.json.invoices.map((i: any) => i.invoiceNumber)).toEqual(['ATS-0001']);
    const closedView = JSON.stringify((await preview(closedMonth)).invoices);

    h.sb.control.update('TimeEntries', entries.edited!, { hoursWorked: 2.5, hoursToBill: 2.5 });
    h.sb.control.unapproveTimeEntry(entries.unapproved!);
    h.sb.control.remove('TimeEntries', entries.deleted!);
    await sync();
    expect((await h.cli(['billing', 'hold', '--item', String(itemId(entries.held!)), '--release'])).code).toBe(0);

    const next = await preview(nextMonth);
    const adjustments = lines(next).filter((l: any) => l.kind === 'adjustment');
    expect(adjustments.map((l: any) => [l.source.timeEntryId, l.amount, l.source.correctsInvoice]).sort()).toEqual(
      [
        [entries.edited, '75.00', 'ATS-0001'],
        [entries.unapproved, '-150.00', 'ATS-0001'],
        [entries.deleted, '-600.00', 'ATS-0001'],
      ].sort(),
    );
    for (const a of adjustments) expect(a.description).toContain('ATS-0001');
    const late = lines(next).filter((l: any) => l.kind === 'time' && l.late);
    expect(late.map((l: any) => [l.source.timeEntryId, l.date, l.amount])).toEqual([[entries.held, `${closedMonth}-08`, '450.00']]);
    expect(JSON.stringify((await preview(closedMonth)).invoices)).toBe(closedView);
  });

  it('reopen retires the numbers; the next close issues new ones; only the latest run reopens', async () => {
    const first = await h.cli(['billing', 'close', '--period', nextMonth, '--json']);
    expect(first.code).toBe(0);
    expect(first.json.invoices.map((i: any) => i.invoiceNumber)).toEqual(['ATS-0002']);
    const older = await h.cli(['billing', 'reopen', '--period', closedMonth]);
    expect(older.code).toBe(2);
    expect(older.err).toContain('Only the most recent closed month');
    const reopened = await h.cli(['billing', 'reopen', '--period', nextMonth, '--json']);
    expect(reopened.code).toBe(0);
    expect(reopened.json.retired).toEqual(['ATS-0002']);
    expect((await preview(nextMonth)).state).toBe('open');
    const again = await h.cli(['billing', 'close', '--period', nextMonth, '--json']);
    expect(again.code).toBe(0);
    expect(again.json.invoices.map((i: any) => i.invoiceNumber)).toEqual(['ATS-0003']);
    expect(again.json.total).toBe(first.json.total);
    const runs = (await h.cli(['billing', 'runs', '--json'])).json;
    expect(runs.map((r: any) => [r.period, r.reopenedAt === null])).toEqual([
      [closedMonth, true],
      [nextMonth, false],
      [nextMonth, true],
    ]);
  });
});
