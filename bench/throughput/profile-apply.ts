// The local write path alone, for profiling (issue 15 point 4): a `large` sandbox tenant, `sync contracts`
// through the CLI into a scratch database, then the real path (parse + plan + apply, apply-rate.ts) over
// the in-scope pages, with the V8 CPU profiler (the one `node --cpu-prof` uses) running only around it.
//
//   npx tsx bench/throughput/profile-apply.ts [--entries 200000] [--profile out.cpuprofile] [--top 15] [--all]
//
// --all feeds every full-mode record (the read before issue 15) instead of the in-scope ones only.
//
// Prints entries/s and, with --profile, the top functions by self time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, toLocalDate } from '../../shared/dates';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { startSandbox } from '../../main/sandbox';
import { runCliSync } from '../sync/cli-sync';
import { measureApplyRate } from './apply-rate';
import { topSelfTime, type CpuProfile } from './profile-top';

const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const entries = Number(value('entries') ?? 200_000);
const profileFile = value('profile');
const top = Number(value('top') ?? 15);
const allEntries = argv.includes('--all');

const work = mkdtempSync(path.join(tmpdir(), 'profile-apply-'));
const sb = await startSandbox({ size: 'large', seed: 1, latencyScale: 0, hourlyLimit: 1_000_000, tenantSpec: { timeEntries: entries } });
try {
  const today = toLocalDate(new Date());
  const window = { from: addDays(today, -DEFAULT_SETTINGS.timeWindowDays), to: today };
  const contractsDb = path.join(work, 'contracts.db');
  const c = await runCliSync({ sandbox: sb, dbFile: contractsDb, args: ['sync', 'contracts'], timeoutMs: 180_000 });
  if (c.exitCode !== 0) throw new Error(`sync contracts failed: ${c.stderrTail}`);
  const session = new Session();
  let profile: CpuProfile | null = null;
  const result = measureApplyRate({
    control: sb.control,
    contractsDb,
    workDir: work,
    ...window,
    rate: DEFAULT_SETTINGS.hourlyRate,
    allEntries,
    around: profileFile
      ? {
          before: async () => {
            session.connect();
            await session.post('Profiler.enable');
            await session.post('Profiler.setSamplingInterval', { interval: 200 });
            await session.post('Profiler.start');
          },
          after: async () => {
            profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
            session.disconnect();
          },
        }
      : undefined,
  });
  const r = await result;
  process.stdout.write(
    `${r.entries.toLocaleString('en')} ${allEntries ? 'full-mode' : 'in-scope'} entries (${r.real.rows.toLocaleString('en')} items, ${r.logRows.toLocaleString('en')} log rows) in ${(r.real.ms / 1000).toFixed(2)} s: ` +
      `${Math.round(r.entries / (r.real.ms / 1000)).toLocaleString('en')} entries/s; bare items + logs ${(r.bareWithLogs.ms / 1000).toFixed(2)} s ` +
      `(${Math.round(r.entries / (r.bareWithLogs.ms / 1000)).toLocaleString('en')} entries/s)\n`,
  );
  if (profileFile && profile) {
    writeFileSync(profileFile, JSON.stringify(profile));
    process.stdout.write(`profile: ${profileFile}\n`);
    for (const line of topSelfTime(profile, top)) process.stdout.write(`${line}\n`);
  }
} finally {
  await sb.close();
  rmSync(work, { recursive: true, force: true });
}
