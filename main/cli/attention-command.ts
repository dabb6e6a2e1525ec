// `list flagged [--limit N] [--json]` and `flagged ack <itemId> [--json]` (issue #16 "Needs attention"):
// the same service as the app's `attention:*` channels. JSON on stdout, human text on stderr; an
// acknowledgement of an unknown or no-longer-flagged item exits 2.
import type { Command } from 'commander';
import { terminalSafe } from '../../shared/display-text';
import type { AttentionQueue, FlaggedItem } from '../../shared/attention';
import { AttentionError, DEFAULT_LIMIT } from '../attention/attention-service';
import { parseId } from './billing-command';
import { UsageError, type CliContext } from './cli-context';
import { textTable } from './query-commands';

function parseLimit(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${value}".`);
  return n;
}

function itemTable(rows: FlaggedItem[], acknowledged: boolean): string {
  const headers = ['ID', 'Date', 'Customer', 'Contract', 'Hours', 'Amount', 'Flagged at', 'Reason', acknowledged ? 'Acknowledged' : 'Earlier ack'];
  const ack = (i: FlaggedItem) => {
    const a = acknowledged ? i.acknowledged : i.previous;
    return a ? `${a.by} ${a.at}` : '';
  };
  return textTable(
    headers,
    rows.map((i) => [String(i.itemId), i.dateWorked, i.customerName, i.contractName, i.hours, i.amount, i.flaggedAt ?? '', i.flagReason, ack(i)]),
    [true, false, false, false, true, true, false, false, false],
  );
}

export function queueText(q: AttentionQueue): string {
  const more = (shown: number, total: number) => (total > shown ? ` (showing ${shown}; --limit shows more)` : '');
  return [
    `Open flagged items: ${q.openTotal}${more(q.open.length, q.openTotal)}`,
    q.open.length ? itemTable(q.open, false) : '(none)',
    '',
    `Acknowledged: ${q.acknowledgedTotal}${more(q.acknowledged.length, q.acknowledgedTotal)}`,
    q.acknowledged.length ? itemTable(q.acknowledged, true) : '(none)',
    '',
    `Failed or partial runs: ${q.runs.length} recent, ${q.unresolvedRuns} not followed by a successful run`,
    q.runs.length
      ? textTable(
          ['Run', 'Type', 'Status', 'Started', 'Resolved', 'Reason'],
          q.runs.map((r) => [String(r.runId), r.type, r.status, r.startedAt, r.resolved ? 'yes' : 'no', r.message ?? '']),
          [true, false, false, false, false, false],
        )
      : '(none)',
  ].join('\n');
}

export function registerAttentionCommands(program: Command, ctx: CliContext): void {
  const service = () => ctx.core().attention; // the handlers' own service object
  const list = program.commands.find((c) => c.name() === 'list') ?? program.command('list').description('list synced data');
  list
    .command('flagged')
    .description('needs attention: open and acknowledged flagged items, failed and partial runs')
    .option('--limit <n>', 'rows per list (1–1000)', String(DEFAULT_LIMIT))
    .option('--json', 'print JSON')
    .action((o: { limit: string; json?: boolean }) => {
      const q = service().queue(parseLimit(o.limit));
      if (o.json) return ctx.printJson(q);
      ctx.stdout.write(`${terminalSafe(queueText(q))}\n`);
    });

  program
    .command('flagged')
    .description('act on flagged items')
    .command('ack <itemId>')
    .description("acknowledge an item's current flag as the OS user (kept; `list flagged` gives the ids)")
    .option('--json', 'print { item, recorded, message } as JSON')
    .action((itemId: string, o: { json?: boolean }) => {
      let result;
      try {
        result = service().acknowledge(parseId('itemId', itemId));
      } catch (error) {
        if (error instanceof AttentionError) throw new UsageError(error.message);
        throw error;
      }
      ctx.info(result.message);
      if (o.json) ctx.printJson(result);
    });
}
