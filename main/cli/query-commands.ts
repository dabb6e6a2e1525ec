import { clipForDisplay, terminalSafe } from '../../shared/display-text';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { LOG_STATUSES, SYNC_TYPES, type LogFilter, type LogRow, type LogStatus, type SyncType } from '../../shared/domain';
import { isoDate } from '../api/validators';
import { UsageError, type CliContext } from './cli-context';

// docs/product-rules.md#command-line read commands: `status`, `logs`, `export logs`, `list customers|services|items`. With --json each
// prints exactly one JSON document on stdout; without, a readable table. Bad arguments exit 2.

/** A log row as the CLI prints it (docs/product-rules.md#command-line keys, details parsed). */
export function cliLogRow(r: LogRow) {
  return {
    id: r.id,
    runId: r.runId,
    syncType: r.syncType,
    operation: r.operation,
    status: r.status,
    message: r.message,
    durationMs: r.durationMs,
    details: r.details,
    createdAt: r.createdAt,
  };
}

interface FilterOptions {
  type?: string;
  status?: string;
  from?: string;
  to?: string;
  run?: string;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

function date(name: string, value: string): string {
  const r = isoDate.safeParse(value);
  if (!r.success) throw new UsageError(`--${name} must be a calendar date like 2026-11-24, got "${value}".`);
  return r.data;
}

/** Turns the filter options into a LogFilter, or throws a UsageError that says what is wrong. */
export function parseLogFilter(o: FilterOptions): LogFilter {
  const f: LogFilter = {};
  if (o.type !== undefined) {
    if (!(SYNC_TYPES as readonly string[]).includes(o.type)) throw new UsageError(`--type must be one of ${SYNC_TYPES.join(', ')}, got "${o.type}".`);
    f.type = o.type as SyncType;
  }
  if (o.status !== undefined) {
    if (!(LOG_STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`--status must be one of ${LOG_STATUSES.join(', ')}, got "${o.status}".`);
    f.status = o.status as LogStatus;
  }
  if (o.from !== undefined) f.from = date('from', o.from);
  if (o.to !== undefined) f.to = date('to', o.to);
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from (${f.from}) must not be after --to (${f.to}).`);
  if (o.run !== undefined) f.runId = wholeNumber('run', o.run, 1, Number.MAX_SAFE_INTEGER);
  return f;
}

function withFilterOptions(cmd: Command): Command {
  return cmd
    .option('--type <type>', `sync type: ${SYNC_TYPES.join(', ')}`)
    .option('--status <status>', `status: ${LOG_STATUSES.join(', ')}`)
    .option('--from <date>', 'first local calendar date, YYYY-MM-DD (inclusive)')
    .option('--to <date>', 'last local calendar date, YYYY-MM-DD (inclusive)')
    .option('--run <id>', 'only the rows of one run');
}

// ---- plain-text tables --------------------------------------------------------------------------------

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Widest table cell; a 3,000,000-character company name must not become a 3 MB line. */
export const MAX_CELL_CHARS = 120;

/** Aligned columns; `right` marks numeric columns. */
export function textTable(headers: string[], rows: string[][], right: boolean[] = []): string {
  // Cells come from Autotask: printable, one line, bounded (the full text is in --json), issue #17.
  rows = rows.map((r) => r.map((c) => clipForDisplay(c, MAX_CELL_CHARS)));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function logTable(rows: LogRow[]): string {
  return textTable(
    ['ID', 'Created At', 'Type', 'Operation', 'Status', 'ms', 'Message'],
    rows.map((r) => [String(r.id), r.createdAt, r.syncType, r.operation, r.status, String(r.durationMs), oneLine(r.message, 80)]),
    [true, false, false, false, false, true, false],
  );
}

/** A JSON array written element by element (same layout as printJson), waiting when stdout is full. */
async function writeJsonArray(out: Writable, items: Iterable<unknown>): Promise<void> {
  let first = true;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  for (const item of items) {
    const json = JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
    await write(`${first ? '[\n' : ',\n'}  ${json}`);
    first = false;
  }
  await write(first ? '[]\n' : '\n]\n');
}

// ---- commands -----------------------------------------------------------------------------------------

export function registerQueryCommands(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('dashboard figures: last sync, runs, breakdown by sync type, recent activity')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { handlers, reads } = ctx.core();
      const d = await handlers['dashboard:get'](undefined);
      const recent = reads.withDetails(d.recent).map(cliLogRow);
      if (o.json) {
        ctx.printJson({ lastSyncAt: d.lastSyncAt, totalSyncs: d.totalSyncs, successful: d.successful + d.partial, failed: d.failed, breakdown: d.breakdown, recent });
        return;
      }
      const lines = [
        `Last sync:   ${d.lastSyncAt ?? 'Never'}`,
        `Total syncs: ${d.totalSyncs}   Successful: ${d.successful + d.partial}   Failed: ${d.failed}`,
        '',
        textTable(
          ['Sync Type', 'Success', 'Error', 'Warning', 'Total'],
          d.breakdown.map((b) => [b.type, String(b.success), String(b.error), String(b.warning), String(b.total)]),
          [false, true, true, true, true],
        ),
        '',
        'Recent activity:',
        d.recent.length ? logTable(d.recent) : '(no log rows yet)',
      ];
      ctx.stdout.write(`${terminalSafe(lines.join('\n'))}\n`);
    });

  withFilterOptions(program.command('logs').description('log rows, newest first, filtered and paginated'))
    .option('--page <n>', 'page number (from 1)', '1')
    .option('--per-page <n>', 'rows per page (1–500)', '25')
    .option('--json', 'print JSON')
    .action(async (o: FilterOptions & { page: string; perPage: string; json?: boolean }) => {
      const filter = parseLogFilter(o);
      const page = wholeNumber('page', o.page, 1, 1_000_000);
      const perPage = wholeNumber('per-page', o.perPage, 1, 500);
      const { handlers, reads } = ctx.core();
      const result = await handlers['logs:list']({ ...filter, page, perPage });
      if (o.json) {
        ctx.printJson({ total: result.total, page: result.page, perPage: result.perPage, rows: reads.withDetails(result.rows).map(cliLogRow) });
        return;
      }
      ctx.stdout.write(`${logTable(result.rows)}\nPage ${result.page} of ${result.pageCount} (${result.total} log rows)\n`);
    });

  const exportCmd = program.command('export').description('export data to files');
  withFilterOptions(exportCmd.command('logs').description('write the filtered log rows as CSV (docs/product-rules.md#log-csv columns)'))
    .requiredOption('--out <file>', 'CSV file to write (replaced atomically)')
    .option('--json', 'print { path, rows } as JSON')
    .action(async (o: FilterOptions & { out: string; json?: boolean }) => {
      const filter = parseLogFilter(o);
      const result = await ctx.core().reads.exportLogs(filter, ctx.userPath(o.out));
      ctx.info(`Exported ${result.rows} log row${result.rows === 1 ? '' : 's'} to ${result.path}`);
      if (o.json) ctx.printJson(result);
    });

  const list = program.command('list').description('list synced data');
  list
    .command('customers')
    .description('every customer')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = ctx.core().reads.everyCustomer();
      if (o.json) return writeJsonArray(ctx.stdout, rows);
      const all = [...rows];
      ctx.stdout.write(
        `${textTable(
          ['ID', 'Name', 'Autotask ID', 'Number', 'City', 'Services'],
          all.map((c) => [String(c.id), c.name, String(c.autotaskCompanyId), c.companyNumber ?? '', c.city ?? '', String(c.serviceCount)]),
          [true, false, true, false, false, true],
        )}\n${all.length} customer${all.length === 1 ? '' : 's'}\n`,
      );
    });
  list
    .command('services')
    .description('every engineering service (contract service line)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = ctx.core().reads.everyService();
      if (o.json) {
        return writeJsonArray(
          ctx.stdout,
          (function* () {
            for (const s of rows) {
              yield {
                id: s.id,
                customerId: s.customerId,
                autotaskContractId: s.autotaskContractId,
                autotaskContractServiceId: s.autotaskContractServiceId,
                contractName: s.contractName,
                serviceName: s.serviceName,
                unitPrice: s.unitPrice,
                invoiceDescription: s.invoiceDescription,
                serviceNum: s.serviceNum,
                startDate: s.startDate,
                endDate: s.endDate,
                ended: s.ended,
              };
            }
          })(),
        );
      }
      const all = [...rows];
      ctx.stdout.write(
        `${textTable(
          ['ID', 'Customer', 'Contract', 'Service', 'Unit Price', 'Service #', 'Start', 'End', 'Ended'],
          all.map((s) => [
            String(s.id),
            oneLine(s.customerName, 30),
            oneLine(s.contractName, 30),
            oneLine(s.serviceName, 30),
            s.unitPrice,
            s.serviceNum ?? '',
            s.startDate ?? '',
            s.endDate ?? '',
            s.ended ? 'yes' : '',
          ]),
          [true, false, false, false, true, false, false, false, false],
        )}\n${all.length} service${all.length === 1 ? '' : 's'}\n`,
      );
    });
  list
    .command('items')
    .description('every engineering item (billable time entry)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = ctx.core().reads.everyItem();
      if (o.json) {
        return writeJsonArray(
          ctx.stdout,
          (function* () {
            for (const i of rows) {
              yield {
                id: i.id,
                serviceId: i.serviceId,
                autotaskTimeEntryId: i.autotaskTimeEntryId,
                dateWorked: i.dateWorked,
                hours: i.hours,
                rate: i.rate,
                amount: i.amount,
                flagged: i.flagged,
                flagReason: i.flagReason,
              };
            }
          })(),
        );
      }
      let count = 0;
      const table: string[][] = [];
      for (const i of rows) {
        count++;
        table.push([
          String(i.id),
          i.dateWorked,
          oneLine(i.serviceName, 30),
          i.hours,
          i.rate,
          i.amount,
          String(i.autotaskTimeEntryId),
          i.flagged ? `flagged: ${oneLine(i.flagReason ?? '', 40)}` : '',
        ]);
      }
      ctx.stdout.write(
        `${textTable(['ID', 'Date', 'Service', 'Hours', 'Rate', 'Amount', 'Time Entry', 'Flag'], table, [true, false, false, true, true, true, true, false])}\n${count} item${count === 1 ? '' : 's'}\n`,
      );
    });
}
