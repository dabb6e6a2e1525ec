import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase, pendingMigrations } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { deleteLogRows, insertLogRows, recountLogCounts } from '../../../main/db/queries/log-writes';
import { makeTempDir } from '../../helpers/temp-dir';

const migrationsFolder = sourceMigrationsFolder();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir() {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

const tables = (sqlite: Database.Database) =>
  (sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('database migrations', () => {
  it('creates every table on an empty database, in WAL mode with foreign keys on, and takes no backup', () => {
    const dir = tempDir();
    const app = openDatabase(path.join(dir, 'billing.db'), { migrationsFolder });
    cleanups.push(() => app.close());
    expect(tables(app.sqlite)).toEqual(
      expect.arrayContaining([
        'settings',
        'customers',
        'engineering_services',
        'engineering_items',
        'sync_runs',
        'sync_logs',
        'sync_log_counts',
        'sync_state',
        'sync_lock',
        'zone_cache',
      ]),
    );
    expect(app.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(app.migrationBackup).toBeNull();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    expect(pendingMigrations(app.sqlite, migrationsFolder)).toEqual([]);
  });

  it('re-opening an up-to-date database applies nothing and takes no backup', () => {
    const file = path.join(tempDir(), 'billing.db');
    openDatabase(file, { migrationsFolder }).close();
    const again = openDatabase(file, { migrationsFolder });
    cleanups.push(() => again.close());
    expect(again.migrationBackup).toBeNull();
    const applied = again.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number };
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(applied.n).toBe(journal.entries.length);
  });

  it('upgrades a populated database: backup first, data kept, new migration applied', () => {
    const dir = tempDir();
    const file = path.join(dir, 'billing.db');
    const first = openDatabase(file, { migrationsFolder });
    first.sqlite.prepare("INSERT INTO customers (autotask_company_id, name) VALUES (42, 'Acme Corporation')").run();
    first.sqlite
      .prepare(
        "INSERT INTO engineering_services (customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents) VALUES (1, 7, 70, 'PRACBILL-Managed', 'Managed', 4995)",
      )
      .run();
    first.close();

    // A later release ships one more migration: copy the real folder and append a table rebuild, the
    // kind drizzle-kit generates, which is where foreign keys bite.
    const nextFolder = path.join(dir, 'migrations-next');
    fs.cpSync(migrationsFolder, nextFolder, { recursive: true });
    const journalFile = path.join(nextFolder, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[] };
    const last = journal.entries[journal.entries.length - 1]!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_test_upgrade' });
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    fs.writeFileSync(
      path.join(nextFolder, '9999_test_upgrade.sql'),
      [
        'PRAGMA foreign_keys=OFF;',
        'CREATE TABLE `__new_customers` (`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `autotask_company_id` integer NOT NULL, `name` text NOT NULL, `company_number` text, `phone` text, `address1` text, `city` text, `postal_code` text, `is_active` integer DEFAULT true NOT NULL, `created_at` text NOT NULL, `updated_at` text NOT NULL, `accounting_name` text, `notes` text);',
        'INSERT INTO `__new_customers` SELECT *, NULL FROM `customers`;',
        'DROP TABLE `customers`;',
        'ALTER TABLE `__new_customers` RENAME TO `customers`;',
        'PRAGMA foreign_keys=ON;',
      ].join('\n--> statement-breakpoint\n'),
    );

    const upgraded = openDatabase(file, { migrationsFolder: nextFolder });
    cleanups.push(() => upgraded.close());
    expect(upgraded.migrationBackup).not.toBeNull();
    const backup = upgraded.migrationBackup!;
    expect(fs.existsSync(backup.file)).toBe(true);
    // The new column exists and the rows survived the rebuild, including the child row.
    expect(upgraded.sqlite.prepare('SELECT name, notes FROM customers').all()).toEqual([{ name: 'Acme Corporation', notes: null }]);
    expect((upgraded.sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_services').get() as { n: number }).n).toBe(1);
    // The backup is the database as it was before the upgrade.
    const old = new Database(backup.file, { readonly: true });
    cleanups.push(() => old.close());
    const oldColumns = (old.prepare('PRAGMA table_info(customers)').all() as { name: string }[]).map((c) => c.name);
    expect(oldColumns).not.toContain('notes');
    expect(old.prepare('SELECT name FROM customers').get()).toEqual({ name: 'Acme Corporation' });
  });

  it('0004 on a fresh database: flag_acknowledgements with one row per item and flag episode', () => {
    const app = openDatabase(path.join(tempDir(), 'billing.db'), { migrationsFolder });
    cleanups.push(() => app.close());
    const columns = (app.sqlite.prepare('PRAGMA table_info(flag_acknowledgements)').all() as { name: string; notnull: number }[]).map((c) => [c.name, c.notnull]);
    expect(columns).toEqual([
      ['id', 1],
      ['item_id', 1],
      ['flag_reason', 1],
      ['flagged_at', 1],
      ['acknowledged_by', 1],
      ['acknowledged_at', 1],
    ]);
    const indexes = (app.sqlite.prepare('PRAGMA index_list(flag_acknowledgements)').all() as { name: string; unique: number }[]).map((i) => [i.name, i.unique]).sort();
    expect(indexes).toEqual([
      ['flag_acks_acknowledged_idx', 0],
      ['flag_acks_episode_uq', 1],
    ]);
    // The acknowledged item must exist (foreign key).
    expect(() =>
      app.sqlite.prepare("INSERT INTO flag_acknowledgements (item_id, flag_reason, flagged_at, acknowledged_by, acknowledged_at) VALUES (99, 'r', '', 'u', 'now')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('upgrades a database at 0003 to 0004: backup first, flagged items kept and acknowledgeable', () => {
    const dir = tempDir();
    const file = path.join(dir, 'billing.db');
    // The migrations folder as release 0003 shipped it: the journal without 0004.
    const at0003 = path.join(dir, 'migrations-0003');
    fs.cpSync(migrationsFolder, at0003, { recursive: true });
    const journalFile = path.join(at0003, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag <= '0003_billing');
    expect(journal.entries.map((e) => e.tag)).toEqual(['0000_initial', '0001_log_count_triggers', '0002_log_query_indexes', '0003_billing']);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    fs.rmSync(path.join(at0003, '0004_flag_acknowledgements.sql'));

    const old = openDatabase(file, { migrationsFolder: at0003 });
    expect(tables(old.sqlite)).not.toContain('flag_acknowledgements');
    old.sqlite.prepare("INSERT INTO customers (id, autotask_company_id, name) VALUES (1, 42, 'Acme Corporation')").run();
    old.sqlite
      .prepare(
        "INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents) VALUES (1, 1, 7, 70, 'PRACBILL-Managed', 'Managed', 4995)",
      )
      .run();
    old.sqlite
      .prepare(
        "INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents, flagged, flag_reason, flagged_at) VALUES (1, 1, 500, '2026-11-02', '1.00', 15000, 15000, 1, 'deleted in Autotask', '2026-11-03T02:00:00.000Z')",
      )
      .run();
    expect(pendingMigrations(old.sqlite, migrationsFolder)).toHaveLength(2);
    old.close();

    const upgraded = openDatabase(file, { migrationsFolder });
    cleanups.push(() => upgraded.close());
    expect(upgraded.migrationBackup).not.toBeNull();
    expect(pendingMigrations(upgraded.sqlite, migrationsFolder)).toEqual([]);
    expect(tables(upgraded.sqlite)).toContain('flag_acknowledgements');
    expect(upgraded.sqlite.prepare('SELECT id, flagged, flag_reason FROM engineering_items').all()).toEqual([{ id: 1, flagged: 1, flag_reason: 'deleted in Autotask' }]);
    upgraded.sqlite
      .prepare(
        "INSERT INTO flag_acknowledgements (item_id, flag_reason, flagged_at, acknowledged_by, acknowledged_at) VALUES (1, 'deleted in Autotask', '2026-11-03T02:00:00.000Z', 'alice', '2026-11-04T09:00:00.000Z')",
      )
      .run();
    expect(() =>
      upgraded.sqlite
        .prepare(
          "INSERT INTO flag_acknowledgements (item_id, flag_reason, flagged_at, acknowledged_by, acknowledged_at) VALUES (1, 'deleted in Autotask', '2026-11-03T02:00:00.000Z', 'bob', 'later')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    // The backup is the database at 0003.
    const backup = new Database(upgraded.migrationBackup!.file, { readonly: true });
    cleanups.push(() => backup.close());
    expect(tables(backup)).not.toContain('flag_acknowledgements');
  });

  it('keeps dashboard counts in the summary table as log rows are added and deleted (by the writers, no triggers)', () => {
    const app = openDatabase(path.join(tempDir(), 'billing.db'), { migrationsFolder });
    cleanups.push(() => app.close());
    expect(app.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    const row = (syncType: string, status: string, createdAt: string) => ({ runId: null, syncType, operation: 'create', status, message: 'm', createdAt });
    insertLogRows(app.sqlite, [row('contract', 'success', '2026-11-24T02:00:01.000Z'), row('contract', 'success', '2026-11-24T02:30:00.000Z')]);
    insertLogRows(app.sqlite, [row('time_entry', 'error', '2026-11-24T03:00:00.000Z')]);
    const counts = () => app.sqlite.prepare('SELECT hour, sync_type, status, count FROM sync_log_counts WHERE count > 0 ORDER BY hour, sync_type').all();
    expect(counts()).toEqual([
      { hour: '2026-11-24T02', sync_type: 'contract', status: 'success', count: 2 },
      { hour: '2026-11-24T03', sync_type: 'time_entry', status: 'error', count: 1 },
    ]);
    expect(deleteLogRows(app.sqlite, 'sync_type = ?', ['time_entry'])).toBe(1);
    expect(counts()).toEqual([{ hour: '2026-11-24T02', sync_type: 'contract', status: 'success', count: 2 }]);
  });

  it('upgrades a database at 0004 to 0005: the count triggers dropped and sync_log_counts recounted from the rows', () => {
    const dir = tempDir();
    const file = path.join(dir, 'billing.db');
    const at0004 = path.join(dir, 'migrations-0004');
    fs.cpSync(migrationsFolder, at0004, { recursive: true });
    const journalFile = path.join(at0004, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag <= '0004_flag_acknowledgements');
    expect(journal.entries.at(-1)?.tag).toBe('0004_flag_acknowledgements');
    fs.writeFileSync(journalFile, JSON.stringify(journal));

    const old = openDatabase(file, { migrationsFolder: at0004 });
    const triggers = (sqlite: Database.Database) =>
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(triggers(old.sqlite)).toEqual(['sync_logs_count_delete', 'sync_logs_count_insert', 'sync_logs_count_update']);
    const insert = old.sqlite.prepare("INSERT INTO sync_logs (sync_type, operation, status, message, created_at) VALUES (?, 'create', ?, 'm', ?)");
    for (let i = 0; i < 30; i++) insert.run(i % 3 ? 'contract' : 'time_entry', i % 4 ? 'success' : 'error', `2026-11-24T${String(i % 5).padStart(2, '0')}:0${i % 10}:00.000Z`);
    // Counts made wrong on purpose: a bucket off by 7, one with no rows, one missing.
    old.sqlite.prepare("UPDATE sync_log_counts SET count = count + 7 WHERE hour = '2026-11-24T01' AND sync_type = 'contract' AND status = 'success'").run();
    old.sqlite.prepare("INSERT INTO sync_log_counts (hour, sync_type, status, count) VALUES ('2025-01-01T00', 'company', 'warning', 5)").run();
    old.sqlite.prepare("DELETE FROM sync_log_counts WHERE hour = '2026-11-24T03' AND sync_type = 'time_entry'").run();
    const recount = (sqlite: Database.Database) =>
      sqlite.prepare('SELECT substr(created_at, 1, 13) AS hour, sync_type, status, COUNT(*) AS count FROM sync_logs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all();
    const stored = (sqlite: Database.Database) => sqlite.prepare('SELECT hour, sync_type, status, count FROM sync_log_counts WHERE count <> 0 ORDER BY 1, 2, 3').all();
    expect(stored(old.sqlite)).not.toEqual(recount(old.sqlite));
    expect(pendingMigrations(old.sqlite, migrationsFolder)).toEqual(['0005_log_counts_by_writers']);
    old.close();

    const upgraded = openDatabase(file, { migrationsFolder });
    cleanups.push(() => upgraded.close());
    expect(upgraded.migrationBackup).not.toBeNull();
    expect(pendingMigrations(upgraded.sqlite, migrationsFolder)).toEqual([]);
    expect(triggers(upgraded.sqlite)).toEqual([]);
    expect(stored(upgraded.sqlite)).toEqual(recount(upgraded.sqlite));
    expect(upgraded.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_log_counts WHERE count = 0').get()).toEqual({ n: 0 });
    // A raw insert no longer counts itself: the writers do (insertLogRows), or a recount after a bulk load.
    upgraded.sqlite
      .prepare("INSERT INTO sync_logs (sync_type, operation, status, message, created_at) VALUES ('company', 'update', 'success', 'm', '2026-11-25T00:00:00.000Z')")
      .run();
    expect(stored(upgraded.sqlite)).not.toEqual(recount(upgraded.sqlite));
    recountLogCounts(upgraded.sqlite);
    expect(stored(upgraded.sqlite)).toEqual(recount(upgraded.sqlite));
  });

  it('refuses an unreadable file with a clear error and leaves it untouched', () => {
    const file = path.join(tempDir(), 'billing.db');
    fs.writeFileSync(file, 'this is not a database at all, just text that happens to be here');
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file, { migrationsFolder })).toThrow(/billing database .* could not be/);
    expect(fs.readFileSync(file)).toEqual(before);
  });
});
