// sync_lock: the one row that says which process runs a sync (main/sync/run-lock.ts gives it meaning:
// expiry, dead owners, heartbeats).
import type Database from 'better-sqlite3';
import type { SqlRow, SyncLockRecord } from '../rows';

export type LockRow = SqlRow<Pick<SyncLockRecord, 'owner' | 'runId' | 'acquiredAt' | 'expiresAt'>>;

export function selectLock(sqlite: Database.Database, name: string): LockRow | undefined {
  return sqlite.prepare('SELECT owner, run_id, acquired_at, expires_at FROM sync_lock WHERE name = ?').get(name) as LockRow | undefined;
}

/** Takes (or takes over) the lock row for `owner`, no run yet. */
export function writeLock(sqlite: Database.Database, name: string, owner: string, acquiredAt: string, expiresAt: string): void {
  sqlite
    .prepare(
      `INSERT INTO sync_lock (name, owner, run_id, acquired_at, expires_at) VALUES (?, ?, NULL, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, run_id = NULL, acquired_at = excluded.acquired_at,
         expires_at = excluded.expires_at`,
    )
    .run(name, owner, acquiredAt, expiresAt);
}

/** The heartbeat: moves the expiry and names the run, only while `owner` still holds the lock; true if it did. */
export function prepareLockExtend(sqlite: Database.Database, name: string, owner: string): (expiresAt: string, runId: number | null) => boolean {
  const extend = sqlite.prepare('UPDATE sync_lock SET expires_at = ?, run_id = ? WHERE name = ? AND owner = ?');
  return (expiresAt, runId) => extend.run(expiresAt, runId, name, owner).changes === 1;
}

export function deleteLock(sqlite: Database.Database, name: string, owner: string): void {
  sqlite.prepare('DELETE FROM sync_lock WHERE name = ? AND owner = ?').run(name, owner);
}
