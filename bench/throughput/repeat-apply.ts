// The local write path measured the steady way (issue #15 point 4): one `sync contracts` of the `large`
// tenant, then the real path (parse + plan + apply, apply-rate.ts) and the bare loop seven times each on
// fresh copies, medians printed. One run of apply-rate moves by ±10 % on a shared machine; compare code
// changes with this, not with single runs.
//
//   npx tsx bench/throughput/repeat-apply.ts [--runs 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, toLocalDate } from '../../shared/dates';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { startSandbox } from '../../main/sandbox';
import { runCliSync } from '../sync/cli-sync';
import { measureApplyRate } from './apply-rate';
const i = process.argv.indexOf('--runs');
const runs = i >= 0 ? Number(process.argv[i + 1]) : 7;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs.');
const work = mkdtempSync(path.join(tmpdir(), 'rep-'));
const sb = await startSandbox({ size: 'large', seed: 1, latencyScale: 0, hourlyLimit: 1_000_000, tenantSpec: { timeEntries: 200_000 } });
const today = toLocalDate(new Date());
const window = { from: addDays(today, -DEFAULT_SETTINGS.timeWindowDays), to: today };
const contractsDb = path.join(work, 'contracts.db');
await runCliSync({ sandbox: sb, dbFile: contractsDb, args: ['sync', 'contracts'], timeoutMs: 180_000 });
const real: number[] = [];
const bare: number[] = [];
let entries = 0;
for (let i = 0; i < runs; i++) {
  const r = await measureApplyRate({ control: sb.control, contractsDb, workDir: work, ...window, rate: DEFAULT_SETTINGS.hourlyRate });
  real.push(r.real.ms);
  bare.push(r.bareWithLogs.ms);
  entries = r.entries;
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(
  `${entries.toLocaleString('en')} in-scope entries: real path median ${med(real).toFixed(0)} ms [${real.map((x) => x.toFixed(0)).join(' ')}], ${Math.round(entries / (med(real) / 1000)).toLocaleString('en')} entries/s; bare items + logs median ${med(bare).toFixed(0)} ms (ratio ${(med(bare) / med(real)).toFixed(2)})`,
);
await sb.close();
rmSync(work, { recursive: true, force: true });
