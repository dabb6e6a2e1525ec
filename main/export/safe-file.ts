// Writing a file the user asked for, safely (issue #17): never over the app's own database (or its
// -wal/-shm/-journal files, or the backups folder), never silently through a symbolic link or over a
// file with other hard links, always private to the user (0600 on POSIX), and atomically: into a
// temporary file in the same folder, flushed, then renamed over the target. On any failure the
// temporary file is removed and the target is left as it was.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { backupDirFor } from '../paths';

export const PRIVATE_FILE_MODE = 0o600;

/** The target was refused before anything was written; the message names why. */
export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

export interface Protected {
  /** Files never to be written (compared by path and by inode, so hard links and symlinks are caught). */
  files?: string[];
  /** Folders nothing may be written into. */
  dirs?: string[];
}

/** The database file, its SQLite side files and its backups folder. */
export function databaseFiles(databaseFile: string): Required<Protected> {
  const db = path.resolve(databaseFile);
  return { files: [db, `${db}-wal`, `${db}-shm`, `${db}-journal`], dirs: [backupDirFor(db)] };
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function inside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Throws UnsafeTargetError when `target` must not be written; returns its absolute path otherwise. */
export function checkTarget(target: string, protect: Protected = {}): string {
  const abs = path.resolve(target);
  let lst: fs.Stats | null = null;
  try {
    lst = fs.lstatSync(abs);
  } catch {
    lst = null;
  }
  if (lst?.isSymbolicLink()) {
    throw new UnsafeTargetError(`${abs} is a symbolic link; nothing was written. Choose the file it points to, or another name.`);
  }
  if (lst && !lst.isFile()) throw new UnsafeTargetError(`${abs} is not a regular file; nothing was written. Choose a file name.`);
  // Where the file would really land, with every symlinked folder resolved.
  const real = path.join(realOrSelf(path.dirname(abs)), path.basename(abs));
  for (const f of protect.files ?? []) {
    const st = statOrNull(f);
    const same = real === path.join(realOrSelf(path.dirname(f)), path.basename(f)) || (st && lst && st.dev === lst.dev && st.ino === lst.ino);
    if (same) {
      throw new UnsafeTargetError(`${abs} is the app's database (or one of its files); nothing was written. Choose another file name for the export.`);
    }
  }
  for (const d of protect.dirs ?? []) {
    if (inside(real, realOrSelf(d))) {
      throw new UnsafeTargetError(`${abs} is inside the app's backups folder (${d}); nothing was written. Choose another folder for the export.`);
    }
  }
  if (lst && lst.nlink > 1) {
    throw new UnsafeTargetError(`${abs} has other hard links (${lst.nlink - 1}); replacing it would split them, so nothing was written. Choose another file name.`);
  }
  return abs;
}

/**
 * Writes `target` through `write(out)` after checkTarget: a 0600 temporary file in the same folder,
 * flushed to disk, renamed over the target. Resolves with write's result.
 */
export async function writeFileSafely<T>(target: string, write: (out: Writable) => Promise<T>, protect: Protected = {}): Promise<{ path: string; result: T }> {
  const abs = checkTarget(target, protect);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const fd = fs.openSync(tmp, 'wx', PRIVATE_FILE_MODE);
    if (process.platform !== 'win32') fs.fchmodSync(fd, PRIVATE_FILE_MODE); // whatever the umask
    const out = fs.createWriteStream('', { fd, flush: true });
    const result = await write(out);
    await fs.promises.rename(tmp, abs);
    return { path: abs, result };
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}
