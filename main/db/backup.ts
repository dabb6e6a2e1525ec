import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface BackupInfo {
  file: string;
  createdAt: string;
  bytes: number;
}

/** File-name-safe UTC timestamp, e.g. 20261124T020000123Z. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/**
 * Writes a consistent snapshot of an open database with `VACUUM INTO` (safe while in WAL mode, unlike a
 * file copy, which would miss pages still in the -wal file), then keeps only the newest `keep` backups
 * with the same prefix. Synchronous on purpose: callers take it before writing, and nothing else may
 * write in between.
 */
export function backupDatabase(sqlite: Database.Database, opts: { dir: string; prefix: string; keep: number; now?: Date }): BackupInfo {
  fs.mkdirSync(opts.dir, { recursive: true });
  const now = opts.now ?? new Date();
  const file = path.join(opts.dir, `${opts.prefix}-${fileTimestamp(now)}.db`);
  const tmp = `${file}.partial`;
  fs.rmSync(tmp, { force: true });
  sqlite.prepare('VACUUM INTO ?').run(tmp);
  makePrivate(tmp); // a backup holds everything the database does: private to the user (0600)
  // Rename only once complete, so a crash mid-backup never leaves a truncated file that looks valid.
  fs.renameSync(tmp, file);
  pruneBackups(opts.dir, opts.prefix, opts.keep);
  return { file, createdAt: now.toISOString(), bytes: fs.statSync(file).size };
}

/** chmod 0600 on POSIX (databases, backups, their side files); a missing file is left alone. */
export function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    /* gone, or not ours to change: nothing more to do here */
  }
}

export function listBackups(dir: string, prefix?: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db') && (prefix === undefined || f.startsWith(`${prefix}-`)))
    .map((f) => {
      const file = path.join(dir, f);
      const stat = fs.statSync(file);
      return { file, createdAt: stat.mtime.toISOString(), bytes: stat.size };
    })
    .sort((a, b) => (a.file < b.file ? 1 : -1));
}

function pruneBackups(dir: string, prefix: string, keep: number): void {
  for (const old of listBackups(dir, prefix).slice(Math.max(keep, 1))) fs.rmSync(old.file, { force: true });
}
