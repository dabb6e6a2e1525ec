// A damaged database at start-up (issue 10): detect it, offer the latest intact backup, never overwrite
// the damaged file, and restore so that the data round-trips.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { backupDatabase } from '../../../main/db/backup';
import { checkDatabaseFile, CorruptDatabaseError, openCheckedDatabase, restoreBackup, RecoveryError } from '../../../main/db/recovery';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { makeTempDir } from '../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDb(): { dir: string; file: string; backups: string } {
  const t = makeTempDir('abs-recovery-');
  cleanups.push(t.cleanup);
  return { dir: t.dir, file: path.join(t.dir, 'billing.db'), backups: path.join(t.dir, 'backups') };
}

const migrationsFolder = sourceMigrationsFolder();

function seed(file: string, backups: string, names: string[]): string {
  const db = openDatabase(file, { migrationsFolder });
  for (const [i, name] of names.entries()) db.sqlite.prepare('INSERT INTO customers (autotask_company_id, name) VALUES (?, ?)').run(i + 1, name);
  const backup = backupDatabase(db.sqlite, { dir: backups, prefix: 'billing-before-sync', keep: 5 });
  db.close();
  return backup.file;
}

function names(file: string): string[] {
  const db = openDatabase(file, { migrationsFolder });
  try {
    return (db.sqlite.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

const cli = (args: string[]) => runCliCaptured(args, MEMORY_SECRETS);

describe('checkDatabaseFile', () => {
  it('says ok for an intact database and missing for none', () => {
    const t = tempDb();
    expect(checkDatabaseFile(t.file)).toEqual({ status: 'missing', file: t.file });
    seed(t.file, t.backups, ['Acme']);
    expect(checkDatabaseFile(t.file)).toEqual({ status: 'ok', file: t.file });
  });

  it('detects a garbage header and a truncated file, and names the latest intact backup', () => {
    const t = tempDb();
    const backup = seed(t.file, t.backups, ['Acme']);
    fs.writeFileSync(path.join(t.backups, 'billing-before-sync-29991231T000000000Z.db'), 'not a database'); // newer but damaged
    const bytes = fs.readFileSync(t.file);
    fs.writeFileSync(t.file, Buffer.concat([Buffer.from('garbage!'.repeat(4)), bytes.subarray(32)]));
    const check = checkDatabaseFile(t.file);
    expect(check).toMatchObject({ status: 'corrupt', latestBackup: { file: backup } });

    fs.writeFileSync(t.file, bytes.subarray(0, 1024 * 3));
    expect(checkDatabaseFile(t.file).status).toBe('corrupt');
  });
});

describe('openCheckedDatabase and restoreBackup', () => {
  it('refuses a damaged file with the backup to offer, and leaves the file untouched', () => {
    const t = tempDb();
    const backup = seed(t.file, t.backups, ['Acme']);
    fs.writeFileSync(t.file, 'this is not a database at all, but it is the bookkeeper’s file');
    const before = fs.readFileSync(t.file);
    let error: unknown;
    try {
      openCheckedDatabase(t.file, { migrationsFolder });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorruptDatabaseError);
    expect((error as CorruptDatabaseError).check.latestBackup?.file).toBe(backup);
    expect((error as Error).message).toContain(`db restore --from "${backup}"`);
    expect(fs.readFileSync(t.file).equals(before)).toBe(true);
  });

  it('restores a backup, keeping the damaged file beside it under a timestamped name', () => {
    const t = tempDb();
    const backup = seed(t.file, t.backups, ['Acme', 'Globex']);
    fs.writeFileSync(t.file, 'damaged');
    const result = restoreBackup(backup, t.file, { now: new Date('2026-11-24T02:00:00.000Z') });
    expect(result.movedAside).toEqual([`${t.file}.corrupt-20261124T020000000Z`]);
    expect(fs.readFileSync(result.movedAside[0]!, 'utf8')).toBe('damaged');
    expect(names(t.file)).toEqual(['Acme', 'Globex']);
  });

  it('refuses a damaged backup and changes nothing', () => {
    const t = tempDb();
    seed(t.file, t.backups, ['Acme']);
    const bad = path.join(t.dir, 'bad.db');
    fs.writeFileSync(bad, 'nope');
    expect(() => restoreBackup(bad, t.file)).toThrow(RecoveryError);
    expect(names(t.file)).toEqual(['Acme']);
  });
});

describe('CLI', () => {
  it('any command on a damaged database exits 1 naming the backup and the restore command', async () => {
    const t = tempDb();
    const backup = seed(t.file, t.backups, ['Acme']);
    fs.writeFileSync(t.file, Buffer.alloc(8192, 7));
    const r = await cli(['config', 'get', '--db', t.file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is damaged');
    expect(r.err).toContain(`npm run cli -- db restore --from "${backup}" --db "${t.file}"`);
    expect(r.err).not.toMatch(/\n\s+at /);
    const check = await cli(['db', 'check', '--json', '--db', t.file]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.out)).toMatchObject({ status: 'corrupt', latestBackup: { file: backup } });
    expect(check.err.match(/is damaged/g)).toHaveLength(1);
  });

  it('db restore --latest brings the data back; db check then says intact', async () => {
    const t = tempDb();
    seed(t.file, t.backups, ['Acme', 'Initech']);
    fs.writeFileSync(t.file, Buffer.alloc(8192, 7));
    const r = await cli(['db', 'restore', '--latest', '--db', t.file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('The previous file is kept as');
    expect((await cli(['db', 'check', '--db', t.file])).code).toBe(0);
    expect(names(t.file)).toEqual(['Acme', 'Initech']);
    expect((await cli(['db', 'restore', '--db', t.file])).code).toBe(2);
  });
});

describe('restoring a backup taken by a running sync', () => {
  it('clears the lock row and the running run row the backup captured', () => {
    const t = tempDb();
    const db = openDatabase(t.file, { migrationsFolder });
    const far = new Date(Date.now() + 3_600_000).toISOString();
    db.sqlite.prepare("INSERT INTO sync_runs (type, trigger, started_at, status) VALUES ('contract', 'cli', ?, 'running')").run(new Date().toISOString());
    db.sqlite
      .prepare("INSERT INTO sync_lock (name, owner, run_id, acquired_at, expires_at) VALUES ('sync', ?, 1, ?, ?)")
      .run(`host|${process.pid}|x`, new Date().toISOString(), far);
    const backup = backupDatabase(db.sqlite, { dir: t.backups, prefix: 'billing-before-sync', keep: 5 });
    db.close();
    restoreBackup(backup.file, t.file);
    const after = openDatabase(t.file, { migrationsFolder });
    try {
      expect(after.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_lock').get()).toEqual({ n: 0 });
      expect(after.sqlite.prepare('SELECT status, message FROM sync_runs').get()).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('in progress when the backup was taken'),
      });
    } finally {
      after.close();
    }
  });
});
