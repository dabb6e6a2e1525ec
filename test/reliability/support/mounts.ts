// Real file-system faults where the machine allows them (root with CAP_SYS_ADMIN, as in CI containers):
// a small tmpfs that fills up, and a read-only bind mount. Callers fall back (SQLite max_page_count,
// chmod) and say which method they used.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

function tryRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function mountTmpfs(dir: string, bytes: number): boolean {
  fs.mkdirSync(dir, { recursive: true });
  return tryRun('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
}

/** Shows `source` at `target` read-only. */
export function mountReadOnly(source: string, target: string): boolean {
  fs.mkdirSync(target, { recursive: true });
  if (!tryRun('mount', ['--bind', source, target])) return false;
  if (tryRun('mount', ['-o', 'remount,ro,bind', target])) return true;
  unmount(target);
  return false;
}

export function unmount(dir: string): void {
  tryRun('umount', [dir]) || tryRun('umount', ['-l', dir]);
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
