import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { schema } from './schema';
import { backupDatabase, makePrivate, type BackupInfo } from './backup';

export type Db = BetterSQLite3Database<typeof schema>;

export interface AppDatabase {
  sqlite: Database.Database;
  db: Db;
  file: string;
  /** Backup taken before this open applied migrations to an existing database, if any. */
  migrationBackup: BackupInfo | null;
  close(): void;
}

export interface OpenDatabaseOptions {
  migrationsFolder: string;
  /** Where pre-migration backups go; default `<dir of file>/backups`. */
  backupDir?: string;
  /** Path of a better-sqlite3 binary built for another ABI (the Electron main process passes one). */
  nativeBinding?: string;
  now?: () => Date;
}

export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly file: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

interface JournalEntry {
  when: number;
  tag: string;
}

function readJournal(migrationsFolder: string): JournalEntry[] {
  const journalFile = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** Migrations in the folder that this database has not applied yet (drizzle orders them by `when`). */
export function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): string[] {
  const entries = readJournal(migrationsFolder);
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!hasTable) return entries.map((e) => e.tag);
  const last = sqlite.prepare('SELECT MAX(created_at) AS last FROM __drizzle_migrations').get() as {
    last: number | null;
  };
  return entries.filter((e) => last.last === null || e.when > last.last).map((e) => e.tag);
}

function hasUserTables(sqlite: Database.Database): boolean {
  const row = sqlite.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n > 0;
}

/**
 * SQLite says only "unable to open database file" or "attempt to write a readonly database" when the
 * file or its folder cannot be written (a read-only disk or share, a locked-down folder); WAL mode needs
 * to write next to the file even to read. Name the actual cause instead.
 */
function readOnlyExplanation(file: string, error?: unknown): string | null {
  if (file === ':memory:') return null;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error !== undefined && code !== 'SQLITE_READONLY' && code !== 'SQLITE_CANTOPEN' && !/readonly|unable to open/i.test(String((error as Error)?.message))) return null;
  const target = path.resolve(file);
  for (const candidate of [path.dirname(target), target]) {
    if (!fs.existsSync(candidate)) continue;
    try {
      fs.accessSync(candidate, fs.constants.W_OK);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'EROFS' ? 'is on a read-only file system' : 'is read-only';
      return (
        `The billing database ${target} cannot be used because ${candidate === target ? 'the file' : `its folder ${candidate}`} ${why}. ` +
        'The app needs to write next to the database even to read it. Make it writable, or move the database to a writable folder, then try again.'
      );
    }
  }
  return null;
}

/**
 * Opens (creating if needed) the billing database: WAL, full durability, a busy timeout so the CLI and
 * the app can share the file, and every pending migration applied — with a backup of an existing database
 * taken first. Foreign keys are switched off around `migrate()` because drizzle-kit's table-rebuild
 * migrations rely on `PRAGMA foreign_keys=OFF`, which is a no-op inside drizzle's migration transaction;
 * a `foreign_key_check` afterwards refuses to continue on a broken reference.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions): AppDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (error) {
    throw new DatabaseOpenError(readOnlyExplanation(file) ?? `The billing database ${file} could not be opened: ${(error as Error).message}`, file, error);
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    // The database (and its WAL/SHM) are the user's alone (issue #17): 0600 whatever the umask.
    if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) makePrivate(f);

    let migrationBackup: BackupInfo | null = null;
    const pending = pendingMigrations(sqlite, opts.migrationsFolder);
    if (pending.length > 0) {
      if (file !== ':memory:' && hasUserTables(sqlite)) {
        const dir = opts.backupDir ?? path.join(path.dirname(path.resolve(file)), 'backups');
        const base = path.basename(file).replace(/\.[^.]+$/, '');
        migrationBackup = backupDatabase(sqlite, { dir, prefix: `${base}-pre-migration`, keep: 5, now: opts.now?.() });
      }
      sqlite.pragma('foreign_keys = OFF');
      try {
        migrate(drizzle(sqlite, { schema }), { migrationsFolder: opts.migrationsFolder });
        const broken = sqlite.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) {
          throw new Error(
            `${broken.length} broken foreign-key reference(s) after migration` + (migrationBackup ? `; the database before the upgrade is saved at ${migrationBackup.file}` : ''),
          );
        }
      } finally {
        sqlite.pragma('foreign_keys = ON');
      }
    }
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    return { sqlite, db, file, migrationBackup, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(readOnlyExplanation(file, error) ?? `The billing database ${file} could not be prepared: ${(error as Error).message}`, file, error);
  }
}
