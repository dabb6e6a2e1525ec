// Crashes during `billing close` (issue 14, SPEC §5.3): the CLI process is SIGKILLed at chosen points of
// the close — before its transaction begins, after the run row, halfway through the invoice lines, after
// the last line, before the audit row, before COMMIT, and after COMMIT but before the result is printed.
// The kill points are exact: a test-only preload (support/billing-kill-hook.cjs) stops the child at the
// n-th run of a given SQL statement and the test kills it there; the statement counts come from a traced
// crash-free close of the same database. After every kill: PRAGMA integrity_check is ok; the database
// holds either no run for the month (and no invoice, line, audit row or counter) or exactly the complete
// run a crash-free close writes (same numbers, lines, totals, audit); a following `billing close` then
// either succeeds with exactly the crash-free result or is refused (exit 2) as already closed, and the
// month's totals equal the `billing preview` taken before the close.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toLocalDate } from '../../../shared/dates';
import { integrityCheck } from '../../helpers/canonical-dump';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { CONTRACT_RUN, openTestDatabase, syncFile, timeRun } from '../support/in-process-sync';
import { startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { startCli } from '../support/spawn-cli';

const AREA = 'billing-crashes';
const HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'billing-kill-hook.cjs');
const PERIOD = addDays(`${toLocalDate(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);

interface KillPoint {
  name: string;
  sql: string;
  nth: number;
  when: 'before' | 'after';
  /** Whether the run is committed at this point. */
  committed: boolean;
}

let rs: ReliabilitySandbox;
let dir: string;
let baseline: string;

function copyDb(from: string, to: string): void {
  fs.rmSync(path.dirname(to), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** The ledger's rows without the wall-clock columns (closed_at, at, updated_at differ between runs). */
type Row = Record<string, unknown>;
interface LedgerDump {
  runs: Row[];
  invoices: Row[];
  lines: Row[];
  audit: Row[];
  counter: Row[];
}

function ledgerDump(file: string): LedgerDump {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = (sql: string, drop: string[] = []) => (db.prepare(sql).all() as Row[]).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
    return {
      runs: rows('SELECT * FROM billing_runs ORDER BY id', ['closed_at']),
      invoices: rows('SELECT * FROM invoices ORDER BY id'),
      lines: rows('SELECT * FROM invoice_lines ORDER BY id'),
      audit: rows('SELECT * FROM billing_audit ORDER BY id', ['at']),
      counter: rows("SELECT key, value FROM sync_state WHERE key LIKE 'billing:%' ORDER BY key"),
    };
  } finally {
    db.close();
  }
}

async function cli(args: string[], label: string, extraEnv: Record<string, string> = {}) {
  return startCli(args, { ...rs.env, ...extraEnv }, { area: AREA, label, timeoutMs: 90_000 });
}

/** How often each statement ran before and inside the close's transaction, from a traced close. */
function killPoints(trace: string): KillPoint[] {
  const sql = trace
    .split('\n')
    .filter((l) => l.startsWith('SQL '))
    .map((l) => l.slice(4));
  const runAt = sql.findIndex((s) => s.startsWith('INSERT INTO billing_runs'));
  expect(runAt).toBeGreaterThan(0);
  const count = (prefix: string, upTo: number) => sql.slice(0, upTo + 1).filter((s) => s.startsWith(prefix)).length;
  const beginAt = sql
    .slice(0, runAt)
    .map((s, i) => [s, i] as const)
    .filter(([s]) => s === 'BEGIN IMMEDIATE')
    .pop()![1];
  const commitAt = sql.findIndex((s, i) => i > runAt && s === 'COMMIT');
  const lines = sql.filter((s) => s.startsWith('INSERT INTO invoice_lines')).length;
  expect(lines).toBeGreaterThan(2);
  const begin = count('BEGIN IMMEDIATE', beginAt);
  const commit = count('COMMIT', commitAt);
  return [
    { name: 'before the transaction (BEGIN IMMEDIATE)', sql: 'BEGIN IMMEDIATE', nth: begin, when: 'before', committed: false },
    { name: 'inside: run row written, no invoice yet', sql: 'INSERT INTO billing_runs', nth: 1, when: 'after', committed: false },
    { name: 'inside: halfway through the invoice lines', sql: 'INSERT INTO invoice_lines', nth: Math.ceil(lines / 2), when: 'before', committed: false },
    { name: 'inside: all invoices and lines written', sql: 'INSERT INTO invoice_lines', nth: lines, when: 'after', committed: false },
    { name: 'inside: before the audit row', sql: 'INSERT INTO billing_audit', nth: 1, when: 'before', committed: false },
    { name: 'inside: everything written, before COMMIT', sql: 'COMMIT', nth: commit, when: 'before', committed: false },
    { name: 'after COMMIT, before the numbers are reported', sql: 'COMMIT', nth: commit, when: 'after', committed: true },
  ];
}

beforeAll(async () => {
  rs = await startReliabilitySandbox();
  dir = evidenceDir(AREA);
  baseline = path.join(dir, 'baseline', 'billing.db');
  fs.mkdirSync(path.dirname(baseline), { recursive: true });
  openTestDatabase(baseline).close();
  expect((await syncFile(baseline, rs, CONTRACT_RUN, { backupDir: false })).status).toBe('success');
  expect((await syncFile(baseline, rs, timeRun(), { backupDir: false })).status).toBe('success');
}, 120_000);

afterAll(async () => {
  await rs?.close();
});

describe('crashes: SIGKILL during billing close', () => {
  it('leaves either no run or the complete one at every kill point, and the next close converges', async () => {
    // The preview the bookkeeper saw, and one crash-free (traced) close: the reference.
    const preview = await (await cli(['billing', 'preview', '--period', PERIOD, '--json', '--db', baseline], 'preview')).done;
    expect(preview.code).toBe(0);
    const open = JSON.parse(preview.out) as { state: string; total: string; invoices: Array<{ customer: string; total: string }> };
    expect(open.state).toBe('open');
    expect(open.invoices.length).toBeGreaterThan(1);
    const reference = path.join(dir, 'reference', 'billing.db');
    copyDb(baseline, reference);
    const refClose = await (
      await cli(['billing', 'close', '--period', PERIOD, '--json', '--db', reference], 'reference close', { NODE_OPTIONS: `--require ${HOOK}`, BILLING_SQL_TRACE: '1' })
    ).done;
    expect(refClose.code).toBe(0);
    const refJson = JSON.parse(refClose.out) as { total: string; invoices: Array<{ invoiceNumber: string; customer: string; total: string }> };
    expect(refJson.total).toBe(open.total);
    expect(refJson.invoices.map((i) => [i.customer, i.total])).toEqual(open.invoices.map((i) => [i.customer, i.total]));
    const refDump = ledgerDump(reference);
    expect(refDump.runs).toHaveLength(1);
    expect(refDump.audit.filter((a) => a.action === 'close')).toHaveLength(1);
    expect(refDump.invoices.map((i) => i.invoice_number)).toEqual(refJson.invoices.map((i) => i.invoiceNumber));
    const emptyDump = ledgerDump(baseline);

    const points = killPoints(refClose.err);
    const figures = { kills: 0, integrityFailures: 0, partialRuns: 0, divergent: 0, noRun: 0, complete: 0 };
    const problems: string[] = [];
    for (const [i, point] of points.entries()) {
      const work = path.join(dir, `victim-${i}`, 'billing.db');
      copyDb(baseline, work);
      const env = { NODE_OPTIONS: `--require ${HOOK}`, BILLING_KILL_AT: JSON.stringify({ sql: point.sql, nth: point.nth, when: point.when }) };
      const proc = await cli(['billing', 'close', '--period', PERIOD, '--json', '--db', work], `victim ${point.name}`, env);
      await waitForKillPoint(proc, point.name);
      proc.child.kill('SIGKILL');
      const ended = await proc.done;
      expect(ended.signal, point.name).toBe('SIGKILL');
      expect(ended.out, `${point.name}: nothing reported`).toBe('');
      figures.kills++;

      const integrity = integrityCheck(work);
      if (integrity !== 'ok') {
        figures.integrityFailures++;
        problems.push(`${point.name}: integrity ${integrity.slice(0, 100)}`);
        continue;
      }
      const after = ledgerDump(work);
      const state = sameLedger(after, emptyDump) ? 'no run' : sameLedger(after, refDump) ? 'complete' : 'partial';
      if (state === 'partial') figures.partialRuns++;
      else figures[state === 'no run' ? 'noRun' : 'complete']++;
      if (state !== (point.committed ? 'complete' : 'no run')) problems.push(`${point.name}: ${state} after the kill`);

      const next = await (await cli(['billing', 'close', '--period', PERIOD, '--json', '--db', work], `next close after ${point.name}`)).done;
      if (state === 'complete') {
        if (next.code !== 2 || !next.err.includes('already closed')) problems.push(`${point.name}: second close exit ${next.code}: ${next.err.slice(0, 120)}`);
      } else if (next.code !== 0 || JSON.stringify(JSON.parse(next.out)) !== JSON.stringify(refJson)) {
        problems.push(`${point.name}: next close exit ${next.code}, ${next.out.slice(0, 200)} ${next.err.slice(0, 120)}`);
      }
      const closed = await (await cli(['billing', 'preview', '--period', PERIOD, '--json', '--db', work], `preview after ${point.name}`)).done;
      const p = JSON.parse(closed.out) as { state: string; total: string; invoices: Array<{ invoiceNumber: string; customer: string; total: string }> };
      const converged =
        sameLedger(ledgerDump(work), refDump) &&
        p.state === 'closed' &&
        p.total === open.total &&
        JSON.stringify(p.invoices.map((x) => [x.invoiceNumber, x.customer, x.total])) === JSON.stringify(refJson.invoices.map((x) => [x.invoiceNumber, x.customer, x.total]));
      if (!converged) {
        figures.divergent++;
        problems.push(`${point.name}: end state differs from a crash-free close`);
      }
    }

    const lines = refDump.lines.length;
    recordFigure(
      'crashes',
      'billing close kills',
      figures.kills,
      `${PERIOD}: ${refDump.invoices.length} invoices, ${lines} lines; ${figures.noRun} left no run, ${figures.complete} the complete run, ${figures.partialRuns} partial; integrity failures ${figures.integrityFailures}; divergent after the next close ${figures.divergent}`,
    );
    expect(problems).toEqual([]);
    expect(figures).toEqual({ kills: points.length, integrityFailures: 0, partialRuns: 0, divergent: 0, noRun: points.length - 1, complete: 1 });
  }, 600_000);
});

function sameLedger(a: LedgerDump, b: LedgerDump): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Resolves once the child printed its kill-point marker; fails if it exits or 60 s pass first. */
async function waitForKillPoint(proc: Awaited<ReturnType<typeof startCli>>, name: string): Promise<void> {
  let err = '';
  proc.child.stderr!.on('data', (d) => (err += d));
  const started = Date.now();
  while (!err.includes('KILL-POINT')) {
    if (proc.child.exitCode !== null) throw new Error(`${name}: the close ended (exit ${proc.child.exitCode}) before its kill point`);
    if (Date.now() - started > 60_000) throw new Error(`${name}: kill point not reached in 60 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
