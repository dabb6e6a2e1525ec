// Issue 9 point 4, throughput: rows upserted per second through the real sync path minus the network,
// against a bare prepared-insert loop of the same rows, in the same run.
//
// Real path = exactly what syncTimeEntries does with each 500-row page once it has arrived: parse and
// validate every record (zod), plan it against the local rows (services, existing items, skip memory),
// then apply the plan in one transaction (item upserts, one log row per change with its JSON details, skip
// memory, the run's counts). The pages are the rows the sandbox would return for the sync's full-mode
// query, read in-process from the sandbox (`control.list`) and cut into id-ascending pages of 500, so no
// HTTP time is in the figure. The database must already hold the contract sync's services.
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { addDays } from '../../shared/dates';
import { decimalToCents } from '../../shared/money';
import { openDatabase } from '../../main/db/open-database';
import { sourceMigrationsFolder } from '../../main/db/migrations-folder';
import { TIME_ENTRY_FIELDS } from '../../main/sync/autotask-payloads';
import { createPlanApplier } from '../../main/sync/apply-plan';
import { groupByContract, loadLocalServices } from '../../main/sync/local-services';
import type { ItemValues } from '../../main/sync/plan';
import { RunRecorder } from '../../main/sync/run-recorder';
import { planTimeEntryPage } from '../../main/sync/time-entry-plan';
import type { SandboxControl } from '../../main/sandbox';
import { bareInsert, bareInsertWithLogs, BATCH, type BareItemRow, type BareLogRow, type RateResult } from './bare-insert';

export interface ApplyRateOptions {
  control: SandboxControl;
  /** A database after `sync contracts` (services present, no items). Left unchanged. */
  contractsDb: string;
  /** Scratch directory for the two working copies. */
  workDir: string;
  from: string;
  to: string;
  rate: string;
  /**
   * Feed every full-mode record (the read before issue 15) instead of only the in-scope ones (entries on
   * a synced contract — what the contract-filtered read returns). For before/after comparisons.
   */
  allEntries?: boolean;
  /** Run around the real path only (the profiler in profile-apply.ts). */
  around?: { before(): Promise<void>; after(): Promise<void> };
}

export interface ApplyRateResult {
  /** Time entries the pages held (what the sync parses and plans). */
  entries: number;
  /** engineering_items rows upserted by the real path — the rows the bare loop inserts too. */
  real: RateResult;
  bare: RateResult;
  /** The bare loop writing the same items and the same log rows (counted in sync_log_counts as the recorder counts them). */
  bareWithLogs: RateResult;
  /** Real rate / bare rate. */
  ratio: number;
  logRows: number;
}

/**
 * The records the sync's full-mode query returns (window with a day of margin, billable, approved), cut
 * into id-ascending pages of 500. With `contracts`, only the entries on those (synced) contracts: what the
 * read filtered server-side to the synced contracts returns (issue 15 point 1).
 */
export function fullModePages(control: SandboxControl, from: string, to: string, contracts?: ReadonlySet<number>): Record<string, unknown>[][] {
  const lo = addDays(from, -1);
  const hi = addDays(to, 2);
  const fields = [...new Set(['id', ...TIME_ENTRY_FIELDS])];
  const rows = control
    .list('TimeEntries', (e) => {
      const d = typeof e.dateWorked === 'string' ? e.dateWorked.slice(0, 10) : '';
      if (contracts && !(typeof e.contractID === 'number' && contracts.has(e.contractID))) return false;
      return e.isNonBillable === false && e.billingApprovalDateTime != null && d >= lo && d < hi;
    })
    .map((e) => Object.fromEntries(fields.map((f) => [f, e[f] ?? null])));
  const pages: Record<string, unknown>[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) pages.push(rows.slice(i, i + BATCH));
  return pages;
}

function toBare(i: ItemValues): BareItemRow {
  return {
    serviceId: i.serviceId,
    autotaskTimeEntryId: i.autotaskTimeEntryId,
    autotaskContractId: i.autotaskContractId,
    dateWorked: i.dateWorked,
    hours: i.hours,
    rateCents: decimalToCents(i.rate),
    amountCents: decimalToCents(i.amount),
    summary: i.summary,
    autotaskLastModified: i.autotaskLastModified,
  };
}

async function realPath(
  sqlite: Database.Database,
  pages: Record<string, unknown>[][],
  opts: Omit<ApplyRateOptions, 'control' | 'allEntries'>,
): Promise<{ result: RateResult; items: ItemValues[]; logs: BareLogRow[] }> {
  const now = () => new Date();
  const rules = { from: opts.from, to: opts.to, rate: opts.rate, servicesByContract: groupByContract(loadLocalServices(sqlite)) };
  await opts.around?.before();
  const recorder = new RunRecorder(sqlite, { type: 'time_entry', trigger: 'manual', options: { bench: true }, dryRun: false, now });
  const applier = createPlanApplier(sqlite, recorder, now);
  const items: ItemValues[] = [];
  const started = performance.now();
  for (const page of pages) {
    const t0 = Date.now();
    const plan = planTimeEntryPage(sqlite, page, rules, true);
    applier.apply(plan, Date.now() - t0);
    for (const a of plan.actions) if (a.kind === 'create-item') items.push(a.item);
  }
  const ms = performance.now() - started;
  await opts.around?.after();
  recorder.finish('success', 'benchmark apply phase', null);
  const logs = sqlite
    .prepare('SELECT run_id, sync_type, operation, status, message, duration_ms, details, created_at FROM sync_logs WHERE run_id = ? ORDER BY id')
    .all(recorder.runId) as BareLogRow[];
  for (const l of logs) l.run_id = null; // the bare database has no such run
  return { result: { rows: items.length, ms, rowsPerSecond: items.length / (ms / 1000) }, items, logs };
}

/** The Autotask contract ids that have local services: the contracts the time-entry read asks for. */
export function syncedContractIds(sqlite: Database.Database): Set<number> {
  return new Set((sqlite.prepare('SELECT DISTINCT autotask_contract_id AS id FROM engineering_services').all() as { id: number }[]).map((r) => r.id));
}

/** The pages the real path is fed: the in-scope entries (or, with allEntries, every full-mode record). */
export function applyRatePages(opts: Pick<ApplyRateOptions, 'control' | 'contractsDb' | 'from' | 'to' | 'allEntries'>): Record<string, unknown>[][] {
  let contracts: Set<number> | undefined;
  if (!opts.allEntries) {
    const db = openDatabase(opts.contractsDb, { migrationsFolder: sourceMigrationsFolder() });
    try {
      contracts = syncedContractIds(db.sqlite);
    } finally {
      db.close();
    }
  }
  return fullModePages(opts.control, opts.from, opts.to, contracts);
}

export async function measureApplyRate(opts: ApplyRateOptions): Promise<ApplyRateResult> {
  return measureApplyRateOnPages(applyRatePages(opts), opts);
}

/** The real path and the two bare loops over these pages, each on a fresh copy of `contractsDb`. */
export async function measureApplyRateOnPages(pages: Record<string, unknown>[][], opts: Omit<ApplyRateOptions, 'control' | 'allEntries'>): Promise<ApplyRateResult> {
  const migrationsFolder = sourceMigrationsFolder();
  const entries = pages.reduce((n, p) => n + p.length, 0);
  const realFile = `${opts.workDir}/apply-real.db`;
  const bareFile = `${opts.workDir}/apply-bare.db`;
  for (const f of [realFile, bareFile]) copyFileSync(opts.contractsDb, f);
  const real = openDatabase(realFile, { migrationsFolder });
  let measured: Awaited<ReturnType<typeof realPath>>;
  try {
    measured = await realPath(real.sqlite, pages, opts);
  } finally {
    real.close();
  }
  const bareRows = measured.items.map(toBare);
  const bareDb = openDatabase(bareFile, { migrationsFolder });
  let bare: RateResult;
  try {
    bare = bareInsert(bareDb.sqlite, bareRows);
  } finally {
    bareDb.close();
  }
  copyFileSync(opts.contractsDb, bareFile + '2');
  const withLogsDb = openDatabase(bareFile + '2', { migrationsFolder });
  let bareWithLogs: RateResult;
  try {
    bareWithLogs = bareInsertWithLogs(withLogsDb.sqlite, bareRows, measured.logs);
  } finally {
    withLogsDb.close();
  }
  for (const f of [realFile, bareFile, bareFile + '2']) for (const s of ['', '-wal', '-shm']) rmSync(`${f}${s}`, { force: true });
  return { entries, real: measured.result, bare, bareWithLogs, ratio: measured.result.rowsPerSecond / bare.rowsPerSecond, logRows: measured.logs.length };
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'apply-child.ts');

/**
 * measureApplyRate in a child process (apply-child.ts), `runs` times, the median run: what `npm run bench`
 * reports. The pages are computed here (the sandbox lives in this process) and handed over in a file.
 */
export async function measureApplyRateInChild(
  opts: Omit<ApplyRateOptions, 'around'> & { runs: number; timeoutMs?: number },
): Promise<ApplyRateResult & { runsMs: { real: number[]; bareWithLogs: number[] } }> {
  const pagesFile = path.join(opts.workDir, 'apply-pages.json');
  writeFileSync(pagesFile, JSON.stringify(applyRatePages(opts)));
  const input = { pagesFile, contractsDb: opts.contractsDb, workDir: opts.workDir, from: opts.from, to: opts.to, rate: opts.rate, runs: opts.runs };
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the write-path measurement did not finish within ${(opts.timeoutMs ?? 300_000) / 1000} s`));
      }, opts.timeoutMs ?? 300_000);
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-4000)));
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`the write-path measurement exited with ${code}: ${err.trim()}`));
      });
    });
    const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { result: ApplyRateResult; realMs: number[]; bareWithLogsMs: number[] };
    return { ...parsed.result, runsMs: { real: parsed.realMs, bareWithLogs: parsed.bareWithLogsMs } };
  } finally {
    rmSync(pagesFile, { force: true });
  }
}
