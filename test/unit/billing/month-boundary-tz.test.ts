// SPEC §5.2 boundary "an entry on the 1st at 00:30 local time", through the sync's date mapping: Autotask's
// dateWorked is a date-only field (the local calendar date, sent as midnight UTC) while startDateTime is the
// real UTC instant (reference/autotask-api.md: date-times in UTC; date-only fields keep their date part).
// Under a non-UTC process time zone, entries at 00:30 on the 1st and 23:30 on the last day land in their own
// month even though their startDateTime falls on another UTC day (Sydney: the 1st at 00:30 is 13:30 UTC on
// the day before; New York: the last day at 23:30 is 04:30 UTC on the next month's 1st), and midnight-UTC
// dateWorked is never shifted into the evening before (New York). Each zone runs in a child process
// (support/month-boundary-run.ts): sandbox, `sync contracts`, `sync time`, `list items`, `billing preview`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = path.join(root, 'test', 'unit', 'billing', 'support', 'month-boundary-run.ts');

interface Line {
  kind: string;
  date: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  late: boolean;
  source: { timeEntryId?: number };
}
interface Preview {
  period: { month: string };
  invoices: Array<{ lines: Line[] }>;
  excluded: Array<{ kind: string; date: string; description: string; reason: string }>;
}
interface Run {
  tz: string;
  month: string;
  entries: Array<{ name: string; date: string; hours: number; startDateTime: string; id: number }>;
  items: Array<{ autotaskTimeEntryId: number; dateWorked: string }>;
  preview: Preview;
  after: Preview;
}

function runIn(tz: string): Run {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], {
    cwd: root,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 90_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim()) as Run;
}

const timeLines = (p: Preview) => p.invoices.flatMap((i) => i.lines).filter((l) => l.kind === 'time');
const byName = (run: Run, name: string) => run.entries.find((e) => e.name === name)!;

describe.each(['America/New_York', 'Australia/Sydney'])('entries at the edges of a month, TZ=%s', (tz) => {
  it('the 1st at 00:30 and the last day at 23:30 local are billed in that month; the neighbours’ edges are not', () => {
    const run = runIn(tz);
    expect(run.tz).toBe(tz);
    const first = byName(run, 'first 00:30');
    const last = byName(run, 'last 23:30');
    const before = byName(run, 'month before, last 23:30');
    const after = byName(run, 'month after, first 00:30');
    // The trap is real in this zone: at least one edge entry's UTC day differs from its local date.
    expect(run.entries.some((e) => e.startDateTime.slice(0, 10) !== e.date)).toBe(true);
    // The synced item keeps the local calendar date of every entry.
    expect(Object.fromEntries(run.items.map((i) => [i.autotaskTimeEntryId, i.dateWorked]))).toEqual(Object.fromEntries(run.entries.map((e) => [e.id, e.date])));
    // The month's preview: exactly its two edge entries as time lines, with their own dates.
    const lines = timeLines(run.preview);
    expect(lines.map((l) => [l.source.timeEntryId, l.date, l.quantity, l.late])).toEqual([
      [first.id, `${run.month}-01`, '1.25', false],
      [last.id, last.date, '0.75', false],
    ]);
    for (const l of lines) expect(Number(l.amount)).toBeCloseTo(Number(l.quantity) * Number(l.unitPrice), 2);
    expect(last.date.slice(0, 7)).toBe(run.month);
    // The last day of the month before is not this month's line (before billing started, listed as such).
    expect(run.preview.excluded.filter((e) => e.kind === 'time').map((e) => [e.date, e.reason])).toEqual([[before.date, 'before-billing-started']]);
    // The next month's 1st at 00:30 is the next month's line, and only there.
    expect(timeLines(run.after).map((l) => [l.source.timeEntryId, l.date])).toEqual([[after.id, after.date]]);
    expect(after.date.slice(0, 7)).not.toBe(run.month);
  }, 120_000);
});
