// `sandbox [--port P] [--seed S] [--size demo|large|empty] [--admin-token T] [--json]` (docs/product-rules.md#command-line, #sandbox): serves
// the built-in Autotask sandbox on 127.0.0.1 until SIGINT/SIGTERM. Human text goes to stderr; `--json`
// prints one JSON document with the addresses and demo credentials on stdout for scripts.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { startSandbox } from '../sandbox/index';
import type { SandboxHandle, SandboxSize } from '../sandbox/types';

export interface SandboxCommandIo {
  info(line: string): void;
  printJson(value: unknown): void;
}

export interface SandboxCommandOptions {
  port?: string;
  seed?: string;
  size?: string;
  adminToken?: string;
  json?: boolean;
}

export class SandboxUsageError extends Error {}

const SIZES: SandboxSize[] = ['demo', 'large', 'empty'];

function parseIntOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new SandboxUsageError(`--${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** Starts the sandbox, prints how to reach it, and serves until `stop` settles. */
export async function runSandboxServer(options: SandboxCommandOptions, io: SandboxCommandIo, stop: Promise<unknown>): Promise<SandboxHandle> {
  const port = parseIntOption('port', options.port, 0, 65535) ?? 0;
  const seed = parseIntOption('seed', options.seed, 0, 2 ** 31 - 1) ?? 1;
  const size = (options.size ?? 'demo') as SandboxSize;
  if (!SIZES.includes(size)) throw new SandboxUsageError(`--size must be one of ${SIZES.join(', ')}`);
  // The admin route is loopback-only; a random token keeps other local users' tools out of it.
  const adminToken = options.adminToken ?? randomBytes(16).toString('hex');
  const started = performance.now();
  const sb = await startSandbox({ port, seed, size, adminToken, host: '127.0.0.1' });
  const c = sb.credentials;
  io.info(`Autotask sandbox (${size} tenant, seed ${seed}) ready in ${Math.round(performance.now() - started)} ms`);
  io.info(`  zone lookup URL:  ${sb.zoneLookupUrl}   (client appends V1.0/zoneInformation?user=…)`);
  io.info(`  zone URL:         ${sb.zoneUrl()}`);
  io.info(`  username:         ${c.username}`);
  io.info(`  secret:           ${c.secret}   (sandbox demo value, not a real secret)`);
  io.info(`  integration code: ${c.integrationCode}`);
  io.info(`  admin route:      POST ${sb.origin}/__sandbox/<action>  header x-sandbox-token: ${adminToken}`);
  io.info('Press Ctrl+C to stop.');
  if (options.json) {
    io.printJson({
      origin: sb.origin,
      zoneLookupUrl: sb.zoneLookupUrl,
      zoneUrl: sb.zoneUrl(),
      username: c.username,
      secret: c.secret,
      integrationCode: c.integrationCode,
      adminToken,
      size,
      seed,
    });
  }
  await stop;
  await sb.close();
  io.info('Sandbox stopped.');
  return sb;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (sig: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(sig);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** Adds the `sandbox` command. `io` defaults to stderr for text and stdout for JSON. */
export function registerSandboxCommand(program: Command, io?: Partial<SandboxCommandIo>): void {
  const out: SandboxCommandIo = {
    info: io?.info ?? ((line) => void process.stderr.write(`${line}\n`)),
    printJson: io?.printJson ?? ((value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)),
  };
  program
    .command('sandbox')
    .description('run the built-in Autotask sandbox (a local imitation of the Autotask REST API) on 127.0.0.1 until stopped')
    .option('--port <port>', 'port to listen on (0 = any free port)', '0')
    .option('--seed <seed>', 'tenant seed (same seed, same data)', '1')
    .option('--size <size>', 'tenant size: demo | large | empty', 'demo')
    .option('--admin-token <token>', 'token for the loopback admin route (default: random, printed)')
    .option('--json', 'also print the addresses and demo credentials as one JSON document on stdout')
    .action(async (options: SandboxCommandOptions) => {
      try {
        await runSandboxServer(options, out, untilSignal());
      } catch (error) {
        if (error instanceof SandboxUsageError) program.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      }
    });
}
