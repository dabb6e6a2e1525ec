// A damaged billing database at start-up: detect it, find the newest backup that is itself intact, and
// restore it without ever overwriting the damaged file (it is moved aside with a timestamp, so nothing
// the bookkeeper had is destroyed — a specialist may still recover rows from it).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupDirFor } from '../paths';
import { fileTimestamp, makePrivate, type BackupInfo } from './backup';
import { DatabaseOpenError, openDatabase, type AppDatabase, type OpenDatabaseOptions } from './open-database';

export type DatabaseCheck =
  { status: 'ok'; file: string } | { status: 'missing'; file: string } | { status: 'corrupt'; file: string; problem: string; latestBackup: BackupInfo | null };

export interface RecoveryOptions {
  /** Where backups are looked for; default `backups/` next to the database. */
  backupDir?: string;
  nativeBinding?: string;
}

/** SQLite's answer for a file that is damaged or not a database at all (as opposed to locked or read-only). */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /file is not a database|database disk image is malformed/i.test(message);
}

/** Opens read-only and runs `PRAGMA quick_check`: null when intact, else what is wrong. */
function integrityProblem(file: string, nativeBinding?: string): string | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length ? problems.slice(0, 3).join('; ') : null;
  } catch (error) {
    if (isCorruptionError(error)) return (error as Error).message;
    throw error; // locked, unreadable, permission: not corruption, and not for this module to judge
  } finally {
    db?.close();
  }
}

/** Every `.db` file in the backup folder, newest first (by modification time, then name). */
function backupCandidates(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((f) => {
      const file = path.join(dir, f);
      const stat = fs.statSync(file);
      return { file, createdAt: stat.mtime.toISOString(), bytes: stat.size, mtimeMs: stat.mtimeMs };
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? 1 : -1))
    .map(({ file, createdAt, bytes }) => ({ file, createdAt, bytes }));
}

/** The newest backup that passes an integrity check (a backup can be damaged too), or null. */
export function latestBackup(databaseFile: string, opts: RecoveryOptions = {}): BackupInfo | null {
  for (const candidate of backupCandidates(opts.backupDir ?? backupDirFor(databaseFile))) {
    try {
      if (integrityProblem(candidate.file, opts.nativeBinding) === null) return candidate;
    } catch {
      // unreadable backup: try the next one
    }
  }
  return null;
}

/** Is the database file intact? For a damaged one, also the newest intact backup to offer. */
export function checkDatabaseFile(file: string, opts: RecoveryOptions = {}): DatabaseCheck {
  if (!fs.existsSync(file)) return { status: 'missing', file };
  const problem = integrityProblem(file, opts.nativeBinding);
  if (problem === null) return { status: 'ok', file };
  return { status: 'corrupt', file, problem, latestBackup: latestBackup(file, opts) };
}

export class RecoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryError';
  }
}

/** Tables every database of this app has had since its first migration (a restore checks for them). */
export const REQUIRED_TABLES = ['settings', 'customers', 'engineering_services', 'engineering_items', 'sync_runs', 'sync_logs', 'sync_lock', 'zone_cache'] as const;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Why `file` is not an intact database of this app (null when it is): a regular, non-empty SQLite file
 * that passes `PRAGMA integrity_check`, has this app's tables and records at least one of its migrations.
 * An empty file, /dev/zero or any other SQLite file would otherwise "restore" as an empty database and
 * silently reset every setting (issue #17).
 */
export function notAnAppDatabase(file: string, nativeBinding?: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'it does not exist';
  }
  if (!stat.isFile()) return 'it is not a regular file';
  if (stat.size === 0) return 'it is empty';
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_MAGIC)) return 'it is not an SQLite database';
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) return `it is damaged (${problems.slice(0, 3).join('; ')})`;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) return `it is not a database of this app (missing tables: ${missing.join(', ')})`;
    const migrations = tables.has('__drizzle_migrations') ? (db.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
    if (migrations === 0) return 'it is not a database of this app (no migration record)';
    return null;
  } catch (error) {
    return `it could not be read as a database (${(error as Error).message})`;
  } finally {
    db?.close();
  }
}

export interface RestoreResult {
  restoredFrom: string;
  file: string;
  /** Where the previous database file (and its -wal/-shm) were moved; empty when there was none. */
  movedAside: string[];
}

function freeName(base: string): string {
  if (!fs.existsSync(base)) return base;
  for (let i = 2; ; i++) if (!fs.existsSync(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Replaces the database file with a copy of `backup`. The current file (damaged or not) and its WAL/SHM
 * side files are renamed to `<file>.corrupt-<time>` (or `.replaced-<time>` when it was intact), never
 * deleted. The copy is written to a temporary name and renamed into place, so a crash mid-restore leaves
 * either the old state or the new one. The database must not be open while this runs.
 */
export function restoreBackup(backup: string, file: string, opts: RecoveryOptions & { now?: Date } = {}): RestoreResult {
  const source = path.resolve(backup);
  const target = path.resolve(file);
  if (!fs.existsSync(source)) throw new RecoveryError(`The backup ${source} does not exist.`);
  if (source === target) throw new RecoveryError('The backup and the database are the same file.');
  const problem = notAnAppDatabase(source, opts.nativeBinding);
  if (problem !== null) throw new RecoveryError(`The backup ${source} cannot be restored: ${problem}. Nothing was changed; choose another backup.`);

  const stamp = fileTimestamp(opts.now ?? new Date());
  const movedAside: string[] = [];
  if (fs.existsSync(target)) {
    let label = 'replaced';
    try {
      if (integrityProblem(target, opts.nativeBinding) !== null) label = 'corrupt';
    } catch {
      label = 'replaced';
    }
    const aside = freeName(`${target}.${label}-${stamp}`);
    fs.renameSync(target, aside);
    movedAside.push(aside);
    for (const side of ['-wal', '-shm']) {
      if (fs.existsSync(target + side)) {
        fs.renameSync(target + side, aside + side);
        movedAside.push(aside + side);
      }
    }
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.restoring`;
  fs.copyFileSync(source, partial);
  makePrivate(partial); // never the source's mode: the database is the user's alone (0600)
  clearTransientState(partial, opts.nativeBinding);
  const fd = fs.openSync(partial, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, target);
  return { restoredFrom: source, file: target, movedAside };
}

export const RESTORED_RUN_MESSAGE = 'This run was in progress when the backup was taken; the restored database does not contain its results. Run the sync again.';

/**
 * A backup taken by a sync (VACUUM INTO right after taking the run lock) holds that run's lock row and its
 * `running` run row. Restored as-is, the lock blocks every sync until it expires when its owner process is
 * still alive (the app that took the backup), and the run shows as running. Neither is true of the
 * restored database, so both are cleared in the copy before it is moved into place.
 */
function clearTransientState(file: string, nativeBinding?: string): void {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    db.transaction(() => {
      if (has('sync_lock')) db.prepare('DELETE FROM sync_lock').run();
      if (has('sync_runs')) {
        db.prepare("UPDATE sync_runs SET status = 'failed', finished_at = COALESCE(heartbeat_at, started_at), message = ? WHERE status = 'running'").run(RESTORED_RUN_MESSAGE);
      }
    })();
  } finally {
    db.close();
  }
}

/** The command that restores a backup, as the bookkeeper (or support) would type it. */
export function restoreCommand(backup: string, file: string): string {
  return `npm run cli -- db restore --from "${backup}" --db "${file}"`;
}

/** One paragraph for a damaged database: what is wrong, and the backup to restore with the command. */
export function describeCorruption(check: Extract<DatabaseCheck, { status: 'corrupt' }>): string {
  const head = `The billing database ${check.file} is damaged (${check.problem}).`;
  if (!check.latestBackup) {
    return `${head} No intact backup was found next to it. The file has not been changed; keep a copy of it and contact support.`;
  }
  const b = check.latestBackup;
  return (
    `${head} The latest intact backup is ${b.file} (taken ${b.createdAt}). To restore it run: ${restoreCommand(b.file, check.file)} — ` +
    'the damaged file is kept next to it with a ".corrupt-<time>" suffix, nothing is deleted.'
  );
}

/** Thrown at start-up instead of a bare "could not be opened" when the file is damaged: the shells offer the backup. */
export class CorruptDatabaseError extends DatabaseOpenError {
  constructor(
    readonly check: Extract<DatabaseCheck, { status: 'corrupt' }>,
    cause?: unknown,
  ) {
    super(describeCorruption(check), check.file, cause);
    this.name = 'CorruptDatabaseError';
  }
}

/** openDatabase, but a damaged file is reported as CorruptDatabaseError carrying the latest intact backup. */
export function openCheckedDatabase(file: string, opts: OpenDatabaseOptions & RecoveryOptions): AppDatabase {
  try {
    return openDatabase(file, opts);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError) || !isCorruptionError(error.cause ?? error)) throw error;
    const check = checkDatabaseFile(file, opts);
    if (check.status === 'corrupt') throw new CorruptDatabaseError(check, error);
    throw error;
  }
}
