// Runs one CLI sync (`sync all|contracts|time --json`) in a child process against a sandbox and returns its
// JSON result, wall time and peak RSS. The child gets the sandbox credentials through the environment
// (AUTOTASK_SECRET_STORE=memory), never on the command line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxHandle } from '../../main/sandbox';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
const CHILD = path.join(HERE, 'sync-child.ts');

export interface CliSyncResult {
  exitCode: number;
  /** The parsed `--json` document (null when stdout was not JSON). */
  json: unknown;
  /** Spawn to exit, including Node + tsx start-up. */
  wallMs: number;
  maxRssMb: number | null;
  cpuMs: number | null;
  stderrTail: string;
}

export interface CliSyncOptions {
  sandbox: SandboxHandle;
  dbFile: string;
  /** e.g. ['sync', 'all'] — `--json` and `--db` are added. */
  args: string[];
  timeoutMs: number;
  /** Extra environment (e.g. TZ). */
  env?: Record<string, string>;
  onStderr?: (line: string) => void;
}

export function sandboxEnv(sb: SandboxHandle): Record<string, string> {
  return {
    AUTOTASK_USERNAME: sb.credentials.username,
    AUTOTASK_SECRET: sb.credentials.secret,
    AUTOTASK_INTEGRATION_CODE: sb.credentials.integrationCode,
    AUTOTASK_ZONE_LOOKUP_URL: sb.zoneLookupUrl,
    AUTOTASK_SECRET_STORE: 'memory',
  };
}

export async function runCliSync(opts: CliSyncOptions): Promise<CliSyncResult> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-rss-'));
  const rssFile = path.join(scratch, 'rss.json');
  const started = performance.now();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...opts.args, '--json', '--db', opts.dbFile], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...sandboxEnv(opts.sandbox), ...opts.env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr = (stderr + s).slice(-8000);
      partial += s;
      const lines = partial.split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) opts.onStderr?.(l);
    });
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`"${opts.args.join(' ')}" did not finish within ${Math.round(opts.timeoutMs / 1000)} s`));
      }, opts.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code ?? 1);
      });
    });
    const wallMs = performance.now() - started;
    let json: unknown = null;
    try {
      json = JSON.parse(stdout);
    } catch {
      json = null;
    }
    let maxRssMb: number | null = null;
    let cpuMs: number | null = null;
    try {
      const r = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number; userMs: number; systemMs: number };
      maxRssMb = r.maxRssKb / 1024;
      cpuMs = r.userMs + r.systemMs;
    } catch {
      /* the child died before its exit hook ran */
    }
    return { exitCode, json, wallMs, maxRssMb, cpuMs, stderrTail: stderr.slice(-2000) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
