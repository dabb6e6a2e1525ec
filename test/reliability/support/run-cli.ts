// runCli in-process with captured streams, as the CLI tests do.
import { PassThrough } from 'node:stream';
import { runCli } from '../../../main/cli/program';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCliCaptured(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { env, stdout, stderr });
  return { code, out, err };
}
