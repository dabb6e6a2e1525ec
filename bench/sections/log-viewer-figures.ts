// Issue 9 point 5: the log viewer at 1,000,000 and 2,000,000 rows. The measuring is the queries helper's
// `bench/log-viewer.ts` (seed, dashboard, every filter combination × first/middle/last page × 25/50/100
// per page, CSV export in a child process); it runs as a script, so it is spawned with `--json` here.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { figure, missing, type Figure } from '../report/figure';
import { REPO_ROOT } from '../sync/cli-sync';
import type { Progress } from './progress';

export interface LogViewerSize {
  rows: number;
  seedS: number;
  dbMb: number;
  // CPU times and the load average are newer fields of the script's output; optional so either works.
  dashboard: { p50Ms: number; maxMs: number; cpuP50Ms?: number; cpuMaxMs?: number };
  pages: {
    cases: number;
    p50Ms: number;
    p95Ms: number;
    maxMs: number;
    over50: number;
    cpuP50Ms?: number;
    cpuMaxMs?: number;
    worst: { filter: string; perPage: number; page: string; ms: number }[];
  };
  loadAvg?: number;
  export: { rows: number; seconds: number; cpuSeconds?: number; peakRssMb: number; rssBeforeMb: number; csvMb: number };
  planProblems: string[];
}

export interface LogViewerDetails {
  tz: string;
  days: number;
  results: LogViewerSize[];
}

export async function runLogViewerSection(opts: { sizes: number[]; progress: Progress; timeoutMs: number }): Promise<{ figures: Figure[]; details: LogViewerDetails | null }> {
  const script = path.join(REPO_ROOT, 'bench', 'log-viewer.ts');
  opts.progress.step(`log viewer: ${opts.sizes.map((n) => n.toLocaleString('en')).join(' and ')} log rows (bench/log-viewer.ts)`);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, '--rows', opts.sizes.join(','), '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        err = (err + s).slice(-4000);
        for (const l of s.split('\n')) if (l.trim()) opts.progress.detail(l.trim());
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`bench/log-viewer.ts did not finish within ${opts.timeoutMs / 1000} s`));
      }, opts.timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`bench/log-viewer.ts exited with ${code}: ${err.slice(-600)}`));
      });
    });
    const details = JSON.parse(stdout) as LogViewerDetails;
    return { figures: logViewerFigures(details), details };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { figures: [missing('5', 'logViewer', 'Log viewer at scale', why, 'pages + dashboard < 50 ms; export < 10 s')], details: null };
  }
}

const cpu = (ms: number | undefined, unit = 'ms') => (ms === undefined ? '' : ` (CPU ${ms.toFixed(1)} ${unit})`);

export function logViewerFigures(d: LogViewerDetails): Figure[] {
  const out: Figure[] = [];
  const first = d.results[0];
  for (const r of d.results) {
    const n = r.rows.toLocaleString('en');
    const k = `${r.rows / 1e6}M`;
    out.push(
      figure({
        section: '5',
        key: `logViewer.${k}.dashboard`,
        label: `Dashboard figures, ${n} log rows (median of 20)`,
        value: r.dashboard.p50Ms,
        unit: 'ms',
        target: '< 50 ms',
        check: (v) => v < 50,
        note:
          `Slowest of the 20: ${r.dashboard.maxMs.toFixed(1)} ms${cpu(r.dashboard.cpuMaxMs)} — on this shared machine the slowest wall time mostly measures other processes` +
          (r.loadAvg !== undefined ? `; load average ${r.loadAvg.toFixed(1)} when the size finished` : '') +
          (r === first ? `. Rows seeded by bench/seed-logs.ts over ${d.days} days, TZ ${d.tz}.` : '.'),
      }),
    );
    const worst = r.pages.worst[0];
    out.push(
      figure({
        section: '5',
        key: `logViewer.${k}.pages`,
        label: `Filtered log page, slowest of ${r.pages.cases} cases, ${n} rows`,
        value: r.pages.maxMs,
        unit: 'ms',
        target: '< 50 ms',
        check: (v) => v < 50 && r.planProblems.length === 0,
        note:
          `Every type × status × date-range filter the UI offers, first/middle/last page, 25/50/100 per page (median of 3 each); p50 ${r.pages.p50Ms.toFixed(1)} ms, p95 ${r.pages.p95Ms.toFixed(1)} ms, slowest${cpu(r.pages.cpuMaxMs)}` +
          (worst ? `; slowest: ${worst.filter}, ${worst.perPage}/page, ${worst.page}` : '') +
          `; query plans with a table scan or sort: ${r.planProblems.length}.`,
      }),
    );
    out.push(
      figure({
        section: '5',
        key: `logViewer.${k}.exportTime`,
        label: `CSV export of ${r.export.rows.toLocaleString('en')} rows`,
        value: r.export.seconds,
        unit: 's',
        target: '< 10 s',
        check: (v) => v < 10,
        note: `${r.export.csvMb.toFixed(0)} MB of CSV, written by the app's exporter in a child process${cpu(r.export.cpuSeconds, 's')}.`,
      }),
    );
    out.push(
      figure({
        section: '5',
        key: `logViewer.${k}.exportRss`,
        label: `CSV export peak RSS, ${r.export.rows.toLocaleString('en')} rows`,
        value: r.export.peakRssMb,
        unit: 'MB',
        reference: first && first !== r ? first.export.peakRssMb : null,
        referenceLabel: first && first !== r ? `${first.export.rows.toLocaleString('en')} rows` : `RSS before export ${r.export.rssBeforeMb.toFixed(0)} MB`,
        target: 'constant memory',
        check: (_, ratio) => ratio === null || ratio <= 1.25,
        note: r === first ? 'Constant = the 2,000,000-row export peaks within 1.25 × the 1,000,000-row one.' : '',
      }),
    );
  }
  return out;
}
