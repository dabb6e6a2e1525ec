// Issue #14 "Done when": a rate change re-prices only items on or after its date and never a billed one, with
// "billed" made by a real `billing close` (not written into the database by hand), all through the CLI
// against the sandbox. The closed month reads back unchanged and the re-pricing makes no adjustment line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today, type SyncHarness } from '../sync/support/harness';
import { invoiceLines, monthBack, previewJson, startAcmeTenant } from './support/billing-tenant';

let h: SyncHarness;
const closedMonth = monthBack(2);
const openMonth = monthBack(1);
const entries: Record<string, number> = {};

const preview = (period: string) => previewJson(h, period);
const lines = invoiceLines;
const item = (entry: number) => h.one('SELECT rate_cents, amount_cents FROM engineering_items WHERE autotask_time_entry_id = ?', entry);
const sync = async () => expect((await h.cli(['sync', 'time', '--from', `${closedMonth}-01`, '--to', today(), '--json'])).code).toBe(0);

beforeAll(async () => {
  const tenant = await startAcmeTenant();
  h = tenant.h;
  const { s, contract: c } = tenant;
  entries.billed = s.entry(c, `${closedMonth}-10`, 2);
  entries.beforeDate = s.entry(c, `${openMonth}-03`, 1);
  entries.onDate = s.entry(c, `${openMonth}-10`, 3);
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
  await sync();
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
});

describe('billing CLI: a rate change after a close', () => {
  it('re-prices unbilled items on/after its date only; the closed month and its billed item are untouched, with no adjustment', async () => {
    expect((await h.cli(['billing', 'close', '--period', closedMonth, '--json'])).code).toBe(0);
    const closedView = JSON.stringify((await preview(closedMonth)).invoices);

    // A new rate from a date BEFORE the billed item (the billed item is on/after it) and after one open item.
    expect((await h.cli(['config', 'set', 'hourlyRate', '200', '--from', `${closedMonth}-01`])).code).toBe(0);
    expect((await h.cli(['config', 'set', 'hourlyRate', '175', '--from', `${openMonth}-05`])).code).toBe(0);
    await sync();

    expect(item(entries.billed!)).toEqual({ rate_cents: 15000, amount_cents: 30000 }); // billed: never re-priced
    expect(item(entries.beforeDate!)).toEqual({ rate_cents: 20000, amount_cents: 20000 }); // 200 from the 1st of the closed month
    expect(item(entries.onDate!)).toEqual({ rate_cents: 17500, amount_cents: 52500 }); // 175 from the 5th of the open month
    expect(JSON.stringify((await preview(closedMonth)).invoices)).toBe(closedView);

    const open = lines(await preview(openMonth));
    expect(open.filter((l: any) => l.kind === 'adjustment')).toEqual([]);
    expect(
      open
        .filter((l: any) => l.kind === 'time')
        .map((l: any) => [l.source.timeEntryId, l.amount])
        .sort(),
    ).toEqual(
      [
        [entries.beforeDate, '200.00'],
        [entries.onDate, '525.00'],
      ].sort(),
    );
  });
});
