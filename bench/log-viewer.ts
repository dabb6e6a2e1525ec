// Log viewer at scale (issue 9 §5): with N log rows, the time of the dashboard figures, of a log page for
// every filter combination the UI offers (type × status × start/end date × first/middle/last page × per
// page 25/50/100), and of the CSV export with its peak memory (in a child process, so the figure is the
// export's own). Also checks the query plans: no table scan and no sort for any filter shape.
//
//   npx tsx bench/log-viewer.ts [--rows 1000000,2000000] [--days 180] [--tz Asia/Kolkata] [--export-rows 1000000] [--json]
//
// Timings are medians of 3 runs of each query on a warm cache, measured in this process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
// The time zone must be set before the first Date is used (local dates → UTC instants depend on it).
if (arg('tz')) process.env.TZ = arg('tz');

const { openDatabase } = await import('../main/db/open-database');
const { sourceMigrationsFolder } = await import('../main/db/migrations-folder');
const { seedLogs } = await import('./seed-logs');
const { listLogs, countLogs } = await import('../main/db/queries/logs');
const { dashboard } = await import('../main/db/queries/dashboard');
const { exportLogsToFile } = await import('../main/export/log-csv');
const { toLocalDate, addDays } = await import('../shared/dates');
const { LOG_STATUSES, SYNC_TYPES } = await import('../shared/domain');
type LogFilter = import('../shared/domain').LogFilter;

const TARGET_MS = 50;
const EXPORT_TARGET_S = 10;
const SEED_NOW = new Date('2026-11-24T12:00:00.000Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
/** Median wall time and median CPU time (user + system) of a few runs, in ms. CPU time shows what the
 * query itself costs when other processes compete for the cores (wall time then includes waiting). */
function timeIt(fn: () => void, runs = 3): { ms: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

// ---- export child: `--export-child <db> <out.csv>` prints one JSON line with its figures ----------------
if (arg('export-child')) {
  const database = openDatabase(arg('export-child')!, { migrationsFolder: sourceMigrationsFolder() });
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const filter = JSON.parse(arg('filter') ?? '{}') as LogFilter;
  const { rows } = await exportLogsToFile(database.sqlite, filter, process.argv[process.argv.indexOf('--export-child') + 2]!);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  database.close();
  process.stdout.write(
    `${JSON.stringify({ rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  process.exit(0);
}

interface CaseResult {
  filter: string;
  perPage: number;
  page: string;
  ms: number;
  cpuMs: number;
}

interface ExportFigures {
  filter: LogFilter;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  csvMb: number;
}

/** Exports in a child process, so peak RSS is the export's own (plus the runtime's baseline). */
function exportInChild(file: string, dir: string, filter: LogFilter): ExportFigures {
  const csv = path.join(dir, 'logs.csv');
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--export-child', file, csv, '--filter', JSON.stringify(filter)], {
    encoding: 'utf8',
    env: process.env,
    timeout: 300_000,
  });
  if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
  const ex = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rows: number; ms: number; cpuMs: number; peakRssMb: number; rssBeforeMb: number };
  const csvMb = fs.statSync(csv).size / 2 ** 20;
  fs.rmSync(csv, { force: true });
  return { filter, rows: ex.rows, seconds: ex.ms / 1000, cpuSeconds: ex.cpuMs / 1000, peakRssMb: ex.peakRssMb, rssBeforeMb: ex.rssBeforeMb, csvMb };
}

const EXPORT_ROWS = Number(arg('export-rows') ?? 1_000_000);

/** {} when the log has at most 1,000,000 rows, else `from` the latest local date giving ≥ 1,000,000 rows. */
function exportFilterFor(sqlite: import('better-sqlite3').Database, total: number, days: number): LogFilter {
  if (total <= EXPORT_ROWS) return {};
  const today = toLocalDate(SEED_NOW);
  for (let k = 0; k <= days + 1; k++) {
    const from = addDays(today, -k);
    if (countLogs(sqlite, { from }) >= EXPORT_ROWS) return { from };
  }
  return {};
}

interface SizeResult {
  rows: number;
  seedS: number;
  dbMb: number;
  dashboard: { p50Ms: number; maxMs: number; cpuP50Ms: number; cpuMaxMs: number };
  pages: { cases: number; p50Ms: number; p95Ms: number; maxMs: number; over50: number; cpuP50Ms: number; cpuMaxMs: number; worst: CaseResult[] };
  /** 1-minute load average when the size finished (other work on the machine inflates wall times). */
  loadAvg: number;
  /** The export of 1,000,000 rows: all rows, or at larger sizes the newest days adding up to ≥ 1,000,000. */
  export: ExportFigures;
  /** At sizes over 1,000,000: the export of every row, for memory (flat as the export grows). */
  exportAll: ExportFigures | null;
  planProblems: string[];
}

function filterMatrix(): { label: string; filter: LogFilter }[] {
  const today = toLocalDate(SEED_NOW);
  const dates: { label: string; from?: string; to?: string }[] = [
    { label: 'any date' },
    { label: `from ${addDays(today, -120)}`, from: addDays(today, -120) },
    { label: `to ${addDays(today, -30)}`, to: addDays(today, -30) },
    { label: `${addDays(today, -120)}…${addDays(today, -30)}`, from: addDays(today, -120), to: addDays(today, -30) },
  ];
  const out: { label: string; filter: LogFilter }[] = [];
  // The UI's choices: All / Contract / Time Entry / Company × All / Success / Error / Warning × dates.
  for (const type of [undefined, ...SYNC_TYPES]) {
    for (const status of [undefined, ...LOG_STATUSES.filter((s) => s !== 'skip')]) {
      for (const d of dates) {
        const filter: LogFilter = {};
        if (type) filter.type = type;
        if (status) filter.status = status;
        if (d.from) filter.from = d.from;
        if (d.to) filter.to = d.to;
        out.push({ label: `${type ?? 'all types'} / ${status ?? 'all statuses'} / ${d.label}`, filter });
      }
    }
  }
  return out;
}

/** EXPLAIN QUERY PLAN of every statement the log queries prepared: flag table scans and sorts. */
function planProblems(file: string, filters: LogFilter[]): string[] {
  // A connection of its own: the log queries cache their statements per connection, and every shape must
  // be prepared (and so seen) here.
  const sqlite = new Database(file, { readonly: true });
  const problems = new Set<string>();
  const original = sqlite.prepare.bind(sqlite);
  const seen = new Set<string>();
  (sqlite as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    seen.add(sql);
    return original(sql);
  };
  try {
    for (const f of filters) for (const page of [1, 500, 1e9]) listLogs(sqlite, f, page, 25, { directOffsetMax: 0 });
    dashboard(sqlite, null);
  } finally {
    (sqlite as unknown as { prepare: unknown }).prepare = original;
  }
  for (const sql of seen) {
    const params = (sql.match(/\?/g) ?? []).map(() => 'x');
    const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], m[1] === 'take' || m[1] === 'skip' || m[1] === 'runId' ? 1 : 'x']));
    const stmt = original(`EXPLAIN QUERY PLAN ${sql}`);
    const plan = (Object.keys(named).length ? stmt.all(named) : stmt.all(...params)) as { detail: string }[];
    for (const p of plan) {
      const bad = (/^SCAN /.test(p.detail) && !/USING (COVERING )?INDEX/.test(p.detail)) || /TEMP B-TREE/.test(p.detail);
      // The dashboard's sync_runs figures read a table of one row per run (a few hundred a year).
      if (bad && !/sync_runs/.test(p.detail)) problems.add(`${p.detail}  ←  ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  sqlite.close();
  return [...problems];
}

async function benchSize(rows: number, days: number): Promise<SizeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abs-logbench-'));
  const file = path.join(dir, 'logs.db');
  try {
    const database = openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
    const sqlite = database.sqlite;
    const t0 = performance.now();
    seedLogs(sqlite, { rows, days, now: SEED_NOW });
    const seedS = (performance.now() - t0) / 1000;
    process.stderr.write(`  seeded ${rows.toLocaleString('en')} rows in ${seedS.toFixed(1)} s\n`);

    // Warm the cache the way an app that has been open a while has it.
    sqlite.prepare('SELECT COUNT(*) FROM sync_logs INDEXED BY sync_logs_created_idx').get();
    const dash: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < 20; i++) dash.push(timeIt(() => dashboard(sqlite, null), 1));

    const cases: CaseResult[] = [];
    const matrix = filterMatrix();
    for (const { label, filter } of matrix) {
      for (const perPage of [25, 50, 100]) {
        const first = listLogs(sqlite, filter, 1, perPage);
        const pages: [string, number][] = [
          ['first', 1],
          ['middle', Math.ceil(first.pageCount / 2)],
          ['last', first.pageCount],
        ];
        for (const [name, page] of pages) {
          cases.push({ filter: label, perPage, page: `${name} (${page}/${first.pageCount})`, ...timeIt(() => listLogs(sqlite, filter, page, perPage)) });
        }
      }
    }
    const ms = cases.map((c) => c.ms);
    const cpu = cases.map((c) => c.cpuMs);
    const exportFilter = exportFilterFor(sqlite, rows, days);
    database.close();
    const problems = planProblems(
      file,
      matrix.map((m) => m.filter),
    );

    process.stderr.write(`  exporting ${JSON.stringify(exportFilter)} to CSV in a child process…\n`);
    const exported = exportInChild(file, dir, exportFilter);
    let exportAll: ExportFigures | null = null;
    if (rows > EXPORT_ROWS) {
      process.stderr.write('  exporting every row to CSV in a child process (memory check)…\n');
      exportAll = exportInChild(file, dir, {});
    }
    const dbMb = fs.statSync(file).size / 2 ** 20;
    return {
      rows,
      seedS,
      dbMb,
      dashboard: {
        p50Ms: median(dash.map((d) => d.ms)),
        maxMs: Math.max(...dash.map((d) => d.ms)),
        cpuP50Ms: median(dash.map((d) => d.cpuMs)),
        cpuMaxMs: Math.max(...dash.map((d) => d.cpuMs)),
      },
      loadAvg: os.loadavg()[0]!,
      pages: {
        cases: cases.length,
        p50Ms: median(ms),
        p95Ms: pct(ms, 95),
        maxMs: Math.max(...ms),
        over50: ms.filter((m) => m > TARGET_MS).length,
        cpuP50Ms: median(cpu),
        cpuMaxMs: Math.max(...cpu),
        worst: [...cases].sort((a, b) => b.ms - a.ms).slice(0, 5),
      },
      export: exported,
      exportAll,
      planProblems: problems,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = (arg('rows') ?? '1000000,2000000').split(',').map(Number);
const days = Number(arg('days') ?? 180);
const results: SizeResult[] = [];
for (const n of sizes) {
  process.stderr.write(`Log viewer bench: ${n.toLocaleString('en')} log rows over ${days} days (TZ ${process.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone})\n`);
  results.push(await benchSize(n, days));
}

const ok = (good: boolean) => (good ? 'ok' : 'MISSED');
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ cores: os.cpus().length, tz: Intl.DateTimeFormat().resolvedOptions().timeZone, days, results }, null, 2)}\n`);
} else {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `Log viewer at scale — ${os.cpus().length} cores, TZ ${Intl.DateTimeFormat().resolvedOptions().timeZone}, rows over ${days} days`,
    '',
    '| log rows | dashboard p50 / max (ms) [CPU p50 / max] | log pages: cases, p50 / p95 / max (ms), > 50 ms [CPU p50 / max] | CSV export: rows, s [CPU s], peak RSS (MB) | load avg | target |',
    '|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.rows.toLocaleString('en')} | ${f(r.dashboard.p50Ms)} / ${f(r.dashboard.maxMs)} [${f(r.dashboard.cpuP50Ms)} / ${f(r.dashboard.cpuMaxMs)}] | ${r.pages.cases}, ${f(r.pages.p50Ms)} / ${f(r.pages.p95Ms)} / ${f(r.pages.maxMs)}, ${r.pages.over50} [${f(r.pages.cpuP50Ms)} / ${f(r.pages.cpuMaxMs)}] | ${r.export.rows.toLocaleString('en')}, ${f(r.export.seconds)} [${f(r.export.cpuSeconds)}], ${f(r.export.peakRssMb)} | ${r.loadAvg.toFixed(1)} | pages+dashboard < ${TARGET_MS} ms: ${ok(r.pages.maxMs < TARGET_MS && r.dashboard.maxMs < TARGET_MS)}; export < ${EXPORT_TARGET_S} s: ${ok(r.export.seconds < EXPORT_TARGET_S)} |`,
    ),
    '',
    ...results.flatMap((r) => [
      `${r.rows.toLocaleString('en')} rows (database ${f(r.dbMb)} MB, seeded in ${f(r.seedS)} s; export ${JSON.stringify(r.export.filter)}: CSV ${f(r.export.csvMb)} MB, child RSS before export ${f(r.export.rssBeforeMb)} MB)`,
      ...(r.exportAll
        ? [
            `  export of every row: ${r.exportAll.rows.toLocaleString('en')} rows, ${f(r.exportAll.seconds)} s [CPU ${f(r.exportAll.cpuSeconds)} s], peak RSS ${f(r.exportAll.peakRssMb)} MB, CSV ${f(r.exportAll.csvMb)} MB`,
          ]
        : []),
      '  slowest pages:',
      ...r.pages.worst.map((w) => `  ${f(w.ms).padStart(6)} ms (CPU ${f(w.cpuMs)})  ${w.filter}, ${w.perPage}/page, ${w.page}`),
      r.planProblems.length
        ? `  query plans with a table scan or sort:\n${r.planProblems.map((p) => `    ${p}`).join('\n')}`
        : '  query plans: every log query is an index search (no table scan, no sort)',
    ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
