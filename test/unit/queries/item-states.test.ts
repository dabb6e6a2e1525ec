import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { filteredItemChunks, itemTotals, listFilteredItems } from '../../../main/db/queries/item-states';
import { ITEM_STATES } from '../../../shared/items';
import { makeTestDatabase } from '../../helpers/test-database';

// The Engineering Items filters (issue #14): every state with the billing module's definitions, the
// customer and month filters, totals of all matching rows, and the export's chunked read.

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function item(s: Database.Database, id: number, serviceId: number, date: string, hours: string, cents: number, flagged = 0) {
  s.prepare(
    `INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents, flagged, flag_reason)
     VALUES (?, ?, ?, ?, ?, 15000, ?, ?, ?)`,
  ).run(id, serviceId, 80000 + id, date, hours, cents, flagged, flagged ? 'deleted in Autotask' : null);
}

/** A closed billing run of `period` whose time lines name `itemIds`; reopened when asked. */
function run(s: Database.Database, period: string, customerId: number, itemIds: number[], reopened: boolean, n: number) {
  const r = s
    .prepare(`INSERT INTO billing_runs (period, closed_at, reopened_at, currency, total_cents, invoice_count) VALUES (?, '2026-11-01T10:00:00Z', ?, 'USD', 0, 1)`)
    .run(period, reopened ? '2026-11-02T10:00:00Z' : null);
  const v = s
    .prepare(`INSERT INTO invoices (run_id, customer_id, invoice_number, customer_name, accounting_name, autotask_company_id, total_cents) VALUES (?, ?, ?, 'x', 'x', 1, 0)`)
    .run(r.lastInsertRowid, customerId, `ATS-000${n}`);
  itemIds.forEach((id, i) =>
    s
      .prepare(
        `INSERT INTO invoice_lines (invoice_id, position, kind, date, description, quantity, unit_price_cents, amount_cents, item_id) VALUES (?, ?, 'time', '2026-10-01', 'd', '1', 1, 1, ?)`,
      )
      .run(v.lastInsertRowid, i, id),
  );
}

function hold(s: Database.Database, kind: 'hold' | 'release-posted', col: 'item_id' | 'customer_id', id: number, released = false) {
  s.prepare(`INSERT INTO billing_holds (kind, ${col}, created_at, released_at) VALUES (?, ?, '2026-11-01T00:00:00Z', ?)`).run(kind, id, released ? '2026-11-02T00:00:00Z' : null);
}

function seeded() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  const s = t.database.sqlite;
  for (const [id, name] of [
    [1, 'Acme Dental'],
    [2, 'Bright Smile'],
    [3, 'Cobalt Clinic'],
  ] as const) {
    s.prepare('INSERT INTO customers (id, autotask_company_id, name) VALUES (?, ?, ?)').run(id, 1000 + id, name);
    s.prepare(
      `INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents, ended)
       VALUES (?, ?, ?, ?, 'PRACBILL Support', 'Support', 1000, 0)`,
    ).run(id, id, 500 + id, 9000 + id);
  }
  // Acme (customer 1): 1 billed, 2 billed in a reopened run (open), 3 flagged, 4 posted, 5 posted but released,
  // 6 held, 7 hold released (open), 8 billed and flagged (billed wins), 9 in December (open).
  item(s, 1, 1, '2026-10-03', '1.25', 18750);
  item(s, 2, 1, '2026-10-04', '2.00', 30000);
  item(s, 3, 1, '2026-10-05', '0.50', 7500, 1);
  item(s, 4, 1, '2026-10-06', '1.00', 15000);
  item(s, 5, 1, '2026-10-07', '3.00', 45000);
  item(s, 6, 1, '2026-10-08', '0.75', 11250);
  item(s, 7, 1, '2026-10-09', '1.00', 15000);
  item(s, 8, 1, '2026-10-31', '1.00', 15000, 1);
  item(s, 9, 1, '2026-12-01', '4.00', 60000);
  // Bright Smile (customer 2) is on hold as a customer: 10 held, 11 posted (posted wins over held).
  item(s, 10, 2, '2026-10-10', '0.3333', 5000);
  item(s, 11, 2, '2026-11-30', '1.00', 15000);
  // Cobalt (customer 3): 12 open, in November.
  item(s, 12, 3, '2026-11-01', '2.00', 30000);
  run(s, '2026-10', 1, [1, 8], false, 1);
  run(s, '2026-09', 1, [2], true, 2);
  for (const te of [80004, 80005, 80011]) {
    s.prepare('INSERT INTO labour_postings (id, autotask_time_entry_id, billing_item_type, posted_date) VALUES (?, ?, 1, ?)').run(te + 1, te, '2026-10-20T00:00:00Z');
  }
  hold(s, 'release-posted', 'item_id', 5);
  hold(s, 'hold', 'item_id', 6);
  hold(s, 'hold', 'item_id', 7, true);
  hold(s, 'hold', 'customer_id', 2);
  return s;
}

const ids = (s: Database.Database, f: Parameters<typeof listFilteredItems>[1]) =>
  listFilteredItems(s, f)
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);

describe('Engineering Items state filter (billing definitions)', () => {
  it('gives each item exactly one state: billed, flagged, posted, held, open', () => {
    const s = seeded();
    const q = (state: (typeof ITEM_STATES)[number]) => ids(s, { state, page: 1, perPage: 100 });
    expect(q('billed')).toEqual([1, 8]);
    expect(q('flagged')).toEqual([3]);
    expect(q('posted')).toEqual([4, 11]);
    expect(q('held')).toEqual([6, 10]);
    expect(q('open')).toEqual([2, 5, 7, 9, 12]);
    const all = listFilteredItems(s, { page: 1, perPage: 100 });
    expect(all.total).toBe(12);
    expect(ITEM_STATES.map((st) => q(st).length).reduce((a, b) => a + b)).toBe(12);
    expect(all.rows.find((r) => r.id === 8)).toMatchObject({ state: 'billed', flagged: true });
  });

  it('reopening the run that billed an item makes it open again; un-posting (posting row gone) does too', () => {
    const s = seeded();
    s.prepare("UPDATE billing_runs SET reopened_at = '2026-11-03T00:00:00Z' WHERE period = '2026-10'").run();
    s.prepare('DELETE FROM labour_postings WHERE autotask_time_entry_id = 80004').run();
    expect(ids(s, { state: 'billed', page: 1, perPage: 100 })).toEqual([]);
    expect(ids(s, { state: 'open', page: 1, perPage: 100 })).toEqual([1, 2, 4, 5, 7, 9, 12]);
  });

  it('filters by customer and month together with the state and the search', () => {
    const s = seeded();
    expect(ids(s, { customerId: 1, month: '2026-10', page: 1, perPage: 100 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ids(s, { month: '2026-11', page: 1, perPage: 100 })).toEqual([11, 12]);
    expect(ids(s, { month: '2026-12', state: 'open', page: 1, perPage: 100 })).toEqual([9]);
    expect(ids(s, { customerId: 2, state: 'held', page: 1, perPage: 100 })).toEqual([10]);
    expect(ids(s, { customerId: 3, month: '2026-10', page: 1, perPage: 100 })).toEqual([]);
    expect(ids(s, { search: 'cobalt', state: 'open', page: 1, perPage: 100 })).toEqual([12]);
  });

  it('totals cover every matching row, not only the page; hours exact to 4 places, money in cents', () => {
    const s = seeded();
    const p = listFilteredItems(s, { customerId: 1, month: '2026-10', page: 2, perPage: 3 });
    expect(p.rows.map((r) => r.id)).toEqual([5, 4, 3]);
    expect(p.totals).toEqual({ count: 8, hours: '10.50', amount: '1575.00' });
    expect(itemTotals(s, { customerId: 2 })).toEqual({ count: 2, hours: '1.3333', amount: '200.00' });
    expect(itemTotals(s, { state: 'open', month: '2099-01' })).toEqual({ count: 0, hours: '0.00', amount: '0.00' });
    expect(listFilteredItems(s, { state: 'held', page: 9, perPage: 1 }).page).toBe(2);
  });

  it('reads the export in keyset chunks in the page order, every row once', () => {
    const s = seeded();
    const chunks = [...filteredItemChunks(s, {}, 5)];
    expect(chunks.map((c) => c.length)).toEqual([5, 5, 2]);
    const order = chunks.flat().map((r) => r.id);
    expect(order).toEqual(listFilteredItems(s, { page: 1, perPage: 100 }).rows.map((r) => r.id));
    expect([...filteredItemChunks(s, { state: 'posted' }, 1)].flat().map((r) => r.id)).toEqual([11, 4]);
  });
});

describe('Engineering Items CSV and handler arguments', () => {
  it('writes the filtered rows after a BOM, formula-safe text and plain numbers', async () => {
    const { writeItemsCsv } = await import('../../../main/export/item-csv');
    const { PassThrough } = await import('node:stream');
    const s = seeded();
    s.prepare("UPDATE engineering_services SET contract_name = '=HYPERLINK(\"x\")', service_name = '@cmd' WHERE id = 3").run();
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (b: Buffer) => parts.push(b));
    const { rows } = await writeItemsCsv(s, { customerId: 3 }, out);
    const text = Buffer.concat(parts).toString('utf8');
    expect(rows).toBe(1);
    expect(text.startsWith('\uFEFFID,Date Worked,Customer,Contract,Service,Time Entry ID,Hours,Rate,Amount,State,Flag Reason\n')).toBe(true);
    expect(text.split('\n')[1]).toBe(`12,2026-11-01,Cobalt Clinic,"'=HYPERLINK(""x"")",'@cmd,80012,2.00,150.00,300.00,open,`);
  });

  it('refuses a bad month, an unknown state and an unknown field with a message naming the field', async () => {
    const { dispatch } = await import('../../../main/api/dispatch');
    const handlers = { 'items:list': async () => 'ran', 'items:export': async () => 'ran' } as never;
    const bad = async (channel: string, arg: unknown) => {
      const r = await dispatch(handlers, channel, arg, { error: () => undefined });
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    expect(await bad('items:list', { month: '2026-13', page: 1, perPage: 25 })).toBe('Invalid argument for items:list: month must be a month like 2026-11');
    expect(await bad('items:export', { state: 'paid' })).toBe('Invalid argument for items:export: state must be one of open, billed, held, flagged, posted');
    expect(await bad('items:export', { customerId: -1 })).toContain('customerId must be a positive id');
    expect(await bad('items:export', { page: 1 })).toContain('page');
    expect(await dispatch(handlers, 'items:export', { month: '2026-11', state: 'posted', customerId: 2 })).toEqual({ ok: true, value: 'ran' });
  });
});
