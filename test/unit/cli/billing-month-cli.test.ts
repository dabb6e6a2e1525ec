// Issue #14 "Done when", through the CLI against the sandbox: a month's exact invoice with recurring lines
// prorated by day from ContractServiceUnits (a unit change on the 15th: two lines stating their dates),
// time lines, a unit row posted in Autotask (approveAndPostDate) and a time entry with a Labor BillingItem
// left out with the reason posted-in-autotask, and an entry with a non-labour BillingItem billed normally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import { Scenario, at, startHarness, today, type SyncHarness } from '../sync/support/harness';

let h: SyncHarness;
const first = `${addDays(`${today().slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
const month = first.slice(0, 7);
const last = addDays(`${today().slice(0, 7)}-01`, -1);
const days = Number(last.slice(8, 10));
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const company = s.company('Acme Corporation');
  const seats = s.contract(company, 'PRACBILL-Seats');
  const seatLine = s.line(seats, s.service('Managed Backup'), { unitPrice: 20 });
  const posted = s.contract(company, 'PRACBILL-Posted');
  const postedLine = s.line(posted, s.service('Firewall'), { unitPrice: 30 });
  const csu = (contractID: number, contractServiceID: number, start: string, end: string, units: number, price: number, extra: Record<string, unknown> = {}) =>
    h.sb.control.insert('ContractServiceUnits', { contractID, contractServiceID, serviceID: 500, units, price: units * price, startDate: at(start), endDate: at(end), ...extra })
      .id as number;
  ids.before15 = csu(seats, seatLine, first, addDays(first, 13), 5, 20);
  ids.from15 = csu(seats, seatLine, addDays(first, 14), last, 8, 20);
  ids.postedRow = csu(posted, postedLine, first, last, 15, 30, { approveAndPostDate: `${addDays(last, 1)}T09:00:00Z` });
  ids.labour = s.entry(seats, addDays(first, 9), 2);
  ids.nonLabour = s.entry(seats, addDays(first, 10), 1);
  ids.plain = s.entry(seats, addDays(first, 11), 3);
  expect((await h.cli(['config', 'set', 'hourlyRate', '150', '--from', '2000-01-01'])).code).toBe(0);
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
  expect((await h.cli(['sync', 'time', '--from', first, '--to', today(), '--json'])).code).toBe(0);
  const posting = (entry: number, type: number) =>
    h.sb.control.insert('BillingItems', {
      billingItemType: type,
      timeEntryID: entry,
      contractID: seats,
      itemDate: at(addDays(first, 9)),
      postedDate: new Date().toISOString(),
      quantity: 1,
      rate: 150,
    });
  posting(ids.labour, 1); // Labor
  posting(ids.nonLabour, 8); // Recurring Contract Service: not a labour posting
  expect((await h.cli(['sync', 'time', '--from', first, '--to', today(), '--json'])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
});

const cents = (n: number) => (Math.round(n) / 100).toFixed(2);

describe('billing preview of a month through the CLI', () => {
  it('prorates a unit change on the 15th, bills time, and leaves out what Autotask posted, with reasons', async () => {
    const r = await h.cli(['billing', 'preview', '--period', month, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.invoices).toHaveLength(1);
    const inv = r.json.invoices[0];
    const recurring = inv.lines.filter((l: any) => l.kind === 'recurring');
    const a = cents((5 * 2000 * 14) / days);
    const b = cents((8 * 2000 * (days - 14)) / days);
    expect(recurring.map((l: any) => [l.source.unitRowId, l.date, l.dateTo, l.quantity, l.unitPrice, l.amount])).toEqual([
      [ids.before15, first, addDays(first, 13), '5', '20.00', a],
      [ids.from15, addDays(first, 14), last, '8', '20.00', b],
    ]);
    const time = inv.lines.filter((l: any) => l.kind === 'time');
    expect(time.map((l: any) => [l.source.timeEntryId, l.quantity, l.amount])).toEqual([
      [ids.nonLabour, '1.00', '150.00'],
      [ids.plain, '3.00', '450.00'],
    ]);
    expect(inv.total).toBe(((Number(a) * 100 + Number(b) * 100 + 60000) / 100).toFixed(2));
    expect(r.json.total).toBe(inv.total);
    const posted = r.json.excluded.filter((e: any) => e.reason === 'posted-in-autotask');
    expect(posted.map((e: any) => [e.kind, e.amount]).sort()).toEqual([
      ['recurring', '450.00'],
      ['time', '300.00'],
    ]);
  });
});
