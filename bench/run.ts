// `npm run bench` (issue 9): every figure with the bound or the peer it is compared with, measured in the
// same run, as a ratio. One table on stdout (or, with --json, one JSON document); progress on stderr.
// A full run also rewrites bench/RESULTS.md.
//
//   npm run bench [-- --json] [--only sync,logs,peer,billing] [--quick] [--peer-latency 20] [--sizes 50000,200000] [--verbose] [--no-results]
//
// --quick is a smoke run (small tenant, 100,000 log rows, no RESULTS.md): it checks the harness, not the
// targets.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../shared/settings';
import type { Figure } from './report/figure';
import { formatTable } from './report/format-table';
import { machine, resultsMarkdown } from './report/results-markdown';
import { runBillingSection } from './sections/billing-figures';
import { runLogViewerSection } from './sections/log-viewer-figures';
import { runPeerSection } from './sections/peer-figures';
import { createProgress } from './sections/progress';
import { runSyncSection } from './sections/sync-figures';
import { REPO_ROOT } from './sync/cli-sync';

const SECTIONS = ['sync', 'logs', 'peer', 'billing'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  json: boolean;
  only: Set<Section>;
  quick: boolean;
  peerLatencyMs: number;
  verbose: boolean;
  writeResults: boolean;
  /** Time entries per tenant size for the sync section (experiments); the last is the headline size. */
  sizes: number[] | null;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('only')
    ?.split(',')
    .map((s) => s.trim()) ?? [...SECTIONS];
  for (const s of only) {
    if (!(SECTIONS as readonly string[]).includes(s)) {
      process.stderr.write(`Unknown section "${s}" (choose from ${SECTIONS.join(', ')}).\n`);
      process.exit(2);
    }
  }
  const quick = argv.includes('--quick');
  const peerLatencyMs = Number(value('peer-latency') ?? (quick ? 2 : 20));
  if (!Number.isFinite(peerLatencyMs) || peerLatencyMs < 0) {
    process.stderr.write('--peer-latency takes a number of milliseconds.\n');
    process.exit(2);
  }
  return {
    json: argv.includes('--json'),
    only: new Set(only as Section[]),
    quick,
    peerLatencyMs,
    verbose: argv.includes('--verbose'),
    writeResults: !quick && !argv.includes('--no-results') && only.length === SECTIONS.length && !value('sizes'),
    sizes: value('sizes')?.split(',').map(Number) ?? null,
  };
}

const args = parseArgs(process.argv.slice(2));
const progress = createProgress({ verbose: args.verbose });
const started = performance.now();
const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const SYNC_LATENCY_MS = 100;

progress.step(`bench: sections ${[...args.only].join(', ')}${args.quick ? ' (quick smoke run)' : ''}; ${machine().cores} cores`);

if (args.only.has('sync')) {
  try {
    const r = await runSyncSection({
      sizes: args.sizes ?? (args.quick ? [5_000, 10_000] : [50_000, 100_000, 200_000]),
      latencyMs: args.quick ? 10 : SYNC_LATENCY_MS,
      inFlight: DEFAULT_SETTINGS.apiConcurrency,
      progress,
      syncTimeoutMs: 180_000,
      rssRepeats: args.quick ? 1 : 3,
    });
    figures.push(...r.figures);
    details.sync = r.details;
  } catch (error) {
    progress.step(`sync section failed: ${error instanceof Error ? error.stack : String(error)}`);
    details.sync = { error: String(error) };
  }
}
if (args.only.has('logs')) {
  const r = await runLogViewerSection({ sizes: args.quick ? [100_000] : [1_000_000, 2_000_000], progress, timeoutMs: 300_000 });
  figures.push(...r.figures);
  details.logViewer = r.details;
}
if (args.only.has('peer')) {
  const r = await runPeerSection({ latencyMs: args.peerLatencyMs, progress });
  figures.push(...r.figures);
  details.peer = r.details;
}

if (args.only.has('billing')) {
  try {
    const r = await runBillingSection({ customers: args.quick ? 200 : 2_000, items: args.quick ? 5_000 : 50_000, progress, timeoutMs: 300_000 });
    figures.push(...r.figures);
    details.billing = r.details;
  } catch (error) {
    progress.step(`billing section failed: ${error instanceof Error ? error.stack : String(error)}`);
    details.billing = { error: String(error) };
  }
}

figures.sort((a, b) => a.section.localeCompare(b.section));
const totalSeconds = (performance.now() - started) / 1000;
const m = machine();
progress.step(`done in ${totalSeconds.toFixed(0)} s`);

const settings =
  `Sync figures: sandbox \`large\` tenant (2,000 companies, 3,000 contracts, 12,000 service lines), ${SYNC_LATENCY_MS} ms added latency per request, ` +
  `syncs driven through the CLI (\`sync all --json\`) in a child process; peer read at ${args.peerLatencyMs} ms latency.`;

if (args.writeResults) {
  const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const file = path.join(REPO_ROOT, 'bench', 'RESULTS.md');
  // The hand-written profile notes (bench/PROFILE.md) follow the figures, so a run never drops them.
  const profileFile = path.join(REPO_ROOT, 'bench', 'PROFILE.md');
  const profile = existsSync(profileFile) ? `\n${readFileSync(profileFile, 'utf8').replace(/^<!--[\s\S]*?-->\s*/, '')}` : '';
  writeFileSync(file, resultsMarkdown(figures, { command, date: new Date(), machine: m, totalSeconds, settings }) + profile);
  progress.step(`wrote ${path.relative(REPO_ROOT, file)}`);
}

if (args.json) {
  process.stdout.write(
    `${JSON.stringify({ machine: m, totalSeconds, quick: args.quick, peerLatencyMs: args.peerLatencyMs, syncLatencyMs: SYNC_LATENCY_MS, figures, details }, null, 2)}\n`,
  );
} else {
  process.stdout.write(`Autotask Billing Sync benchmarks — ${m.cores} cores, ${m.cpu}, Node ${m.node}; ${totalSeconds.toFixed(0)} s\n${settings}\n\n${formatTable(figures)}\n`);
}
