// One sync at a time across every process on this database (the app, a CLI run, a second app window):
// a row in sync_lock taken atomically with BEGIN IMMEDIATE. The owner keeps it alive with a heartbeat
// that pushes `expires_at` forward; a lock whose owner died is taken over — when it expired, or at once
// when its owner was a process on this machine that no longer exists (a killed CLI run).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';
import { deleteLock, prepareLockExtend, selectLock, writeLock } from '../db/queries/run-lock';

export const LOCK_NAME = 'sync';
// Long enough to cover a synchronous backup of a large database between two heartbeats; a dead owner on
// this machine is detected by its pid at once anyway.
export const DEFAULT_LOCK_TTL_MS = 120_000;

export interface LockHolder {
  owner: string;
  host: string;
  pid: number;
  runId: number | null;
  acquiredAt: string;
  expiresAt: string;
}

export interface RunLock {
  readonly owner: string;
  /** Records which run holds the lock, and extends it. Returns false if the lock was lost. */
  heartbeat(runId?: number): boolean;
  release(): void;
}

export class SyncBusyError extends Error {
  constructor(readonly holder: LockHolder) {
    super(
      `Another sync is already running (${holder.host === os.hostname() ? `process ${holder.pid}` : `on ${holder.host}`}` +
        `${holder.runId ? `, run ${holder.runId}` : ''}, started ${holder.acquiredAt}). ` +
        'Wait for it to finish, then try again.',
    );
    this.name = 'SyncBusyError';
  }
}

function parseOwner(owner: string): { host: string; pid: number } {
  const [host = '', pid = '0'] = owner.split('|');
  return { host, pid: Number(pid) };
}

/** True unless the process certainly does not exist (ESRCH). EPERM means it exists under another user. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface AcquireOptions {
  now?: () => Date;
  ttlMs?: number;
  /** Keep trying this long when another live owner holds the lock (0 = fail at once). */
  waitMs?: number;
  pollMs?: number;
  /** Heartbeat interval; default a third of the TTL. 0 disables the timer (tests call heartbeat()). */
  heartbeatMs?: number;
}

function tryAcquire(sqlite: Database.Database, owner: string, now: Date, ttlMs: number): LockHolder | null {
  const take = sqlite.transaction((): LockHolder | null => {
    const row = selectLock(sqlite, LOCK_NAME);
    if (row) {
      const { host, pid } = parseOwner(row.owner);
      const expired = Date.parse(row.expires_at) <= now.getTime();
      const deadHere = host === os.hostname() && !processAlive(pid);
      if (!expired && !deadHere && row.owner !== owner) {
        return { owner: row.owner, host, pid, runId: row.run_id, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
      }
    }
    writeLock(sqlite, LOCK_NAME, owner, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
    return null;
  });
  return take.immediate();
}

/** Takes the run lock or throws SyncBusyError naming the holder. */
export async function acquireRunLock(sqlite: Database.Database, opts: AcquireOptions = {}): Promise<RunLock> {
  const now = opts.now ?? (() => new Date());
  const ttlMs = opts.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const owner = `${os.hostname()}|${process.pid}|${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (;;) {
    const holder = tryAcquire(sqlite, owner, now(), ttlMs);
    if (!holder) break;
    if (Date.now() >= deadline) throw new SyncBusyError(holder);
    await new Promise((r) => setTimeout(r, Math.min(opts.pollMs ?? 500, Math.max(1, deadline - Date.now()))));
  }

  let released = false;
  let currentRun: number | null = null;
  const extend = prepareLockExtend(sqlite, LOCK_NAME, owner);
  const lock: RunLock = {
    owner,
    heartbeat(runId) {
      if (released) return false;
      if (runId !== undefined) currentRun = runId;
      return extend(new Date(now().getTime() + ttlMs).toISOString(), currentRun);
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      try {
        deleteLock(sqlite, LOCK_NAME, owner);
      } catch {
        // the database may already be closed; an orphaned row expires by itself
      }
    },
  };
  const every = opts.heartbeatMs ?? Math.floor(ttlMs / 3);
  const timer = setInterval(
    () => {
      try {
        lock.heartbeat();
      } catch {
        // a busy database on one beat is harmless; the next one extends the lock
      }
    },
    Math.max(every, 1),
  );
  if (every === 0) clearInterval(timer);
  timer.unref();
  return lock;
}
