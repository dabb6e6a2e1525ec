// Run by month-boundary-tz.test.ts in a child process with TZ set (`tsx month-boundary-run.ts`): four entries
// worked just inside and just outside the previous month in the process's local time, each with Autotask's
// shape (dateWorked = the local calendar date at midnight UTC, startDateTime = the real UTC instant), synced
// from the sandbox through the CLI, then `billing preview` of the month and of the month after. Prints JSON.
import { addDays } from '../../../../shared/dates';
import { Scenario, startHarness, today } from '../../sync/support/harness';

const iso = (d: Date) => d.toISOString();
/** The UTC instant of a wall-clock time in this process's time zone. */
const localInstant = (date: string, hh: number, mm: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, hh, mm);
};

async function main(): Promise<void> {
  const thisMonthFirst = `${today().slice(0, 7)}-01`;
  const lastOfMonth = addDays(thisMonthFirst, -1);
  const month = lastOfMonth.slice(0, 7);
  const first = `${month}-01`;
  const lastOfBefore = addDays(first, -1);
  const h = await startHarness({ size: 'empty' });
  try {
    const s = new Scenario(h.sb);
    const c = s.contract(s.company('Boundary Pty Ltd'), 'PRACBILL-Boundary-Managed');
    s.line(c, s.service('Managed'));
    const entry = (name: string, date: string, hh: number, mm: number, hours: number) => {
      const start = localInstant(date, hh, mm);
      return {
        name,
        date,
        hours,
        startDateTime: iso(start),
        id: s.entry(c, date, hours, { startDateTime: iso(start), endDateTime: iso(new Date(start.getTime() + hours * 3_600_000)), summaryNotes: name }),
      };
    };
    const entries = [
      entry('first 00:30', first, 0, 30, 1.25),
      entry('last 23:30', lastOfMonth, 23, 30, 0.75),
      entry('month before, last 23:30', lastOfBefore, 23, 30, 2),
      entry('month after, first 00:30', thisMonthFirst, 0, 30, 3),
    ];
    const run = async (args: string[]) => {
      const r = await h.cli(args);
      if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`);
      return r.json;
    };
    await run(['sync', 'contracts', '--json']);
    await run(['sync', 'time', '--from', addDays(lastOfBefore, -3), '--to', today(), '--json']);
    const items = await run(['list', 'items', '--json']);
    const preview = await run(['billing', 'preview', '--period', month, '--json']);
    const after = await run(['billing', 'preview', '--period', today().slice(0, 7), '--json']);
    process.stdout.write(`${JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, month, entries, items, preview, after })}\n`);
  } finally {
    await h.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
