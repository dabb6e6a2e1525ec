// Generates N realistic log rows (and the runs they belong to) fast, for the log-viewer benchmark and for
// trying the UI against a big database: `npx tsx bench/seed-logs.ts --db /tmp/logs.db --rows 1000000`.
//
// Rows are spread over the last `days` days in time order (ids grow with created_at, as in real use), with
// a daily 02:00 burst on top of a steady trickle, so both sparse and dense hours exist. The rows go in raw
// and sync_log_counts is rebuilt with one GROUP BY (recountLogCounts) — exactly the counts the sync's
// writers would have kept row by row, in a fraction of the time.
import type Database from 'better-sqlite3';
import { recountLogCounts } from '../main/db/queries/log-writes';
import { pathToFileURL } from 'node:url';

export interface SeedOptions {
  rows: number;
  /** Spread rows over the `days` days before `now`. */
  days?: number;
  now?: Date;
  /** Deterministic pseudo-random sequence. */
  seed?: number;
  /** Fraction of rows that fall in the daily 02:00 sync burst (0–1). */
  burstShare?: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function pickTypeStatus(r: number, r2: number): { type: string; status: string; operation: string } {
  const type = r < 0.25 ? 'contract' : r < 0.9 ? 'time_entry' : 'company';
  if (r2 < 0.78) return { type, status: 'success', operation: r2 < 0.5 ? 'create' : 'update' };
  if (r2 < 0.9) return { type, status: 'warning', operation: 'update' };
  if (r2 < 0.97) return { type, status: 'error', operation: 'error' };
  return { type, status: 'skip', operation: 'skip' };
}

const MESSAGES: Record<string, string[]> = {
  contract: ['Created engineering service for contract PRACBILL-', 'Updated contract PRACBILL-', 'Contract name does not match SKU prefix PRACBILL: '],
  time_entry: ['Imported time entry ', 'Updated time entry ', 'Time entry is outside the service dates: '],
  company: ['Created customer from company ', 'Updated customer ', 'Company lookup failed for '],
};

/** Inserts `rows` log rows (plus one run per day and type) into a migrated database. Returns the row count. */
export function seedLogs(sqlite: Database.Database, opts: SeedOptions): { rows: number; runs: number } {
  const now = (opts.now ?? new Date()).getTime();
  const days = opts.days ?? 180;
  const rand = prng(opts.seed ?? 42);
  const burstShare = opts.burstShare ?? 0.5;
  const start = now - days * DAY;

  // Timestamps: a steady trickle over the whole span plus bursts in the 02:00 UTC hour of each day.
  const stamps = new Float64Array(opts.rows);
  for (let i = 0; i < opts.rows; i++) {
    if (rand() < burstShare) {
      const day = Math.floor(rand() * days);
      stamps[i] = Math.min(now - 1, start + day * DAY + 2 * HOUR + rand() * HOUR);
    } else {
      stamps[i] = start + rand() * (now - start);
    }
  }
  stamps.sort();

  const insertRun = sqlite.prepare(
    `INSERT INTO sync_runs (type, trigger, options, dry_run, started_at, finished_at, status, count_create, count_update, api_calls, message)
     VALUES (?, 'schedule', '{}', 0, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLog = sqlite.prepare(
    `INSERT INTO sync_logs (run_id, sync_type, operation, status, message, duration_ms, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  let runs = 0;
  const tx = sqlite.transaction(() => {
    // One contract run and one time-entry run per day; company rows belong to the contract run.
    const runIds = new Map<string, number>();
    for (let d = 0; d <= days; d++) {
      for (const type of ['contract', 'time_entry']) {
        const startedAt = new Date(start + d * DAY + 2 * HOUR).toISOString();
        const finishedAt = new Date(start + d * DAY + 3 * HOUR - 1000).toISOString();
        const status = rand() < 0.9 ? 'success' : rand() < 0.5 ? 'partial' : 'failed';
        const info = insertRun.run(type, startedAt, finishedAt, status, Math.floor(rand() * 50), Math.floor(rand() * 50), Math.floor(rand() * 400), `${type} run`);
        runIds.set(`${d}:${type}`, Number(info.lastInsertRowid));
        runs++;
      }
    }
    for (let i = 0; i < opts.rows; i++) {
      const ts = stamps[i]!;
      const { type, status, operation } = pickTypeStatus(rand(), rand());
      const day = Math.floor((ts - start) / DAY);
      const runId = runIds.get(`${day}:${type === 'time_entry' ? 'time_entry' : 'contract'}`) ?? null;
      const texts = MESSAGES[type]!;
      const ref = 10_000 + Math.floor(rand() * 990_000);
      const message = `${texts[operation === 'create' ? 0 : status === 'success' || status === 'warning' ? 1 : 2]}${ref}`;
      const details = rand() < 0.6 ? JSON.stringify({ id: ref, hours: '1.25', before: { hours: '1.00' }, after: { hours: '1.25' } }) : null;
      insertLog.run(runId, type, operation, status, message, Math.floor(rand() * 120), details, new Date(ts).toISOString());
    }
    // Rebuild the summary table exactly as the writers would have kept it.
    recountLogCounts(sqlite);
  });
  tx();
  return { rows: opts.rows, runs };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { openDatabase } = await import('../main/db/open-database');
  const { sourceMigrationsFolder } = await import('../main/db/migrations-folder');
  const file = arg('db');
  if (!file) {
    process.stderr.write('usage: npx tsx bench/seed-logs.ts --db <file> [--rows N] [--days D] [--seed S]\n');
    process.exit(2);
  }
  const database = openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
  const t0 = performance.now();
  const r = seedLogs(database.sqlite, { rows: Number(arg('rows') ?? 1_000_000), days: Number(arg('days') ?? 180), seed: Number(arg('seed') ?? 42) });
  process.stderr.write(`Seeded ${r.rows} log rows and ${r.runs} runs into ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  database.close();
}
