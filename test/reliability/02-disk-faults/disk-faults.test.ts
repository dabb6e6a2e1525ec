// Disk and database faults (issue 10 §4): a read-only database, a full disk, a damaged database at
// start-up, and a backup restore that round-trips. Each outcome is recorded as a figure in words.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../../main/db/backup';
import { CorruptDatabaseError } from '../../../main/db/recovery';
import { createCore } from '../../../main/app/create-core';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { runSync } from '../../../main/sync/run-sync';
import { canonicalDump, compareDumps, integrityCheck } from '../../helpers/canonical-dump';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, openTestDatabase, syncEnvironment, syncFile, timeRun, timeWindow } from '../support/in-process-sync';
import { isRoot, mountReadOnly, mountTmpfs, unmount } from '../support/mounts';
import { startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { runCliProcess } from '../support/spawn-cli';
import { STACK_TRACE } from '../support/arbitraries';

const AREA = 'disk-faults';
let rs: ReliabilitySandbox;
let dir: string;
/** After a contract run, and after contract + time runs, from clean databases. */
let contractsOnly: string;
let complete: string;

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function copyDb(from: string, toDir: string): string {
  fs.mkdirSync(toDir, { recursive: true });
  const to = path.join(toDir, 'billing.db');
  fs.copyFileSync(from, to); // references are closed and checkpointed (no -wal)
  return to;
}

beforeAll(async () => {
  rs = await startReliabilitySandbox();
  dir = evidenceDir(AREA);
  contractsOnly = path.join(dir, 'reference-contracts', 'billing.db');
  fs.mkdirSync(path.dirname(contractsOnly), { recursive: true });
  expect((await syncFile(contractsOnly, rs, CONTRACT_RUN)).status).toBe('success');
  complete = path.join(dir, 'reference-complete', 'billing.db');
  fs.mkdirSync(path.dirname(complete), { recursive: true });
  fs.copyFileSync(contractsOnly, complete);
  expect((await syncFile(complete, rs, timeRun())).status).toBe('success');
}, 120_000);

afterAll(async () => {
  await rs?.close();
});

describe('disk and database faults', () => {
  it('a read-only database: commands fail with a clear message, nothing crashes, nothing changes', async () => {
    const source = path.join(dir, 'readonly-source');
    const db = copyDb(contractsOnly, source);
    const before = sha(db);
    const target = path.join(dir, 'readonly-view');
    let method: string;
    let file: string;
    if (isRoot && mountReadOnly(source, target)) {
      method = 'read-only bind mount';
      file = path.join(target, 'billing.db');
    } else if (!isRoot) {
      method = 'chmod 0444 file, 0555 folder';
      fs.chmodSync(db, 0o444);
      fs.chmodSync(source, 0o555);
      file = db;
    } else {
      recordFigure('disk faults', 'read-only database', 'not tested', 'root without mount rights: chmod does not stop root');
      return;
    }
    const outcomes: string[] = [];
    try {
      for (const args of [
        ['sync', 'contracts', '--json'],
        ['sync', 'time', '--json'],
        ['config', 'set', 'hourlyRate', '99'],
        ['config', 'get', '--json'],
      ]) {
        const r = await runCliProcess([...args, '--db', file], rs.env, { area: AREA, label: 'read-only' });
        expect(r.signal).toBeNull();
        expect(STACK_TRACE.test(r.err)).toBe(false);
        if (args[1] !== 'get') expect(r.code).not.toBe(0); // every write is refused
        if (r.code !== 0) expect(r.err).toMatch(/read-only/); // …saying why
        if (r.code === 0) expect(r.err).toBe('');
        outcomes.push(`${args.slice(0, 2).join(' ')}: exit ${r.code}`);
      }
    } finally {
      if (method === 'read-only bind mount') unmount(target);
      else {
        fs.chmodSync(source, 0o755);
        fs.chmodSync(db, 0o644);
      }
    }
    expect(sha(db)).toBe(before);
    expect(integrityCheck(db)).toBe('ok');
    recordFigure('disk faults', 'read-only database', 'refused cleanly, file unchanged', `${method}; ${outcomes.join(', ')}`);
  });

  it('a full disk (SQLite max_page_count): the run fails with a clear message, the data stays intact, the next run converges', async () => {
    const db = copyDb(contractsOnly, path.join(dir, 'full-page-limit'));
    const contractsBefore = canonicalDump(db);
    const database = openTestDatabase(db);
    let result;
    try {
      const pages = (database.sqlite.pragma('page_count', { simple: true }) as number) + 40; // room for a page or two, not for the run
      database.sqlite.pragma(`max_page_count = ${pages}`);
      result = await runSync(syncEnvironment(database, rs, { backupDir: path.join(dir, 'full-page-limit', 'backups') }), timeRun(), 'cli');
    } finally {
      database.close();
    }
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/full/i);
    expect(integrityCheck(db)).toBe('ok');
    const after = canonicalDump(db);
    expect({ customers: after.customers, services: after.services }).toEqual({ customers: contractsBefore.customers, services: contractsBefore.services });
    expect((await syncFile(db, rs, timeRun())).status).toBe('success');
    expect(compareDumps(canonicalDump(complete), canonicalDump(db))).toEqual({ lost: 0, extra: 0, duplicated: 0, changed: 0 });
    recordFigure('disk faults', 'disk full (max_page_count)', 'run failed cleanly, data intact, next run converged', result.message?.slice(0, 120));
  });

  it('a full disk (small tmpfs): the CLI run fails with a clear message, the data stays intact, the next run converges', async () => {
    const mountDir = path.join(dir, 'full-tmpfs');
    const size = fs.statSync(contractsOnly).size;
    // Room for the database and a little more, not for a backup plus a time run's rows and log.
    if (!isRoot || !mountTmpfs(mountDir, Math.ceil((size * 1.3) / 4096) * 4096)) {
      recordFigure('disk faults', 'disk full (tmpfs)', 'not tested', 'cannot mount a tmpfs here; max_page_count covers disk full');
      return;
    }
    let outcome = '';
    try {
      const db = copyDb(contractsOnly, mountDir);
      const before = canonicalDump(db);
      const r = await runCliProcess(['sync', 'time', '--json', '--db', db, '--from', timeWindow().from, '--to', timeWindow().to], rs.env, { area: AREA, label: 'tmpfs full' });
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(STACK_TRACE.test(r.err)).toBe(false);
      expect(r.err).toMatch(/full/i);
      outcome = r.err.trim().split('\n').pop()!.slice(0, 140);
      expect(integrityCheck(db)).toBe('ok');
      const after = canonicalDump(db);
      expect({ customers: after.customers, services: after.services }).toEqual({ customers: before.customers, services: before.services });
      // Free the space (move the database off the small disk) and run again.
      const freed = copyDb(db, path.join(dir, 'full-tmpfs-freed'));
      for (const side of ['-wal', '-shm']) if (fs.existsSync(db + side)) fs.copyFileSync(db + side, freed + side);
      expect((await syncFile(freed, rs, timeRun())).status).toBe('success');
      expect(compareDumps(canonicalDump(complete), canonicalDump(freed))).toEqual({ lost: 0, extra: 0, duplicated: 0, changed: 0 });
    } finally {
      unmount(mountDir);
    }
    recordFigure('disk faults', 'disk full (tmpfs)', 'run failed cleanly, data intact, next run converged', outcome);
  });

  it('a damaged database at start-up: detected, latest backup offered, file never overwritten, restore works', async () => {
    const folder = path.join(dir, 'corrupt');
    const db = copyDb(complete, folder);
    // A sync takes a backup first: that is the backup to offer.
    expect((await syncFile(db, rs, CONTRACT_RUN)).status).toBe('success');
    const backup = listBackups(path.join(folder, 'backups'))[0]!.file;
    const good = canonicalDump(db);
    const bytes = fs.readFileSync(db);
    // Damage: overwrite the header and a stretch of pages.
    bytes.fill(0x5a, 0, 100);
    bytes.fill(0xa5, 8192, 8192 * 3);
    fs.writeFileSync(db, bytes);
    const damaged = sha(db);

    const r = await runCliProcess(['sync', 'contracts', '--db', db], rs.env, { area: AREA, label: 'corrupt' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('is damaged');
    expect(r.err).toContain(`db restore --from "${backup}"`);
    expect(STACK_TRACE.test(r.err)).toBe(false);
    expect(sha(db)).toBe(damaged);

    let coreError: unknown;
    try {
      const core = createCore({
        now: () => new Date(),
        databaseFile: db,
        migrationsFolder: sourceMigrationsFolder(),
        secrets: createMemorySecretStore(),
        env: {},
        mode: 'test',
        version: 't',
        emit: () => undefined,
      });
      await core.close();
    } catch (error) {
      coreError = error;
    }
    expect(coreError).toBeInstanceOf(CorruptDatabaseError);
    expect((coreError as CorruptDatabaseError).check.latestBackup?.file).toBe(backup);
    expect(sha(db)).toBe(damaged);

    const restore = await runCliProcess(['db', 'restore', '--from', backup, '--db', db], rs.env, { area: AREA, label: 'restore' });
    expect(restore.code).toBe(0);
    const aside = fs.readdirSync(folder).filter((f) => f.startsWith('billing.db.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(sha(path.join(folder, aside[0]!))).toBe(damaged);
    expect(canonicalDump(db)).toEqual(good); // the backup was taken right before an unchanged run
    expect((await syncFile(db, rs, CONTRACT_RUN)).status).toBe('success');
    recordFigure('disk faults', 'damaged database at start-up', 'detected, backup offered, file kept, restored', `CLI exit ${r.code}; createCore: CorruptDatabaseError`);
  });

  it('a backup restore round-trips: backup → change → restore → identical canonical dump', async () => {
    const folder = path.join(dir, 'round-trip');
    const db = copyDb(complete, folder);
    const original = canonicalDump(db);
    // Change the tenant so the next runs change the database; the first run's backup holds the original.
    const control = rs.sandbox.control;
    const line = control.list('ContractServices')[0]!;
    const entry = control.list('TimeEntries', (t) => t.billingApprovalDateTime !== null && t.isNonBillable === false)[0]!;
    const undo = { unitPrice: line.unitPrice, hoursToBill: entry.hoursToBill };
    control.update('ContractServices', line.id as number, { unitPrice: 12345.67 });
    control.update('TimeEntries', entry.id as number, { hoursToBill: 7.75 });
    try {
      expect((await syncFile(db, rs, CONTRACT_RUN)).status).toBe('success');
      expect((await syncFile(db, rs, timeRun())).status).toBe('success');
    } finally {
      control.update('ContractServices', line.id as number, { unitPrice: undo.unitPrice });
      control.update('TimeEntries', entry.id as number, { hoursToBill: undo.hoursToBill });
    }
    const changed = canonicalDump(db);
    expect(changed).not.toEqual(original);
    const backups = listBackups(path.join(folder, 'backups'));
    const oldest = backups[backups.length - 1]!.file; // taken before the first changing run
    const r = await runCliProcess(['db', 'restore', '--from', oldest, '--db', db, '--json'], rs.env, { area: AREA, label: 'round-trip restore' });
    expect(r.code).toBe(0);
    expect(canonicalDump(db)).toEqual(original);
    expect(integrityCheck(db)).toBe('ok');
    const diff = compareDumps(original, canonicalDump(db));
    recordFigure(
      'disk faults',
      'backup restore round-trip',
      'identical canonical dump',
      `${original.customers.length} customers, ${original.services.length} services, ${original.items.length} items; ${JSON.stringify(diff)}`,
    );
  });
});
