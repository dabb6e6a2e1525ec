// Billing benchmark (issue 14): preview and close of one month on a large book, time and peak RSS, with a
// bare SELECT of the same rows as the lower bound measured in the same run. Each measurement runs in its own
// child process (peak RSS = that child's maxRSS) over a database seeded once by the parent.
//
//   tsx bench/billing.ts [--json] [--customers 2000] [--items 50000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBillingService } from '../main/billing/billing-service';
import { computeInvoices } from '../main/billing/compute';
import { loadBillingSnapshot } from '../main/db/queries/billing-snapshot';
import { sourceMigrationsFolder } from '../main/db/migrations-folder';
import { openDatabase } from '../main/db/open-database';
import type { BillingMonthMeasurement } from './sections/billing-figures';

const MONTH = '2026-10';
const NOW = new Date('2026-11-15T12:00:00Z');
const SELF = fileURLToPath(import.meta.url);

function open(file: string) {
  return openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
}

function seed(file: string, customers: number, items: number): void {
  const db = open(file);
  const s = db.sqlite;
  s.transaction(() => {
    const cust = s.prepare('INSERT INTO customers (id, autotask_company_id, name) VALUES (?, ?, ?)');
    const svc =
      s.prepare(`INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents, start_date)
                           VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01')`);
    const unit = s.prepare(`INSERT INTO contract_service_units (id, autotask_contract_id, autotask_contract_service_id, units, start_date, end_date, price_cents)
                            VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const item = s.prepare(`INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents, amount_cents, summary)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let unitId = 1;
    for (let c = 1; c <= customers; c++) {
      cust.run(c, 10_000 + c, `Customer ${String(c).padStart(5, '0')}`);
      svc.run(c, c, 20_000 + c, 30_000 + c, `Managed services ${c}`, 'Managed workstation', 4_500);
      if (c % 10 === 0) {
        // a mid-month change of units
        unit.run(unitId++, 20_000 + c, 30_000 + c, 10, `${MONTH}-01`, `${MONTH}-14`, 4_500);
        unit.run(unitId++, 20_000 + c, 30_000 + c, 14, `${MONTH}-15`, `${MONTH}-31`, 4_500);
      } else {
        unit.run(unitId++, 20_000 + c, 30_000 + c, 5 + (c % 20), `${MONTH}-01`, `${MONTH}-31`, 4_500);
      }
    }
    for (let i = 1; i <= items; i++) {
      const c = 1 + (i % customers);
      const day = 1 + (i % 31);
      const quarters = 1 + (i % 12);
      item.run(i, c, 500_000 + i, 20_000 + c, `${MONTH}-${String(day).padStart(2, '0')}`, (quarters / 4).toFixed(2), 15_000, (quarters * 15_000) / 4, `Ticket work ${i}`);
    }
  })();
  db.close();
}

type Phase = 'bare' | 'preview' | 'close';

function child(phase: Phase, file: string): void {
  const db = open(file);
  const t0 = performance.now();
  let invoices = 0;
  let lines = 0;
  if (phase === 'bare') {
    const a = db.sqlite
      .prepare(
        'SELECT id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents, summary, flagged, flag_reason FROM engineering_items ORDER BY date_worked, id',
      )
      .all();
    const b = db.sqlite
      .prepare(
        'SELECT id, autotask_contract_service_id, units, start_date, end_date, approve_and_post_date, removed_at FROM contract_service_units ORDER BY autotask_contract_service_id, start_date, id',
      )
      .all();
    lines = a.length + b.length;
  } else if (phase === 'preview') {
    const month = computeInvoices(loadBillingSnapshot(db.sqlite, '2026-11-15'), MONTH);
    invoices = month.invoices.length;
    lines = month.invoices.reduce((n, inv) => n + inv.lines.length, 0);
  } else {
    const r = createBillingService({ database: db, now: () => NOW, osUser: () => 'bench' }).close(MONTH);
    invoices = r.invoices.length;
    if (invoices === 0) throw new Error(`close of ${MONTH} produced no invoices`);
  }
  const ms = performance.now() - t0;
  db.close();
  process.stdout.write(`${JSON.stringify({ phase, ms, invoices, lines, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

interface ChildResult {
  phase: Phase;
  ms: number;
  invoices: number;
  lines: number;
  maxRssMb: number;
}

function run(phase: Phase, file: string): ChildResult {
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--child', phase, file], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`billing ${phase} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

export function measure(customers: number, items: number): BillingMonthMeasurement {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'abs-bench-billing-'));
  try {
    const file = path.join(dir, 'billing.db');
    seed(file, customers, items);
    const bare = run('bare', file);
    const preview = run('preview', file);
    const close = run('close', file);
    return {
      month: MONTH,
      invoices: preview.invoices,
      lines: preview.lines,
      bareReadMs: bare.ms,
      previewMs: preview.ms,
      previewPeakRssMb: preview.maxRssMb,
      closeMs: close.ms,
      closePeakRssMb: close.maxRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  child(argv[1] as Phase, argv[2]!);
} else {
  const num = (name: string, d: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : d;
  };
  const customers = num('customers', 2_000);
  const items = num('items', 50_000);
  const full = measure(customers, items);
  const half = measure(Math.ceil(customers / 2), Math.ceil(items / 2));
  const out = { full, half };
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(out)}\n`);
  else process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
