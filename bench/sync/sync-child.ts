// Child-process entry for sync benchmarks: runs the real CLI (`main/cli.ts`, same argv) in this process and,
// when it exits, writes the process's own peak RSS to the file named by BENCH_RSS_FILE. One sync per
// process makes the peak RSS that sync's own (the sandbox serving it lives in the parent).
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
process.on('exit', (code) => {
  if (!out) return;
  const usage = process.resourceUsage();
  // maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
  writeFileSync(out, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, exitCode: code }));
});

await import('../../main/cli');
