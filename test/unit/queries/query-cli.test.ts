import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import Database from 'better-sqlite3';
import { makeTempDir } from '../../helpers/temp-dir';
import { insertFixtureLogs } from './support/log-fixture';

// The docs/product-rules.md#command-line read commands through the real CLI entry (in-process, like test/unit/cli): JSON shapes,
// filters, the CSV export and exit codes.

let dir: { dir: string; cleanup: () => void };
let dbFile: string;

const cli = (args: string[]) => runCliCaptured([...args, '--db', dbFile], MEMORY_SECRETS);

beforeAll(() => {
  dir = makeTempDir('abs-query-cli-');
  dbFile = path.join(dir.dir, 'billing.db');
  const database = openDatabase(dbFile, { migrationsFolder: sourceMigrationsFolder() });
  const s = database.sqlite;
  insertFixtureLogs(s, 3, 300);
  s.prepare(
    "INSERT INTO sync_runs (type, trigger, started_at, finished_at, status) VALUES ('time_entry', 'cli', '2026-03-20T02:00:00.000Z', '2026-03-20T02:03:00.000Z', 'partial')",
  ).run();
  s.prepare("INSERT INTO customers (id, autotask_company_id, name, company_number, city) VALUES (1, 29683, 'Acme Dental', 'C-1', 'Leeds')").run();
  s.prepare(
    `INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, autotask_service_id, contract_name, service_name, unit_price_cents, invoice_description, service_num, start_date, end_date, ended)
     VALUES (1, 1, 500, 9001, 77, 'PRACBILL Acme', 'Managed phone line', 4999, 'Phone line', '+44 113 496 0000', '2026-01-01', NULL, 0),
            (2, 1, 501, 9002, 78, 'PRACBILL Old', 'Legacy backup', 1000, NULL, NULL, '2025-01-01', '2025-12-31', 1)`,
  ).run();
  s.prepare(
    `INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents, amount_cents, flagged, flag_reason)
     VALUES (1, 1, 70001, 500, '2026-03-02', '5', 15000, 75000, 0, NULL),
            (2, 1, 70002, 500, '2026-03-03', '1.25', 15000, 18750, 1, 'No longer approved in Autotask')`,
  ).run();
  database.close();
});
afterAll(() => dir.cleanup());

const LOG_ROW_KEYS = ['createdAt', 'details', 'durationMs', 'id', 'message', 'operation', 'runId', 'status', 'syncType'];

describe('status', () => {
  it('--json prints the dashboard document of docs/product-rules.md#command-line', async () => {
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc).sort()).toEqual(['breakdown', 'failed', 'lastSyncAt', 'recent', 'successful', 'totalSyncs']);
    expect(doc).toMatchObject({ lastSyncAt: '2026-03-20T02:03:00.000Z', totalSyncs: 4, successful: 4, failed: 0 });
    expect(doc.breakdown.map((b: { type: string }) => b.type)).toEqual(['contract', 'time_entry', 'company']);
    expect(Object.keys(doc.breakdown[0]).sort()).toEqual(['error', 'success', 'total', 'type', 'warning']);
    expect(doc.recent).toHaveLength(10);
    for (const row of doc.recent) expect(Object.keys(row).sort()).toEqual(LOG_ROW_KEYS);
    // Details are parsed JSON where a row has them.
    expect(doc.recent.some((row: { details: unknown }) => typeof row.details === 'object' && row.details !== null)).toBe(true);
  });

  it('without --json prints readable figures', async () => {
    const r = await cli(['status']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Last sync:   2026-03-20T02:03:00.000Z');
    expect(r.out).toMatch(/Sync Type\s+Success\s+Error\s+Warning\s+Total/);
    expect(r.out).toContain('Recent activity:');
  });
});

describe('logs', () => {
  it('--json with every filter returns the same page as the log viewer, with full log rows', async () => {
    const r = await cli(['logs', '--json', '--type', 'time_entry', '--status', 'error', '--from', '2026-03-02', '--to', '2026-03-09', '--page', '2', '--per-page', '5']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc).sort()).toEqual(['page', 'perPage', 'rows', 'total']);
    // Expected straight from SQL (not through listLogs, which the command itself calls): local calendar
    // days 2–9 March inclusive, newest first, the second page of five.
    const from = new Date(2026, 2, 2).toISOString();
    const until = new Date(2026, 2, 10).toISOString();
    const raw = new Database(dbFile, { readonly: true });
    const where = "sync_type = 'time_entry' AND status = 'error' AND created_at >= ? AND created_at < ?";
    const total = (raw.prepare(`SELECT count(*) AS n FROM sync_logs WHERE ${where}`).get(from, until) as { n: number }).n;
    const ids = (raw.prepare(`SELECT id FROM sync_logs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT 5 OFFSET 5`).all(from, until) as { id: number }[]).map((x) => x.id);
    raw.close();
    expect(total).toBeGreaterThan(10);
    expect(doc).toMatchObject({ total, page: 2, perPage: 5 });
    expect(doc.rows.map((x: { id: number }) => x.id)).toEqual(ids);
    for (const row of doc.rows) {
      expect(Object.keys(row).sort()).toEqual(LOG_ROW_KEYS);
      expect(row).toMatchObject({ syncType: 'time_entry', status: 'error' });
    }
  });

  it('clamps a page past the end to the last page, and defaults to page 1 of 25', async () => {
    const all = JSON.parse((await cli(['logs', '--json'])).out);
    expect(all).toMatchObject({ page: 1, perPage: 25 });
    expect(all.rows).toHaveLength(25);
    const last = JSON.parse((await cli(['logs', '--json', '--page', '99999', '--per-page', '100'])).out);
    expect(last.page).toBe(Math.ceil(all.total / 100));
  });

  it('prints a table without --json', async () => {
    const r = await cli(['logs', '--status', 'warning', '--per-page', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s*ID\s+Created At\s+Type\s+Operation\s+Status\s+ms\s+Message/);
    expect(r.out).toMatch(/Page 1 of \d+ \(\d+ log rows\)/);
  });

  it.each([
    [['--type', 'invoice'], '--type must be one of contract, time_entry, company'],
    [['--status', 'ok'], '--status must be one of success, warning, error, skip'],
    [['--from', '2026-02-30'], '--from must be a calendar date'],
    [['--to', '24/11/2026'], '--to must be a calendar date'],
    [['--from', '2026-03-09', '--to', '2026-03-01'], 'must not be after --to'],
    [['--page', '0'], '--page must be a whole number from 1'],
    [['--page', 'two'], '--page must be a whole number'],
    [['--per-page', '501'], '--per-page must be a whole number from 1 to 500'],
    [['--run', '-3'], '--run'],
  ])('bad arguments %j exit 2 with a clear message', async (args, message) => {
    const r = await cli(['logs', '--json', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });
});

describe('export logs', () => {
  it('writes the filtered CSV and says where and how many rows on stderr', async () => {
    const out = path.join(dir.dir, 'errors.csv');
    const r = await cli(['export', 'logs', '--out', out, '--status', 'error', '--type', 'contract']);
    expect(r.code).toBe(0);
    const lines = fs
      .readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    expect(lines[0]).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
    const rows = lines.slice(1).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const line of rows) expect(line).toMatch(/^\d+,contract,\w+,error,/);
    expect(r.err).toContain(`Exported ${rows.length} log rows to ${out}`);
    expect(r.out).toBe('');
  });

  it('--json reports { path, rows }; a missing --out or a bad filter exits 2', async () => {
    const out = path.join(dir.dir, 'all.csv');
    const ok = await cli(['export', 'logs', '--out', out, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ path: out, rows: expect.any(Number) });
    expect((await cli(['export', 'logs'])).code).toBe(2);
    const bad = await cli(['export', 'logs', '--out', out, '--from', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--from must be a calendar date');
  });
});

describe('list', () => {
  it('customers --json', async () => {
    const r = await cli(['list', 'customers', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { id: 1, name: 'Acme Dental', autotaskCompanyId: 29683, companyNumber: 'C-1', phone: null, city: 'Leeds', serviceCount: 2, createdAt: expect.any(String) },
    ]);
  });

  it('services --json has the SPEC keys, money as a decimal string', async () => {
    const r = await cli(['list', 'services', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        id: 1,
        customerId: 1,
        autotaskContractId: 500,
        autotaskContractServiceId: 9001,
        contractName: 'PRACBILL Acme',
        serviceName: 'Managed phone line',
        unitPrice: '49.99',
        invoiceDescription: 'Phone line',
        serviceNum: '+44 113 496 0000',
        startDate: '2026-01-01',
        endDate: null,
        ended: false,
      },
      {
        id: 2,
        customerId: 1,
        autotaskContractId: 501,
        autotaskContractServiceId: 9002,
        contractName: 'PRACBILL Old',
        serviceName: 'Legacy backup',
        unitPrice: '10.00',
        invoiceDescription: null,
        serviceNum: null,
        startDate: '2025-01-01',
        endDate: '2025-12-31',
        ended: true,
      },
    ]);
  });

  it('items --json has the SPEC keys: 5 h × $150 = "750.00", flagged with its reason', async () => {
    const r = await cli(['list', 'items', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { id: 1, serviceId: 1, autotaskTimeEntryId: 70001, dateWorked: '2026-03-02', hours: '5', rate: '150.00', amount: '750.00', flagged: false, flagReason: null },
      {
        id: 2,
        serviceId: 1,
        autotaskTimeEntryId: 70002,
        dateWorked: '2026-03-03',
        hours: '1.25',
        rate: '150.00',
        amount: '187.50',
        flagged: true,
        flagReason: 'No longer approved in Autotask',
      },
    ]);
  });

  it('tables without --json; an unknown list is a usage error', async () => {
    const items = await cli(['list', 'items']);
    expect(items.out).toMatch(/Amount/);
    expect(items.out).toContain('750.00');
    expect(items.out).toContain('2 items');
    expect((await cli(['list', 'services'])).out).toContain('Managed phone line');
    expect((await cli(['list', 'customers'])).out).toContain('Acme Dental');
    expect((await cli(['list', 'invoices'])).code).toBe(2);
  });

  it('an empty list is an empty JSON array', async () => {
    const t = makeTempDir('abs-empty-');
    try {
      const { code, out } = await runCliCaptured(['list', 'items', '--json', '--db', path.join(t.dir, 'b.db')], MEMORY_SECRETS);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});
