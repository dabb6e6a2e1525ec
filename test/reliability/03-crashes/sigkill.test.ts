// Crashes (issue 10 §1): a CLI sync of the sandbox demo tenant killed with SIGKILL at 100 seeded random
// points — contract runs and time-entry runs, from a fresh database (its migrations), from an older
// schema (migrations plus the pre-migration backup), and over a database bloated with log rows (so the
// pre-sync backup takes long enough to be hit). Kill moments are picked either by a timer over the
// calibrated length of an uninterrupted run or by the sandbox's request count (plus a few ms, so the
// kill lands in the page writes that follow a response). After every kill: PRAGMA integrity_check, every
// backup intact, the next run (the real engine, in process) takes over the lock, marks the killed run
// as interrupted, and converges to exactly the database an uninterrupted run produces.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../../main/sandbox/prng';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { openDatabase } from '../../../main/db/open-database';
import { SyncBusyError } from '../../../main/sync/run-lock';
import type { RunRequest } from '../../../main/sync/run-sync';
import { canonicalDump, compareDumps, integrityCheck, type CanonicalDump } from '../../helpers/canonical-dump';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, syncFile, timeRun, timeWindow } from '../support/in-process-sync';
import { startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { startCli } from '../support/spawn-cli';
import { addOldLogRows } from '../support/bloat';

const AREA = 'crashes';
const KILLS = 100;
const MAX_ATTEMPTS = 160;

type ScenarioName = 'contract from empty' | 'contract from old schema' | 'time over bloated log';
interface Scenario {
  name: ScenarioName;
  baseline: string;
  cliArgs: string[];
  request: RunRequest;
  reference: () => CanonicalDump;
  /** Calibrated from an uninterrupted CLI run. */
  durationMs: number;
  requests: number;
}

let rs: ReliabilitySandbox;
let dir: string;

function copyDb(from: string, to: string): void {
  fs.rmSync(path.dirname(to), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** A database migrated only to the first migration: the next open applies the rest (with a backup). */
function oldSchemaDatabase(file: string): void {
  const folder = path.join(dir, 'migrations-v0');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.cpSync(sourceMigrationsFolder(), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const db = openDatabase(file, { migrationsFolder: folder });
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function lastPhase(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /^\[run \d+\] /.test(l));
  const last = lines[lines.length - 1];
  if (!last) return 'start-up (open, migrations, lock)';
  const phase = last.replace(/^\[run \d+\] /, '').replace(/ [\d/]+$/, '');
  return /backing up/i.test(phase) ? 'backup' : /saving|writing|applying/i.test(phase) ? 'page writes' : phase.toLowerCase();
}

beforeAll(async () => {
  rs = await startReliabilitySandbox();
  dir = evidenceDir(AREA);
}, 60_000);

afterAll(async () => {
  await rs?.close();
});

describe('crashes: SIGKILL at random points', () => {
  it(`survives ${KILLS} kills with integrity, recovery and convergence`, async () => {
    // References: uninterrupted in-process runs from the same starting points.
    const empty = path.join(dir, 'baseline-empty', 'billing.db');
    fs.mkdirSync(path.dirname(empty), { recursive: true });
    openDatabase(empty, { migrationsFolder: sourceMigrationsFolder() }).close();
    const old = path.join(dir, 'baseline-old-schema', 'billing.db');
    fs.mkdirSync(path.dirname(old), { recursive: true });
    oldSchemaDatabase(old);
    const refContracts = path.join(dir, 'reference-contracts', 'billing.db');
    copyDb(empty, refContracts);
    expect((await syncFile(refContracts, rs, CONTRACT_RUN, { backupDir: false })).status).toBe('success');
    const bloated = path.join(dir, 'baseline-bloated', 'billing.db');
    copyDb(refContracts, bloated);
    addOldLogRows(bloated, 60_000);
    const refComplete = path.join(dir, 'reference-complete', 'billing.db');
    copyDb(bloated, refComplete);
    expect((await syncFile(refComplete, rs, timeRun(), { backupDir: false })).status).toBe('success');
    const contractsDump = canonicalDump(refContracts);
    const completeDump = canonicalDump(refComplete);
    const { from, to } = timeWindow();

    const scenarios: Scenario[] = [
      { name: 'contract from empty', baseline: empty, cliArgs: ['sync', 'contracts'], request: CONTRACT_RUN, reference: () => contractsDump, durationMs: 0, requests: 0 },
      { name: 'contract from old schema', baseline: old, cliArgs: ['sync', 'contracts'], request: CONTRACT_RUN, reference: () => contractsDump, durationMs: 0, requests: 0 },
      {
        name: 'time over bloated log',
        baseline: bloated,
        cliArgs: ['sync', 'time', '--from', from, '--to', to],
        request: timeRun(),
        reference: () => completeDump,
        durationMs: 0,
        requests: 0,
      },
    ];

    // Calibrate: one uninterrupted CLI run per scenario; it must also produce the reference.
    for (const s of scenarios) {
      const file = path.join(dir, 'calibration', s.name.replace(/\W+/g, '-'), 'billing.db');
      copyDb(s.baseline, file);
      rs.sandbox.control.resetStats();
      const started = Date.now();
      const r = await (await startCli([...s.cliArgs, '--db', file], rs.env, { area: AREA, label: `calibrate ${s.name}` })).done;
      s.durationMs = Date.now() - started;
      s.requests = rs.sandbox.control.stats().total;
      expect(r.code).toBe(0);
      expect(compareDumps(s.reference(), canonicalDump(file))).toEqual({ lost: 0, extra: 0, duplicated: 0, changed: 0 });
    }

    const prng = new Prng(20_261_124);
    const figures = { kills: 0, finishedFirst: 0, integrityFailures: 0, damagedBackups: 0, leftRunning: 0, lockNotRecovered: 0, divergent: 0 };
    const byScenario: Record<string, number> = {};
    const byPhase: Record<string, number> = {};
    const problems: string[] = [];
    const work = path.join(dir, 'victim', 'billing.db');

    for (let attempt = 0; attempt < MAX_ATTEMPTS && figures.kills < KILLS; attempt++) {
      const s = scenarios[attempt % scenarios.length]!;
      copyDb(s.baseline, work);
      rs.sandbox.control.resetStats();
      const byRequests = prng.chance(0.5);
      const afterRequest = prng.int(1, Math.max(1, s.requests));
      const extraMs = prng.int(0, 25);
      const atMs = prng.int(0, Math.max(1, s.durationMs));

      const proc = await startCli([...s.cliArgs, '--db', work], rs.env, { area: AREA, label: `victim ${attempt} ${s.name}` });
      const started = Date.now();
      await new Promise<void>((resolve) => {
        const tick = setInterval(() => {
          const due = byRequests ? rs.sandbox.control.stats().total >= afterRequest : Date.now() - started >= atMs;
          if (due || proc.child.exitCode !== null) {
            clearInterval(tick);
            setTimeout(
              () => {
                proc.child.kill('SIGKILL');
                resolve();
              },
              byRequests ? extraMs : 0,
            );
          }
        }, 1);
      });
      const ended = await proc.done;
      if (ended.signal !== 'SIGKILL') {
        figures.finishedFirst++;
        continue; // the run finished before the kill landed: not a kill
      }
      figures.kills++;
      byScenario[s.name] = (byScenario[s.name] ?? 0) + 1;
      const phase = lastPhase(ended.err);
      byPhase[phase] = (byPhase[phase] ?? 0) + 1;
      const label = `kill ${figures.kills} (${s.name}, ${byRequests ? `after request ${afterRequest} +${extraMs} ms` : `at ${atMs} ms`}, ${phase})`;

      const integrity = integrityCheck(work);
      if (integrity !== 'ok') {
        figures.integrityFailures++;
        problems.push(`${label}: integrity ${integrity.slice(0, 100)}`);
        continue;
      }
      const backupDir = path.join(path.dirname(work), 'backups');
      for (const f of fs.existsSync(backupDir) ? fs.readdirSync(backupDir).filter((n) => n.endsWith('.db')) : []) {
        const check = new Database(path.join(backupDir, f), { readonly: true });
        const ok = (check.pragma('quick_check', { simple: true }) as string) === 'ok';
        check.close();
        if (!ok) {
          figures.damagedBackups++;
          problems.push(`${label}: damaged backup ${f}`);
        }
      }

      // The next run: lock taken over from the dead process, killed run marked interrupted, convergence.
      let next;
      try {
        next = await syncFile(work, rs, s.request);
      } catch (error) {
        if (error instanceof SyncBusyError) figures.lockNotRecovered++;
        problems.push(`${label}: next run threw ${(error as Error).message}`);
        continue;
      }
      if (next.status !== 'success') problems.push(`${label}: next run ${next.status}: ${next.message}`);
      const db = new Database(work, { readonly: true });
      const running = (db.prepare("SELECT COUNT(*) AS n FROM sync_runs WHERE status = 'running'").get() as { n: number }).n;
      // The log counts are written in the page's transaction (no triggers): a killed page leaves rows and
      // counts both in or both out, so the summary always equals a recount.
      const recount = 'SELECT substr(created_at, 1, 13) AS hour, sync_type, status, COUNT(*) AS count FROM sync_logs GROUP BY 1, 2, 3';
      const stored = 'SELECT hour, sync_type, status, count FROM sync_log_counts WHERE count <> 0';
      const countsOff = (
        db.prepare(`SELECT (SELECT COUNT(*) FROM (${stored} EXCEPT ${recount})) + (SELECT COUNT(*) FROM (${recount} EXCEPT ${stored})) AS n`).get() as { n: number }
      ).n;
      db.close();
      if (countsOff > 0) problems.push(`${label}: ${countsOff} sync_log_counts bucket(s) differ from a recount of sync_logs`);
      if (running > 0) {
        figures.leftRunning++;
        problems.push(`${label}: ${running} run(s) still running after the next run`);
      }
      const diff = compareDumps(s.reference(), canonicalDump(work));
      if (diff.lost || diff.extra || diff.duplicated || diff.changed) {
        figures.divergent++;
        problems.push(`${label}: diverged ${JSON.stringify(diff)}`);
      }
    }

    const note = `${Object.entries(byScenario)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; at ${Object.entries(byPhase)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
    recordFigure('crashes', 'kills', figures.kills, note);
    recordFigure('crashes', 'integrity failures', figures.integrityFailures, `damaged backups ${figures.damagedBackups}`);
    recordFigure(
      'crashes',
      'divergent end states',
      figures.divergent,
      `runs left running ${figures.leftRunning}; lock not recovered ${figures.lockNotRecovered}; ${figures.finishedFirst} runs finished before their kill (not counted)`,
    );
    expect(figures.kills).toBe(KILLS);
    expect(problems.slice(0, 10)).toEqual([]);
  }, 900_000);
});
