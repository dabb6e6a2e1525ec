import { afterEach, describe, expect, it } from 'vitest';
import { everyItem, listCustomers, listItems, listServices } from '../../../main/db/queries/lists';
import { listRuns } from '../../../main/db/queries/runs';
import { insertCustomer, insertItem, insertService } from '../../helpers/row-factories';
import { makeTestDatabase } from '../../helpers/test-database';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function seeded() {
  const t = makeTestDatabase();
  cleanups.push(t.cleanup);
  const s = t.database.sqlite;
  const names = ['Acme Dental', 'Bright_Smile 100%', 'Cobalt Clinic', 'acme Vets'];
  names.forEach((name, i) => insertCustomer(s, { id: i + 1, autotask_company_id: 1000 + i, name }));
  for (let i = 1; i <= 12; i++) {
    const service = { id: i, customer_id: ((i - 1) % 4) + 1, autotask_contract_id: 500 + i, autotask_contract_service_id: 9000 + i };
    insertService(s, {
      ...service,
      contract_name: `PRACBILL ${i}`,
      service_name: i % 2 ? 'Phone line' : 'Backup',
      unit_price_cents: 1000 * i,
      service_num: `SN-${i}`,
      ended: i === 12 ? 1 : 0,
    });
  }
  for (let i = 1; i <= 30; i++) {
    const item = { id: i, service_id: ((i - 1) % 12) + 1, autotask_time_entry_id: 70000 + i, date_worked: `2026-03-${String(i).padStart(2, '0')}` };
    insertItem(s, { ...item, hours: '1.5', rate_cents: 15000, amount_cents: 22500 });
  }
  return s;
}

describe('data page lists', () => {
  it('customers: case-insensitive search; % and _ are literal characters, not wildcards', () => {
    const s = seeded();
    expect(listCustomers(s, { search: 'ACME', page: 1, perPage: 10 }).rows.map((r) => r.name)).toEqual(['Acme Dental', 'acme Vets']);
    expect(listCustomers(s, { search: '100%', page: 1, perPage: 10 }).rows.map((r) => r.name)).toEqual(['Bright_Smile 100%']);
    expect(listCustomers(s, { search: '_', page: 1, perPage: 10 }).total).toBe(1);
    const all = listCustomers(s, { page: 1, perPage: 10 });
    expect(all.total).toBe(4);
    expect(all.rows.find((r) => r.name === 'Acme Dental')).toMatchObject({ autotaskCompanyId: 1000, serviceCount: 3 });
  });

  it('services: search by service number or customer, money as decimal strings, ended flag', () => {
    const s = seeded();
    const bySn = listServices(s, { search: 'sn-12', page: 1, perPage: 10 });
    expect(bySn.rows).toHaveLength(1);
    expect(bySn.rows[0]).toMatchObject({ serviceNum: 'SN-12', unitPrice: '120.00', ended: true, customerName: 'acme Vets' });
    expect(listServices(s, { search: 'cobalt', page: 1, perPage: 10 }).total).toBe(3);
  });

  it('items: newest date first, pagination with the page clamped to the last one', () => {
    const s = seeded();
    const p1 = listItems(s, { page: 1, perPage: 8 });
    expect(p1.total).toBe(30);
    expect(p1.rows[0]).toMatchObject({ dateWorked: '2026-03-30', hours: '1.5', rate: '150.00', amount: '225.00', flagged: false });
    const beyond = listItems(s, { page: 99, perPage: 8 });
    expect(beyond.page).toBe(4);
    expect(beyond.rows.map((r) => r.dateWorked)).toEqual(['2026-03-06', '2026-03-05', '2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
    expect(listItems(s, { search: '2026-03-1', page: 1, perPage: 50 }).total).toBe(10);
    expect(listItems(s, { search: 'nothing like this', page: 3, perPage: 5 })).toEqual({ total: 0, page: 1, perPage: 5, rows: [] });
  });

  it('everyItem streams every row in id order across chunks', () => {
    const s = seeded();
    expect([...everyItem(s, 7)].map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

describe('run summaries', () => {
  it('newest first, counts and duration, page clamped', () => {
    const t = makeTestDatabase();
    cleanups.push(t.cleanup);
    const s = t.database.sqlite;
    for (let d = 1; d <= 5; d++) {
      s.prepare(
        `INSERT INTO sync_runs (type, trigger, started_at, finished_at, status, count_create, count_error, api_calls, message)
         VALUES ('contract', 'schedule', ?, ?, ?, ?, ?, 12, 'done')`,
      ).run(`2026-03-0${d}T02:00:00.000Z`, `2026-03-0${d}T02:00:30.000Z`, d === 3 ? 'partial' : 'success', d, d === 3 ? 1 : 0);
    }
    const p = listRuns(s, 1, 2);
    expect(p.total).toBe(5);
    expect(p.rows.map((r) => r.startedAt)).toEqual(['2026-03-05T02:00:00.000Z', '2026-03-04T02:00:00.000Z']);
    expect(p.rows[0]).toMatchObject({ type: 'contract', trigger: 'schedule', status: 'success', durationMs: 30_000, apiCalls: 12, counts: { create: 5, error: 0 } });
    const last = listRuns(s, 10, 2);
    expect(last.page).toBe(3);
    expect(last.rows).toHaveLength(1);
  });
});
