// `npm run demo`: the whole app without an Autotask account or the Electron binary. Starts the built-in
// Autotask sandbox (demo tenant), the real core over a fresh demo database, runs an initial sync, and
// serves the UI on 127.0.0.1 through the browser bridge. Prints the address (with this launch's token).
//
//   npm run demo -- [--port 5170] [--data <folder>] [--no-sync]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from './demo/renderer-bundle';
import { startDemo } from './demo/demo-app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]): { port: number; dataDir?: string; sync: boolean } {
  const out: { port: number; dataDir?: string; sync: boolean } = { port: 0, sync: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--data') out.dataDir = path.resolve(argv[++i] ?? '');
    else if (a === '--no-sync') out.sync = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run demo -- [--port <port>] [--data <folder>] [--no-sync]\n');
      process.exit(0);
    } else {
      process.stderr.write(`Unknown option ${a}. Try: npm run demo -- --help\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) {
    process.stderr.write('--port must be a number from 0 to 65535 (0 = any free port).\n');
    process.exit(2);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const staticDir = await ensureRendererBuilt(root, say);
  say('Starting the Autotask sandbox (demo tenant) and the app core…');
  const demo = await startDemo({ staticDir, dataDir: args.dataDir, port: args.port, initialSync: args.sync, attentionExamples: true, readExcluded: true, version, log: say });

  process.stdout.write(`\n  Autotask Billing Sync (demo) is running.\n  Open: ${demo.url}\n\n`);
  say(`Demo database: ${demo.databaseFile}${args.dataDir ? '' : ' (temporary, removed when you stop the demo)'}`);
  say('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('Interrupted'));
  process.on('SIGTERM', () => stop('Terminated'));

  const runs = await demo.initialSync.catch((error: unknown) => {
    say(`The initial sync failed: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  for (const r of runs) {
    const c = r.counts;
    say(`  ${r.type === 'contract' ? 'Contracts' : 'Time entries'}: ${r.status} — ${c.create} created, ${c.update} updated, ${c.skip} skipped, ${c.error} errors`);
  }
  if (args.sync) say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: the dashboard is populated.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
