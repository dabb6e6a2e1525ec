// The CLI builds its core with the app's createCore, so a database that fails the integrity check is
// refused the way the app refuses it: the same sentence (naming the latest intact backup and the restore
// command), exit 1 (docs/product-rules.md#command-line), nothing on stdout, the damaged file untouched.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/app/create-core';
import { backupDatabase } from '../../../main/db/backup';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { openDatabase } from '../../../main/db/open-database';
import { CorruptDatabaseError } from '../../../main/db/recovery';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { makeTempDir } from '../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A database with one backup, then overwritten with bytes that are not SQLite. */
function damagedDatabase(): { file: string; backup: string } {
  const t = makeTempDir('abs-cli-damaged-');
  cleanups.push(t.cleanup);
  const file = path.join(t.dir, 'billing.db');
  const db = openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
  const backup = backupDatabase(db.sqlite, { dir: path.join(t.dir, 'backups'), prefix: 'billing-before-sync', keep: 5 }).file;
  db.close();
  fs.writeFileSync(file, Buffer.alloc(8192, 7));
  return { file, backup };
}

/** What the app's composition root says about this file. */
function appRefusal(file: string): CorruptDatabaseError {
  try {
    createCore({
      now: () => new Date(),
      databaseFile: file,
      migrationsFolder: sourceMigrationsFolder(),
      secrets: createMemorySecretStore(),
      env: {},
      mode: 'test',
      version: '0.0.0-test',
      emit: () => {},
    });
  } catch (error) {
    if (error instanceof CorruptDatabaseError) return error;
    throw error;
  }
  throw new Error('createCore opened a damaged database');
}

describe('CLI on a database that fails the integrity check', () => {
  it.each([['status'], ['logs', '--json'], ['list', 'customers', '--json'], ['config', 'get'], ['sync', 'contracts', '--json']])(
    '`%s` exits 1 with the app’s refusal and leaves the file as it was',
    async (...args) => {
      const { file, backup } = damagedDatabase();
      const before = fs.readFileSync(file);
      const expected = appRefusal(file).message;
      expect(expected).toContain(backup);

      const r = await runCliCaptured([...args, '--db', file], MEMORY_SECRETS);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toBe(`Error: ${expected}\n`);
      expect(r.err).toContain(`npm run cli -- db restore --from "${backup}" --db "${file}"`);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    },
  );
});
