import type Database from 'better-sqlite3';
import { recountLogCounts } from '../../../main/db/queries/log-writes';

// Billing data and sync history written straight into a test database, so UI tests can show every page
// without running a sync. Shapes follow main/db/schema.ts (money in cents, ISO UTC instants).

export interface SeedOptions {
  /** Extra generated log rows (spread over the last days) on top of the hand-written ones. */
  extraLogs?: number;
  now?: Date;
}

const iso = (d: Date) => d.toISOString();

export function seedBillingData(sqlite: Database.Database, opts: SeedOptions = {}): { errorLogIds: number[] } {
  const now = opts.now ?? new Date();
  const ago = (ms: number) => iso(new Date(now.getTime() - ms));
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  const insertCustomer = sqlite.prepare('INSERT INTO customers (autotask_company_id, name, company_number, phone, city, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const acme = Number(insertCustomer.run(1001, 'Acme Corporation', 'C-1001', '+61 2 9000 1000', 'Sydney', ago(3 * DAY)).lastInsertRowid);
  const newco = Number(insertCustomer.run(1002, 'New Company Inc', 'C-1002', '+61 3 9000 2000', 'Melbourne', ago(2 * HOUR)).lastInsertRowid);
  const cafe = Number(insertCustomer.run(1003, 'Café Müller & Söhne', null, null, 'Zürich', ago(3 * DAY)).lastInsertRowid);

  const insertService = sqlite.prepare(
    `INSERT INTO engineering_services (customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name,
       unit_price_cents, invoice_description, service_num, start_date, end_date, ended)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const managed = Number(
    insertService.run(acme, 2001, 3001, 'PRACBILL-Managed-Services', 'Managed Services', 125000, 'Managed IT services', 'ACC-001', '2025-01-01', null, 0).lastInsertRowid,
  );
  const hosting = Number(
    insertService.run(newco, 2002, 3002, 'PRACBILL-Website-Hosting', 'Website Hosting', 4950, 'Website hosting, monthly', 'newcompany.example', '2026-01-01', null, 0)
      .lastInsertRowid,
  );
  insertService.run(cafe, 2003, 3003, 'PRACBILL-VoIP-Lines', 'VoIP Line', 2995, 'VoIP line rental', '0412345678', '2024-03-01', '2025-02-28', 1);

  const insertItem = sqlite.prepare(
    `INSERT INTO engineering_items (service_id, autotask_time_entry_id, autotask_contract_id, date_worked, hours, rate_cents, amount_cents, summary, flagged, flag_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const today = now.toISOString().slice(0, 10);
  insertItem.run(hosting, 5001, 2002, today, '5.00', 15000, 75000, 'Website migration', 0, null);
  insertItem.run(managed, 5002, 2001, today, '1.25', 15000, 18750, 'Server patching', 0, null);
  insertItem.run(managed, 5003, 2001, today, '0.50', 15000, 7500, 'Password reset', 1, 'The time entry was un-approved in Autotask');

  const insertRun = sqlite.prepare(
    `INSERT INTO sync_runs (type, trigger, started_at, finished_at, status, count_create, count_update, count_unchanged, count_skip, count_error, count_warning, api_calls, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const run1 = Number(insertRun.run('contract', 'schedule', ago(DAY + 5 * MIN), ago(DAY + 4 * MIN), 'success', 3, 0, 0, 2, 0, 0, 9, 'Contracts synced').lastInsertRowid);
  const run2 = Number(
    insertRun.run('time_entry', 'schedule', ago(DAY + 4 * MIN), ago(DAY + 3 * MIN), 'partial', 2, 0, 0, 0, 1, 1, 4, '1 time entry could not be imported').lastInsertRowid,
  );
  const run3 = Number(
    insertRun.run('contract', 'manual', ago(2 * HOUR + MIN), ago(2 * HOUR), 'failed', 0, 0, 0, 0, 0, 0, 1, 'The API secret was rejected (HTTP 401)').lastInsertRowid,
  );

  const insertLog = sqlite.prepare(`INSERT INTO sync_logs (run_id, sync_type, operation, status, message, duration_ms, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const errorLogIds: number[] = [];
  insertLog.run(
    run1,
    'company',
    'create',
    'success',
    'Created customer "Acme Corporation" (Autotask company 1001)',
    42,
    JSON.stringify({ companyID: 1001, companyName: 'Acme Corporation' }),
    ago(DAY + 5 * MIN),
  );
  insertLog.run(
    run1,
    'contract',
    'create',
    'success',
    'Created service "PRACBILL-Managed-Services" for Acme Corporation',
    87,
    JSON.stringify({ contractID: 2001, unitPrice: '1250.00' }),
    ago(DAY + 5 * MIN - 1000),
  );
  insertLog.run(run1, 'contract', 'skip', 'skip', 'Skipped contract "Recurring Monitoring": name does not start with PRACBILL', 3, null, ago(DAY + 5 * MIN - 2000));
  insertLog.run(
    run2,
    'time_entry',
    'create',
    'success',
    'Imported 1.25 h on PRACBILL-Managed-Services = $187.50',
    35,
    JSON.stringify({ timeEntryID: 5002, hours: '1.25', amount: '187.50' }),
    ago(DAY + 4 * MIN),
  );
  insertLog.run(
    run2,
    'time_entry',
    'update',
    'warning',
    'Time entry 5003 is no longer approved in Autotask; flagged',
    610,
    JSON.stringify({ timeEntryID: 5003, reason: 'unapproved' }),
    ago(DAY + 3 * MIN - 3000),
  );
  errorLogIds.push(
    Number(
      insertLog.run(
        run2,
        'time_entry',
        'error',
        'error',
        'Time entry 5009: contract 2999 is not a synced contract',
        12,
        JSON.stringify({
          timeEntryID: 5009,
          contractID: 2999,
          error: 'No engineering service for contract 2999',
          stack: 'Error: No engineering service…\n    at linkService (time-entry-sync.ts:88)',
        }),
        ago(DAY + 3 * MIN - 2000),
      ).lastInsertRowid,
    ),
  );
  errorLogIds.push(
    Number(
      insertLog.run(
        run3,
        'contract',
        'error',
        'error',
        'The API secret was rejected (HTTP 401). Check the secret in Configuration.',
        231,
        JSON.stringify({ status: 401, url: 'https://webservices.example/ATServicesRest/V1.0/Contracts/query' }),
        ago(2 * HOUR),
      ).lastInsertRowid,
    ),
  );
  insertLog.run(
    null,
    'company',
    'create',
    'success',
    'Created customer "New Company Inc" (Autotask company 1002)',
    51,
    JSON.stringify({ companyID: 1002, companyName: 'New Company Inc' }),
    ago(90 * MIN),
  );
  insertLog.run(
    null,
    'contract',
    'create',
    'success',
    'Created service "PRACBILL-Website-Hosting" for New Company Inc',
    64,
    JSON.stringify({ contractID: 2002, serviceName: 'Website Hosting' }),
    ago(90 * MIN - 500),
  );
  insertLog.run(
    null,
    'time_entry',
    'create',
    'success',
    'Imported 5.00 h on PRACBILL-Website-Hosting = $750.00',
    29,
    JSON.stringify({ timeEntryID: 5001, hours: '5.00', rate: '150.00', amount: '750.00' }),
    ago(5 * MIN),
  );

  const extra = opts.extraLogs ?? 0;
  if (extra > 0) {
    const statuses = ['success', 'success', 'success', 'warning', 'error', 'skip'] as const;
    const types = ['contract', 'time_entry', 'company'] as const;
    const many = sqlite.transaction(() => {
      for (let i = 0; i < extra; i++) {
        const status = statuses[i % statuses.length]!;
        const type = types[i % types.length]!;
        const op = status === 'error' ? 'error' : status === 'skip' ? 'skip' : i % 2 ? 'update' : 'create';
        const id = Number(
          insertLog.run(run1, type, op, status, `Generated ${type} ${op} #${i + 1}`, (i * 37) % 900, i % 3 === 0 ? JSON.stringify({ n: i + 1 }) : null, ago(6 * HOUR + i * 7 * MIN))
            .lastInsertRowid,
        );
        if (status === 'error') errorLogIds.push(id);
      }
    });
    many();
  }
  // The log rows went in raw: their dashboard and log-viewer counts are rebuilt as the sync would keep them.
  recountLogCounts(sqlite);
  return { errorLogIds };
}
