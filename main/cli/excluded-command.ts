// `list excluded [--refresh] [--json]` (issue #15 point 3): what the sync leaves out, from the same service as
// the app's `excluded:*` channels. Without --refresh it prints the last read (no Autotask call); with nothing
// read yet it says how to read and exits 2. --refresh reads Autotask again (exit 1 when that fails as a whole).
import type { Command } from 'commander';
import { terminalSafe } from '../../shared/display-text';
import type { ExcludedReport } from '../../shared/excluded';
import { isAutotaskError } from '../autotask';
import { SyncSetupError } from '../sync/run-sync';
import { CommandFailedError, UsageError, type CliContext } from './cli-context';
import { textTable } from './query-commands';

export function excludedText(r: ExcludedReport): string {
  const timeEntries = r.timeByContract.reduce((n, t) => n + t.entries, 0);
  return [
    `Read ${r.readAt}; time dated ${r.window.from} to ${r.window.to}.`,
    '',
    `Contracts left out: ${r.contracts.length}`,
    r.contracts.length
      ? textTable(
          ['Contract', 'Name', 'Customer', 'Status', 'Reason'],
          r.contracts.map((c) => [String(c.autotaskContractId), c.contractName, c.customer ?? '', c.status, c.reason]),
          [true, false, false, false, false],
        )
      : '(none)',
    '',
    `Billable, approved time on contracts that are not synced: ${timeEntries} entries on ${r.timeByContract.length} contract(s)`,
    r.timeByContract.length
      ? textTable(
          ['Contract', 'Name', 'Customer', 'Entries', 'Hours'],
          r.timeByContract.map((t) => [String(t.autotaskContractId), t.contractName ?? '(not returned)', t.customer ?? '', String(t.entries), t.hours]),
          [true, false, false, true, true],
        )
      : '(none)',
    '',
    r.noContract.entries > 0
      ? `Warning: ${r.noContract.entries} billable, approved entries (${r.noContract.hours} h) are on no contract: nobody invoices them.`
      : 'No billable, approved time is on no contract.',
  ].join('\n');
}

export function registerExcludedCommands(program: Command, ctx: CliContext): void {
  const list = program.commands.find((c) => c.name() === 'list') ?? program.command('list').description('list synced data');
  list
    .command('excluded')
    .description('contracts the sync leaves out and billable time on no synced contract (the last read; --refresh reads Autotask)')
    .option('--refresh', 'read Autotask again and keep the result as the last read')
    .option('--json', 'print JSON')
    .action(async (o: { refresh?: boolean; json?: boolean }) => {
      const service = ctx.core().excluded;
      let report: ExcludedReport | null;
      if (o.refresh) {
        ctx.info('Reading Autotask…');
        try {
          report = await service.refresh();
        } catch (error) {
          if (error instanceof SyncSetupError) throw new UsageError(error.message);
          if (isAutotaskError(error)) throw new CommandFailedError(`Autotask could not be read: ${error.userMessage}`);
          throw error;
        }
      } else {
        report = service.get();
        if (report === null) throw new UsageError('Nothing has been read yet: run `list excluded --refresh` to read Autotask.');
      }
      if (o.json) return ctx.printJson(report);
      ctx.stdout.write(`${terminalSafe(excludedText(report))}\n`);
    });
}
