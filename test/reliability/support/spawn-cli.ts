// Starts the bundled CLI as a child process (asynchronously: the sandbox serving it lives in this
// process, so a blocking spawnSync would starve it), keeps its output as evidence, and can SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import { buildCliBundle } from './cli-bundle';
import { keepOutput } from './evidence';

export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

export async function startCli(args: string[], env: Record<string, string>, opts: { area: string; label?: string; timeoutMs?: number }): Promise<CliProcess> {
  const bundle = await buildCliBundle();
  const child = spawn(process.execPath, [bundle, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      keepOutput(opts.area, `${opts.label ?? ''} node cli.mjs ${args.join(' ')} → ${code ?? signal}`, `[stdout]\n${out}\n[stderr]\n${err}`);
      resolve({ code, signal, out, err });
    });
  });
  return { child, done };
}

export async function runCliProcess(args: string[], env: Record<string, string>, opts: { area: string; label?: string; timeoutMs?: number }) {
  return (await startCli(args, env, opts)).done;
}
