// Under load (issue 10 §6). (1) The UI's queries while a large sync writes: the dashboard and a log page
// read on a second connection (as the app's UI does while the sync runs) over a database with 300,000
// older log rows, while a CLI process syncs ~100,000 time entries into it; p50/p99/max are reported
// against the 100 ms target (a figure, not an assertion: timings depend on the machine). (2) Two
// triggers at the same instant: two CLI processes, two SyncController.start calls (tray + schedule),
// and the app's controller racing a CLI process — exactly one run at a time, no duplicate rows.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../../main/db/queries/dashboard';
import { listLogs } from '../../../main/db/queries/logs';
import { createCore } from '../../../main/app/create-core';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { addOldLogRows } from '../support/bloat';
import { canonicalDump, compareDumps } from '../../helpers/canonical-dump';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, openTestDatabase, syncFile, timeWindow } from '../support/in-process-sync';
import { startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { runCliProcess, startCli } from '../support/spawn-cli';

const AREA = 'under-load';
let rs: ReliabilitySandbox;
let dir: string;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function copyDb(from: string, to: string): void {
  fs.rmSync(path.dirname(to), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

function runRows(file: string): { id: number; type: string; trigger: string; status: string; started_at: string; finished_at: string | null }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, type, trigger, status, started_at, finished_at FROM sync_runs ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

/** True when no two runs' [started, finished] intervals overlap. */
function sequential(runs: { started_at: string; finished_at: string | null }[]): boolean {
  const sorted = [...runs].sort((a, b) => a.started_at.localeCompare(b.started_at));
  return sorted.every((r, i) => i === 0 || (sorted[i - 1]!.finished_at ?? '9') <= r.started_at);
}

beforeAll(async () => {
  rs = await startReliabilitySandbox({ seed: 12, tenantSpec: { timeEntries: 100_000, contractServices: 600, contracts: 200, companies: 120 } });
  dir = evidenceDir(AREA);
}, 120_000);

afterAll(async () => {
  await rs?.close();
});

describe('under load', () => {
  let contracts: string;

  it('keeps the dashboard and a log page fast while a large sync writes', async () => {
    contracts = path.join(dir, 'reference-contracts', 'billing.db');
    fs.mkdirSync(path.dirname(contracts), { recursive: true });
    expect((await syncFile(contracts, rs, CONTRACT_RUN, { backupDir: false })).status).toBe('success');
    const file = path.join(dir, 'load', 'billing.db');
    copyDb(contracts, file);
    addOldLogRows(file, 300_000);

    const reader = openTestDatabase(file); // the UI's own connection
    const samples = { dashboard: [] as number[], logPage: [] as number[], errorLogPage: [] as number[] };
    const { from, to } = timeWindow();
    const proc = await startCli(['sync', 'time', '--from', from, '--to', to, '--json', '--db', file], rs.env, { area: AREA, label: 'large sync' });
    let exited = false;
    void proc.done.then(() => (exited = true));
    try {
      const deadline = Date.now() + 240_000;
      while (!exited && Date.now() < deadline) {
        let t = performance.now();
        dashboard(reader.sqlite, null);
        samples.dashboard.push(performance.now() - t);
        t = performance.now();
        listLogs(reader.sqlite, {}, 1, 100);
        samples.logPage.push(performance.now() - t);
        t = performance.now();
        listLogs(reader.sqlite, { status: 'error' }, 3, 100);
        samples.errorLogPage.push(performance.now() - t);
        // Yield to the sandbox serving the sync (same process) and pace like a UI refresh.
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      reader.close();
    }
    const result = await proc.done;
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { counts: { create: number; skip: number } };
    const line = (name: keyof typeof samples) => {
      const s = [...samples[name]].sort((a, b) => a - b);
      return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]!, n: s.length };
    };
    const writes = `${summary.counts.create.toLocaleString('en-US')} items + ${(summary.counts.create + summary.counts.skip).toLocaleString('en-US')} log rows written meanwhile`;
    for (const [name, label] of [
      ['dashboard', 'dashboard p99'],
      ['logPage', 'log page p99'],
      ['errorLogPage', 'log page (errors, page 3) p99'],
    ] as const) {
      const f = line(name);
      recordFigure(
        'under load',
        label,
        `${f.p99.toFixed(1)} ms`,
        `${f.p99 < 100 ? 'under' : 'OVER'} the 100 ms target; p50 ${f.p50.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.n} samples; ${writes}`,
      );
      expect(f.n).toBeGreaterThan(10);
    }
  }, 400_000);

  it('two CLI processes started at the same instant: exactly one run, no duplicate rows', async () => {
    const base = path.join(dir, 'empty', 'billing.db');
    fs.mkdirSync(path.dirname(base), { recursive: true });
    openTestDatabase(base).close();
    const reference = canonicalDump(contracts);
    const rounds = 8;
    let runs = 0;
    let refused = 0;
    const problems: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const file = path.join(dir, `cli-race-${i}`, 'billing.db');
      copyDb(base, file);
      const [a, b] = await Promise.all([
        runCliProcess(['sync', 'contracts', '--db', file], rs.env, { area: AREA, label: `race ${i} a` }),
        runCliProcess(['sync', 'contracts', '--db', file], rs.env, { area: AREA, label: `race ${i} b` }),
      ]);
      const rows = runRows(file);
      runs += rows.length;
      const codes = [a.code, b.code].sort();
      const busy = [a, b].filter((r) => r.code === 1 && /Another sync is already running/.test(r.err)).length;
      refused += busy;
      // Either one ran and the other was refused, or (if the first finished before the second looked)
      // both ran one after the other. Never two at once.
      if (!(codes[0] === 0 && (codes[1] === 0 || busy === 1))) problems.push(`race ${i}: exit codes ${codes.join('/')}: ${a.err.slice(-200)} | ${b.err.slice(-200)}`);
      if (rows.length !== 2 - busy) problems.push(`race ${i}: ${rows.length} run rows for ${2 - busy} runs`);
      if (!sequential(rows)) problems.push(`race ${i}: runs overlapped`);
      const diff = compareDumps(reference, canonicalDump(file));
      if (diff.lost || diff.extra || diff.duplicated || diff.changed) problems.push(`race ${i}: ${JSON.stringify(diff)}`);
    }
    recordFigure(
      'under load',
      'runs from 2 simultaneous CLI processes',
      `${runs} runs in ${rounds} races`,
      `${refused} refused as "another sync is already running"; overlapping runs 0 required; duplicate rows 0 required`,
    );
    expect(problems).toEqual([]);
  }, 300_000);

  it('two SyncController.start calls at the same instant (tray + schedule), and the app racing a CLI run', async () => {
    const file = path.join(dir, 'controller', 'billing.db');
    copyDb(path.join(dir, 'empty', 'billing.db'), file);
    const core = createCore({
      now: () => new Date(),
      databaseFile: file,
      migrationsFolder: sourceMigrationsFolder(),
      secrets: createMemorySecretStore(),
      env: rs.env,
      mode: 'test',
      version: 'reliability',
      emit: () => undefined,
    });
    let cliResult;
    try {
      const request = { type: 'contract' as const, endExpired: false };
      // Two starts at the same instant: the first is queued, the second finds it waiting and is refused
      // (the queue holds one run per type, issue #17), so two clicks make one run, never two overlapping.
      const [tray, schedule] = await Promise.allSettled([core.deps.sync!.start(request, 'tray'), core.deps.sync!.start(request, 'schedule')]);
      expect(tray.status === 'fulfilled' && tray.value.queued).toBe(true);
      expect(schedule.status === 'rejected' && String((schedule.reason as Error).message)).toContain('already queued');
      await core.syncService.idle();
      // The app and a CLI process at the same instant: the app's run waits for the lock, or the CLI is refused.
      const cli = runCliProcess(['sync', 'contracts', '--db', file], rs.env, { area: AREA, label: 'app vs cli' });
      await core.deps.sync!.start(request, 'manual');
      cliResult = await cli;
      await core.syncService.idle();
    } finally {
      await core.close();
    }
    const rows = runRows(file);
    const appRuns = rows.filter((r) => r.trigger !== 'cli');
    expect(appRuns.map((r) => r.trigger)).toEqual(['tray', 'manual']);
    expect(rows.every((r) => r.status === 'success')).toBe(true);
    expect(sequential(rows)).toBe(true);
    expect(compareDumps(canonicalDump(contracts), canonicalDump(file))).toEqual({ lost: 0, extra: 0, duplicated: 0, changed: 0 });
    const cliOutcome = cliResult.code === 0 ? 'the CLI ran before or after it' : 'the CLI was refused (busy)';
    if (cliResult.code !== 0) expect(cliResult.err).toContain('Another sync is already running');
    recordFigure(
      'under load',
      'runs from 2 simultaneous SyncController.start calls',
      `${appRuns.length - 1} run for 2 starts at once (the second coalesced)`,
      `then app + CLI at once: ${cliOutcome}; ${rows.length} runs in all, none overlapping, no duplicate rows`,
    );
  }, 300_000);
});
