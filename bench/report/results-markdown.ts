// bench/RESULTS.md: the latest full run's figures as a short Markdown table (the README copies it), with
// the command and the machine it ran on.
import os from 'node:os';
import type { Figure } from './figure';
import { formatMarkdownTable } from './format-table';

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  platform: string;
  totalMemGb: number;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

export function resultsMarkdown(figures: readonly Figure[], opts: { command: string; date: Date; machine: Machine; totalSeconds: number; settings: string }): string {
  const m = opts.machine;
  const missed = figures.filter((f) => f.verdict === 'missed' || f.verdict === 'not measured');
  return [
    '# Benchmark results',
    '',
    `Command: \`${opts.command}\` — ${opts.date.toISOString().slice(0, 10)}, ${m.cores} cores (\`os.cpus().length\`), ${m.cpu}, ${m.totalMemGb} GB RAM, Node ${m.node}, ${m.platform}; the whole bench took ${Math.round(opts.totalSeconds)} s.`,
    '',
    `${opts.settings} Ratios compare figures measured in the same run; absolute times on a shared 2-core machine vary between runs. ` +
      'The same figures as one JSON document: `npm run -s bench -- --json` (`-s` keeps npm\'s banner off stdout).',
    '',
    formatMarkdownTable(figures),
    '',
    missed.length ? `Targets not met: ${missed.map((f) => `${f.label.trim()} (${f.verdict})`).join('; ')}. See the notes.` : 'Every target was met in this run.',
    '',
    '## Notes',
    '',
    ...figures.filter((f) => f.note).map((f) => `- **${f.label.trim()}** — ${f.note}`),
    '',
  ].join('\n');
}
