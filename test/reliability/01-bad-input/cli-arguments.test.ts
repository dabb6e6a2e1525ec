// Bad input, target "CLI arguments": runCli in-process with generated argv. Exit codes only 0/1/2, no
// rejected promise (an uncaught exception in the real CLI), no stack trace on stderr, and a refused
// command writes nothing. Every run points --db (last, so it wins) at a temp database and has no
// credentials (in-memory keychain, no AUTOTASK_* variables), so nothing talks to a network.
// The `sandbox` command is left out: it serves until killed, by design.
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { addCommands } from '../../../main/cli/program';
import { registerTestConnectionCommand } from '../../../main/cli/test-connection-command';
import { SETTING_KEYS } from '../../../shared/settings';
import { makeTempDir } from '../../helpers/temp-dir';
import { hugeText, NUM_RUNS, oddDate, POLLUTION_KEYS, STACK_TRACE, unicodeText } from '../support/arbitraries';
import { recordFigure } from '../support/figures';
import { runCliCaptured } from '../support/run-cli';

addCommands(registerTestConnectionCommand);

const WORDS = [
  'config',
  'set',
  'get',
  'sync',
  'contracts',
  'time',
  'all',
  'test-connection',
  'db',
  'check',
  'restore',
  'help',
  '--json',
  '--help',
  '-h',
  '--version',
  '-V',
  '--dry-run',
  '--end-expired',
  '--allow-mass-change',
  '--full',
  '--from',
  '--to',
  '--force',
  '--',
  '-',
  '--from=2026-01-01',
  '--to=',
  '--json=false',
  '-x',
  '--no-json',
];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...SETTING_KEYS) },
  { weight: 3, arbitrary: unicodeText },
  { weight: 2, arbitrary: oddDate },
  { weight: 1, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: hugeText.map((s) => s.slice(0, 100_000)) },
);

// Realistic shapes (a command, then options and values) mixed with pure noise.
const argvArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          ['config', 'set'],
          ['config', 'get'],
          ['sync', 'time'],
          ['sync', 'contracts'],
          ['sync', 'all'],
          ['test-connection'],
          ['db', 'check'],
          ['db', 'restore'],
          ['sync'],
        ),
        fc.array(token, { maxLength: 5 }),
      )
      .map(([cmd, rest]) => [...cmd, ...rest]),
  },
  { weight: 1, arbitrary: fc.array(token, { maxLength: 6 }) },
);

function settingsSnapshot(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify(db.prepare('SELECT key, value FROM settings ORDER BY key').all());
  } finally {
    db.close();
  }
}

describe('bad input: CLI arguments', () => {
  const tmp = makeTempDir('abs-rel-cli-');
  const dbFile = path.join(tmp.dir, 'billing.db');
  const env = { AUTOTASK_SECRET_STORE: 'memory', AUTOTASK_BILLING_SYNC_HOME: tmp.dir, AUTOTASK_BILLING_DB: dbFile };
  afterAll(() => tmp.cleanup());

  it(`exits 0/1/2 without a stack trace for ${NUM_RUNS.toLocaleString('en-US')} generated command lines`, async () => {
    expect((await runCliCaptured(['config', 'get', '--db', dbFile], env)).code).toBe(0); // creates + migrates
    const failures: { argv: string; problem: string }[] = [];
    const exits: Record<string, number> = {};
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        cases++;
        const shown = JSON.stringify(argv.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…(${a.length})` : a)));
        const fail = (problem: string) => failures.push({ argv: shown, problem });
        const before = settingsSnapshot(dbFile);
        let run;
        try {
          run = await runCliCaptured([...argv, '--db', dbFile], env);
        } catch (error) {
          fail(`runCli rejected: ${(error as Error)?.message}`);
          return;
        }
        exits[run.code] = (exits[run.code] ?? 0) + 1;
        if (![0, 1, 2].includes(run.code)) fail(`exit code ${run.code}`);
        if (STACK_TRACE.test(run.err)) fail(`stack trace on stderr: ${run.err.slice(0, 300)}`);
        if (run.code !== 0 && run.err.trim() === '') fail('failed without saying why on stderr');
        if (run.code !== 0 && settingsSnapshot(dbFile) !== before) fail('refused but settings changed');
      }),
      { numRuns: NUM_RUNS, seed: 10_003 },
    );
    recordFigure(
      'bad input',
      'CLI arguments: cases',
      cases,
      Object.entries(exits)
        .map(([k, v]) => `exit ${k}: ${v}`)
        .join(', '),
    );
    recordFigure('bad input', 'CLI arguments: crashes', failures.length);
    expect(cases).toBeGreaterThanOrEqual(NUM_RUNS);
    const distinct = [...new Map(failures.map((f) => [f.problem.slice(0, 50), f])).values()];
    expect(distinct.slice(0, 10)).toEqual([]);
  });
});
