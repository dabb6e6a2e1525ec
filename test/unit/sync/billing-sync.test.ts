// Billing additions to the sync (docs/product-rules.md#billing-sync, #billing-adjustments): ContractServiceUnits, labour postings, rate history,
// customers following their Autotask company — against the sandbox over HTTP, through the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, at, daysAgo, startHarness, today, type SyncHarness } from './support/harness';
import { setAccountingName } from '../../../main/sync/customer-import';
import { addDays } from '../../../shared/dates';

let h: SyncHarness;
let s: Scenario;
let company: number;
let contract: number;
let line: number;
const monthStart = (offset: number) => {
  const [y, m] = today().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 10);
};
const monthEnd = (offset: number) => addDays(monthStart(offset + 1), -1);

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  s = new Scenario(h.sb);
  company = s.company('Acme Corporation', { address1: '1 Old Road' });
  contract = s.contract(company, 'PRACBILL-Managed-Services');
  line = s.line(contract, s.service('Managed Backup'), { unitPrice: 20 });
});
afterAll(async () => {
  await h.cleanup();
});

const unit = (id: number) => h.one('SELECT * FROM contract_service_units WHERE id = ?', id);
const csu = (start: string, end: string, units: number, extra: Record<string, unknown> = {}) =>
  h.sb.control.insert('ContractServiceUnits', {
    contractID: contract,
    contractServiceID: line,
    serviceID: 500,
    units,
    price: units * 20,
    startDate: at(start),
    endDate: at(end),
    ...extra,
  }).id as number;

/** A closed, not reopened run whose one invoice line names an item or a unit row (what close would write). */
function bill(source: { itemId?: number; unitRowId?: number }, number: string): void {
  const db = h.db();
  const run = db.prepare("INSERT INTO billing_runs (period, closed_at, currency, total_cents, invoice_count) VALUES ('2026-01', ?, 'USD', 0, 1)").run(new Date().toISOString());
  const cust = h.one('SELECT id, name FROM customers LIMIT 1');
  const inv = db
    .prepare('INSERT INTO invoices (run_id, customer_id, invoice_number, customer_name, accounting_name, autotask_company_id, total_cents) VALUES (?, ?, ?, ?, ?, ?, 0)')
    .run(run.lastInsertRowid, cust.id, number, cust.name, cust.name, company);
  db.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, kind, date, description, quantity, unit_price_cents, amount_cents, item_id, unit_row_id)
     VALUES (?, 1, ?, '2026-01-01', 'x', '1', 0, 0, ?, ?)`,
  ).run(inv.lastInsertRowid, source.itemId ? 'time' : 'recurring', source.itemId ?? null, source.unitRowId ?? null);
}

describe('ContractServiceUnits', () => {
  let whole: number;
  let first: number;
  let second: number;
  let old: number;
  it('imports unit rows of synced lines in the 13+2 month window, calendar dates not shifted, one summary log row', async () => {
    whole = csu(monthStart(-2), monthEnd(-2), 15, { approveAndPostDate: `${monthStart(-1)}T09:00:00Z` });
    first = csu(monthStart(-1), addDays(monthStart(-1), 13), 5);
    second = csu(addDays(monthStart(-1), 14), monthEnd(-1), 8);
    old = csu(monthStart(-20), monthEnd(-20), 3); // outside the window
    h.sb.control.resetStats();
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0);
    // one customer + one service + three unit rows
    expect(r.json.counts).toMatchObject({ create: 5, update: 0, error: 0 });
    expect(unit(whole)).toMatchObject({ units: 15, start_date: monthStart(-2), end_date: monthEnd(-2), price_cents: 30000, autotask_contract_service_id: line, removed_at: null });
    expect(unit(whole).approve_and_post_date).toBe(`${monthStart(-1)}T09:00:00.000Z`);
    expect(unit(first)).toMatchObject({ units: 5, start_date: monthStart(-1), end_date: addDays(monthStart(-1), 13) });
    expect(unit(old)).toBeUndefined();
    const logs = h.rows("SELECT message FROM sync_logs WHERE run_id = ? AND message LIKE '%ContractServiceUnits%'", r.json.runId);
    expect(logs).toHaveLength(1);
    expect(logs[0].message).toContain(`3 ContractServiceUnits row(s) imported for contract line ${line}`);
    // One `in` batch for the lines' unit rows, not one call per line.
    expect(h.sb.control.stats().requests.ContractServiceUnits?.POST).toBe(1);
  });

  it('an unchanged re-run writes nothing for unit rows; a change is an update; a disappeared row gets removed_at', async () => {
    const quiet = await h.cli(['sync', 'contracts', '--json']);
    expect(quiet.json.counts).toMatchObject({ create: 0, update: 0 });
    expect(h.one('SELECT COUNT(*) AS n FROM sync_logs WHERE run_id = ?', quiet.json.runId).n).toBe(0);

    h.sb.control.update('ContractServiceUnits', second, { units: 9 });
    h.sb.control.remove('ContractServiceUnits', first);
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.json.counts).toMatchObject({ create: 0, update: 2, warning: 0 });
    expect(unit(second).units).toBe(9);
    expect(unit(first).removed_at).toBeTruthy();
    const msgs = h.rows('SELECT message, status FROM sync_logs WHERE run_id = ? ORDER BY id', r.json.runId);
    expect(msgs.some((m) => m.message.includes('8 → 9 units') && m.status === 'success')).toBe(true);
    expect(msgs.some((m) => m.message.includes('no longer in Autotask; marked removed'))).toBe(true);
  });

  it('a billed unit row that changes in Autotask is updated and logged as a warning (docs/product-rules.md#billing-adjustments)', async () => {
    bill({ unitRowId: whole }, 'ATS-0001');
    h.sb.control.update('ContractServiceUnits', whole, { units: 12 });
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.json.counts).toMatchObject({ warning: 1, update: 0 });
    const log = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND status = 'warning'", r.json.runId);
    expect(log.message).toContain('already billed');
    expect(unit(whole).units).toBe(12);
  });
});

describe('customers follow their Autotask company', () => {
  it('a rename and a new address update the customer (logged as an update); the accounting name is kept', async () => {
    const cust = h.one('SELECT id FROM customers WHERE autotask_company_id = ?', company);
    expect(setAccountingName(h.db(), cust.id, 'ACME Corp Pty Ltd', new Date()).found).toBe(true);
    h.sb.control.update('Companies', company, { companyName: 'Acme Holdings', address1: '2 New Street', phone: '02 9999 0000' });
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.json.counts.update).toBeGreaterThanOrEqual(1);
    expect(h.one('SELECT * FROM customers WHERE id = ?', cust.id)).toMatchObject({
      name: 'Acme Holdings',
      address1: '2 New Street',
      phone: '02 9999 0000',
      accounting_name: 'ACME Corp Pty Ltd',
    });
    const log = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND sync_type = 'company' AND operation = 'update'", r.json.runId);
    expect(log.message).toContain('was "Acme Corporation"');
    expect(JSON.parse(log.details).changed.name).toEqual({ before: 'Acme Corporation', after: 'Acme Holdings' });
    // Blank = back to the Autotask name.
    setAccountingName(h.db(), cust.id, '  ', new Date());
    expect(h.one('SELECT accounting_name FROM customers WHERE id = ?', cust.id).accounting_name).toBeNull();
    const again = await h.cli(['sync', 'contracts', '--json']);
    expect(h.one("SELECT COUNT(*) AS n FROM sync_logs WHERE run_id = ? AND sync_type = 'company'", again.json.runId).n).toBe(0);
  });
});

describe('labour postings and rate history', () => {
  const entries: number[] = [];
  const itemOf = (entry: number) => h.one('SELECT * FROM engineering_items WHERE autotask_time_entry_id = ?', entry);
  const posting = (entry: number, type: number) =>
    h.sb.control.insert('BillingItems', {
      billingItemType: type,
      timeEntryID: entry,
      contractID: contract,
      itemDate: at(itemOf(entry).date_worked),
      postedDate: new Date().toISOString(),
      quantity: 1,
      rate: 150,
    }).id as number;

  it('a Labor BillingItem marks its entry posted in Autotask; a non-labour one does not; un-posting clears it', async () => {
    for (let i = 0; i < 4; i++) entries.push(s.entry(contract, daysAgo(i + 1), 2));
    expect((await h.cli(['sync', 'time', '--json'])).json.counts.create).toBe(4);
    const labour = posting(entries[0]!, 1);
    const adjustment = posting(entries[1]!, 2);
    posting(entries[2]!, 8); // Recurring Contract Service: not a labour posting
    h.sb.control.resetStats();
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    const rows = h.rows('SELECT id, autotask_time_entry_id AS te, billing_item_type AS type FROM labour_postings ORDER BY id');
    expect(rows).toEqual([
      { id: labour, te: entries[0], type: 1 },
      { id: adjustment, te: entries[1], type: 2 },
    ]);
    expect(h.rows("SELECT message FROM sync_logs WHERE run_id = ? AND message LIKE '%posted in Autotask%'", r.json.runId)).toHaveLength(2);
    // One window query for postings (no per-entry calls).
    expect(h.sb.control.stats().requests.BillingItems?.POST).toBe(1);

    h.sb.control.remove('BillingItems', labour);
    const un = await h.cli(['sync', 'time', '--json']);
    expect(h.rows('SELECT id FROM labour_postings').map((p) => p.id)).toEqual([adjustment]);
    expect(h.one("SELECT message FROM sync_logs WHERE run_id = ? AND message LIKE '%no longer posted in Autotask%'", un.json.runId).message).toContain(String(entries[0]));
    // Still posted: nothing logged for it again.
    const quiet = await h.cli(['sync', 'time', '--json']);
    expect(h.one("SELECT COUNT(*) AS n FROM sync_logs WHERE run_id = ? AND message LIKE '%posted%'", quiet.json.runId).n).toBe(0);
  });

  it('a new rate re-prices unbilled items on/after its date only; billed items are never re-priced, their changes are warnings', async () => {
    // entries[0..3] are dated 1..4 days ago at 150.00. Rate 175.50 from 2 days ago.
    const billedEntry = entries[0]!; // 1 day ago: on/after the date, but billed
    bill({ itemId: itemOf(billedEntry).id }, 'ATS-0002');
    const from = daysAgo(2);
    const set = await h.cli(['config', 'set', 'hourlyRate', '175.50', '--from', from]);
    expect(set.code).toBe(0);
    expect((await h.cli(['config', 'get', 'hourlyRate'])).out.trim()).toBe('175.50');
    expect(h.rows('SELECT effective_from, rate_cents FROM hourly_rates ORDER BY effective_from')).toEqual([
      { effective_from: '1900-01-01', rate_cents: 15000 },
      { effective_from: from, rate_cents: 17550 },
    ]);
    const r = await h.cli(['sync', 'time', '--json']);
    expect(r.code).toBe(0);
    expect(itemOf(entries[1]!)).toMatchObject({ date_worked: from, rate_cents: 17550, amount_cents: 35100 }); // on the date
    expect(itemOf(entries[2]!)).toMatchObject({ rate_cents: 15000, amount_cents: 30000 }); // the day before
    expect(itemOf(entries[3]!)).toMatchObject({ rate_cents: 15000 });
    expect(itemOf(billedEntry)).toMatchObject({ rate_cents: 15000, amount_cents: 30000 }); // billed: never re-priced
    const repriced = h.rows(
      "SELECT autotask_time_entry_id AS te FROM (SELECT json_extract(details, '$.autotaskTimeEntryId') AS autotask_time_entry_id, message FROM sync_logs WHERE run_id = ? AND message LIKE '%re-priced%')",
      r.json.runId,
    );
    expect(repriced.map((x) => x.te)).toEqual([entries[1]]);

    // An item outside the sync window (older than 7 days) is re-priced too, locally, on the next run.
    const oldEntry = s.entry(contract, daysAgo(20), 1);
    await h.cli(['sync', 'time', '--from', daysAgo(25), '--to', today(), '--json']);
    expect(itemOf(oldEntry).rate_cents).toBe(15000);
    await h.cli(['config', 'set', 'hourlyRate', '160.00', '--from', daysAgo(21)]);
    await h.cli(['sync', 'time', '--json']); // default window: the last 7 days
    expect(itemOf(oldEntry)).toMatchObject({ rate_cents: 16000, amount_cents: 16000 });
    expect(itemOf(entries[1]!).rate_cents).toBe(17550); // the later rate still wins from its date
    expect(itemOf(billedEntry).rate_cents).toBe(15000);

    // The billed entry's hours change in Autotask: hours follow (for the adjustment), at the billed rate, as a warning.
    h.sb.control.update('TimeEntries', billedEntry, { hoursWorked: 3, hoursToBill: 3 });
    const w = await h.cli(['sync', 'time', '--json']);
    expect(w.json.counts.warning).toBe(1);
    expect(itemOf(billedEntry)).toMatchObject({ hours: '3.00', rate_cents: 15000, amount_cents: 45000 });
    expect(h.one("SELECT message FROM sync_logs WHERE run_id = ? AND status = 'warning'", w.json.runId).message).toContain('already billed on invoice ATS-0002');
  });

  it('refuses a bad rate or date with exit 2; --from only with hourlyRate', async () => {
    expect((await h.cli(['config', 'set', 'hourlyRate', '-5', '--from', today()])).code).toBe(2);
    expect((await h.cli(['config', 'set', 'hourlyRate', '150', '--from', '2026-02-30'])).code).toBe(2);
    expect((await h.cli(['config', 'set', 'timeWindowDays', '30', '--from', today()])).code).toBe(2);
  });
});
