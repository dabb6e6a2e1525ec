// The write-path measurement (apply-rate.ts) in a process of its own: `npm run bench` starts it with the
// pages in a JSON file, so the figure is taken in a heap like the sync's own process (the CLI, or the app's
// main process), not in the benchmark's, which also holds the 200,000-entry sandbox tenant and what the
// full syncs before it left behind. It runs the real path and the bare loops `runs` times, alternating, and
// prints the run with the median real-path time, plus every time, as one JSON line on stdout.
//
//   node --import tsx bench/throughput/apply-child.ts '<json: ChildInput>'
import { readFileSync } from 'node:fs';
import { measureApplyRateOnPages, type ApplyRateResult } from './apply-rate';

export interface ChildInput {
  pagesFile: string;
  contractsDb: string;
  workDir: string;
  from: string;
  to: string;
  rate: string;
  runs: number;
}

export interface ChildOutput {
  result: ApplyRateResult;
  realMs: number[];
  bareWithLogsMs: number[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
if (!input.pagesFile || !Number.isInteger(input.runs) || input.runs < 1) throw new Error('apply-child: expected a JSON argument with pagesFile and runs ≥ 1');
const pages = JSON.parse(readFileSync(input.pagesFile, 'utf8')) as Record<string, unknown>[][];
const results: ApplyRateResult[] = [];
for (let i = 0; i < input.runs; i++) results.push(await measureApplyRateOnPages(pages, input));
const byReal = [...results].sort((a, b) => a.real.ms - b.real.ms);
const out: ChildOutput = {
  result: byReal[Math.floor(byReal.length / 2)]!,
  realMs: results.map((r) => Math.round(r.real.ms)),
  bareWithLogsMs: results.map((r) => Math.round(r.bareWithLogs.ms)),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
