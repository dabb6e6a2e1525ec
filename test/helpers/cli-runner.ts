// The CLI in-process (`runCli` of main/cli/program.ts) with captured stdout/stderr: the one runner every
// CLI test uses. `env` is the whole environment the CLI sees (nothing is inherited from the test process).
import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/program';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The environment of a CLI test that must never touch the real OS keychain. */
export const MEMORY_SECRETS = { AUTOTASK_SECRET_STORE: 'memory' } as const;

export async function runCliCaptured(args: string[], env: Record<string, string | undefined> = MEMORY_SECRETS): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { env, stdout, stderr });
  return { code, out, err };
}

/** stdout parsed as the one JSON document `--json` promises; undefined when empty or not JSON. */
export function jsonOf(out: string): any {
  if (!out.trim()) return undefined;
  try {
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}
