// Runs the given commands at the same time (two at once: the machines have two cores), prints each one's
// output as a block when it ends, and exits non-zero if any failed. `npm test` uses it for typecheck + lint,
// which are single-threaded and independent, so they need not wait for each other.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
const limit = Number(process.env.RUN_PARALLEL_JOBS ?? 2);
let next = 0;
let failed = 0;

function run(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(out).toString();
      process.stdout.write(`> ${command} (${seconds} s${code === 0 ? '' : `, failed: ${signal ?? `exit ${code}`}`})\n${text}${text && !text.endsWith('\n') ? '\n' : ''}`);
      if (code !== 0) failed += 1;
      resolve();
    });
  });
}

async function worker() {
  while (next < commands.length) await run(commands[next++]);
}

await Promise.all(Array.from({ length: Math.min(limit, commands.length) }, worker));
if (failed) {
  process.stderr.write(`${failed} of ${commands.length} commands failed.\n`);
  process.exit(1);
}
