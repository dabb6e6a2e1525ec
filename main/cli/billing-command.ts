// `billing preview | hold | close | reopen | export | runs` (docs/product-rules.md#billing-commands). With --json exactly one JSON
// document on stdout; human text on stderr (the preview's table goes to stdout without --json). Refusals
// (already closed, month before not closed, month not ended, a missing export setting…) exit 2.
import type { Command } from 'commander';
import { terminalSafe } from '../../shared/display-text';
import { BILLING_EXPORT_FORMATS, type BillingExportFormat } from '../../shared/settings';
import type { BillingPreviewJson } from '../../shared/billing';
import { period as periodSchema } from '../api/validators';
import { BillingRefusal } from '../billing/billing-refusal';
import { saveExportFiles } from '../billing/export-files';
import type { BillingLedger } from '../billing/ledger';
import { ApiError } from '../api/api-error';
import { UsageError, type CliContext } from './cli-context';
import { textTable } from './query-commands';

function parsePeriod(value: string): string {
  const r = periodSchema.safeParse(value);
  if (!r.success) throw new UsageError(`--period ${r.error.issues[0]?.message ?? 'must be a month like 2026-11'} (got "${value}").`);
  return r.data;
}

export function parseId(option: string, value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} must be a positive whole number (an id from \`list\`), got "${value}".`);
  return n;
}

/** Runs a billing handler or ledger action; its refusals become usage errors (exit 2). */
async function refusing<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BillingRefusal) throw new UsageError(error.message);
    // The billing handlers' form of the same refusal (billing-handlers.ts): the ledger's message, as it is.
    if (error instanceof ApiError && error.code === 'invalid-argument') throw new UsageError(error.message);
    throw error;
  }
}

/** The preview as a bookkeeper reads it: per customer its lines and total, then what was left out and why. */
export function previewText(p: BillingPreviewJson): string {
  const out: string[] = [];
  out.push(`Billing ${p.period.month} (${p.period.from} … ${p.period.to}) — ${p.state}${p.runId !== null ? `, run ${p.runId}` : ''} — ${p.currency}`);
  if (p.state === 'open') out.push(p.closable.ok ? 'Can be closed now.' : `Cannot be closed now: ${p.closable.reason ?? ''}`);
  out.push('');
  if (!p.invoices.length) out.push('No invoices for this month.');
  for (const inv of p.invoices) {
    out.push(
      `${inv.invoiceNumber ?? '(not numbered)'}  ${inv.customer}${inv.accountingName !== inv.customer ? ` [${inv.accountingName}]` : ''}${inv.held ? '  (customer on hold)' : ''}  total ${inv.total}`,
    );
    out.push(
      textTable(
        ['Kind', 'Date', 'Description', 'Qty', 'Unit price', 'Amount', 'Late'],
        inv.lines.map((l) => [l.kind, l.dateTo ? `${l.date}…${l.dateTo}` : l.date, l.description, l.quantity, l.unitPrice, l.amount, l.late ? 'late' : '']),
        [false, false, false, true, true, true, false],
      ),
    );
    out.push('');
  }
  out.push(`Total: ${p.total} ${p.currency} (${p.invoices.length} invoice${p.invoices.length === 1 ? '' : 's'})`);
  if (p.excluded.length) {
    out.push('', `Left out (${p.excluded.length}):`);
    out.push(
      textTable(
        ['Customer', 'Kind', 'Date', 'Description', 'Amount', 'Reason'],
        p.excluded.map((e) => [e.customer, e.kind, e.date, e.description, e.amount, e.reasonText || e.reason]),
        [false, false, false, false, true, false],
      ),
    );
  }
  return terminalSafe(out.join('\n'));
}

export function registerBillingCommands(program: Command, ctx: CliContext, ledgerFor: (ctx: CliContext) => BillingLedger = defaultLedger): void {
  const billing = program.command('billing').description('a month’s invoices: preview, hold, close, reopen, export, runs (docs/product-rules.md#billing)');

  billing
    .command('preview')
    .description('what each customer will be billed for a month, and what is left out and why')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--json', 'print JSON')
    .action(async (o: { period: string; json?: boolean }) => {
      const period = parsePeriod(o.period);
      const p = await refusing(() => handlers(ctx)['billing:preview']({ period }));
      if (o.json) return ctx.printJson(p);
      ctx.stdout.write(`${previewText(p)}\n`);
    });

  billing
    .command('hold')
    .description('keep an item or a customer out of every close until released (or --release it)')
    .option('--item <id>', 'engineering item id (`list items`)')
    .option('--customer <id>', 'customer id (`list customers`)')
    .option('--note <text>', 'why (kept with the hold)')
    .option('--release', 'release the hold instead')
    .option('--json', 'print JSON')
    .action(async (o: { item?: string; customer?: string; note?: string; release?: boolean; json?: boolean }) => {
      if ((o.item === undefined) === (o.customer === undefined)) throw new UsageError('Name exactly one of --item <id> or --customer <id>.');
      if (o.note !== undefined && o.note.length > 500) throw new UsageError('--note can be at most 500 characters.');
      const request = {
        ...(o.item !== undefined ? { itemId: parseId('--item', o.item) } : { customerId: parseId('--customer', o.customer!) }),
        ...(o.note !== undefined ? { note: o.note } : {}),
        release: o.release === true,
      };
      const r = await refusing(() => handlers(ctx)['billing:hold'](request));
      ctx.info(r.message);
      if (o.json) ctx.printJson(r);
    });

  billing
    .command('release-posted')
    .description('bill an item here although Autotask has posted it (or --undo that)')
    .requiredOption('--item <id>', 'engineering item id (`list items`)')
    .option('--note <text>', 'why')
    .option('--undo', 'take the release back')
    .option('--json', 'print JSON')
    .action(async (o: { item: string; note?: string; undo?: boolean; json?: boolean }) => {
      const r = await refusing(() => handlers(ctx)['billing:release-posted']({ itemId: parseId('--item', o.item), release: !o.undo, ...(o.note ? { note: o.note } : {}) }));
      ctx.info(r.message);
      if (o.json) ctx.printJson(r);
    });

  billing
    .command('close')
    .description('lock a month into a billing run with numbered invoices')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--json', 'print JSON')
    .action(async (o: { period: string; json?: boolean }) => {
      const period = parsePeriod(o.period);
      const r = await refusing(() => handlers(ctx)['billing:close']({ period }));
      const range = r.invoices.length ? ` (${r.invoices[0]!.invoiceNumber} … ${r.invoices[r.invoices.length - 1]!.invoiceNumber})` : '';
      ctx.info(`Closed ${period} as run ${r.runId}: ${r.invoices.length} invoice${r.invoices.length === 1 ? '' : 's'}${range}, total ${r.total}.`);
      if (o.json) ctx.printJson(r);
    });

  billing
    .command('reopen')
    .description('reopen the most recent closed month (its invoice numbers are retired)')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--json', 'print JSON')
    .action(async (o: { period: string; json?: boolean }) => {
      const period = parsePeriod(o.period);
      const r = await refusing(() => ledgerFor(ctx).reopen(period));
      ctx.info(r.message);
      if (o.json) ctx.printJson(r);
    });

  billing
    .command('export')
    .description('write a closed month (or with --draft the open preview) for an accounting package')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .requiredOption('--format <format>', `one of ${BILLING_EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'file to write (a split export adds -1, -2… before the extension)')
    .option('--draft', 'export the open month’s preview with DRAFT numbers')
    .option('--json', 'print JSON')
    .action(async (o: { period: string; format: string; out: string; draft?: boolean; json?: boolean }) => {
      const period = parsePeriod(o.period);
      if (!(BILLING_EXPORT_FORMATS as readonly string[]).includes(o.format)) {
        throw new UsageError(`--format must be one of ${BILLING_EXPORT_FORMATS.join(', ')}, got "${o.format}".`);
      }
      const format = o.format as BillingExportFormat;
      const ledger = ledgerFor(ctx);
      const exported = await refusing(() => ledger.exportMonth(period, format, o.draft === true));
      const saved = await saveExportFiles(ctx.userPath(o.out), exported.files, ctx.databaseFile());
      ledger.recordExport(
        exported,
        saved.map((s, i) => ({ file: s.fileName, sha256: exported.files[i]!.sha256 })),
      );
      for (const [i, s] of saved.entries()) {
        const f = exported.files[i]!;
        ctx.info(`Wrote ${s.path} (${f.invoices} invoice${f.invoices === 1 ? '' : 's'}, ${f.rows} row${f.rows === 1 ? '' : 's'}, sha256 ${f.sha256})`);
      }
      if (exported.draft) ctx.info('This is a draft: the invoice numbers are placeholders (DRAFT-0001…); close the month for real numbers.');
      for (const l of exported.leftOut) ctx.info(`Left out of the ${format} file, enter by hand: ${l.invoiceNumber} ${l.customer} ${l.total} — ${l.reason}`);
      if (o.json) {
        ctx.printJson({
          period,
          format,
          draft: exported.draft,
          runId: exported.runId,
          files: saved.map((s, i) => ({
            fileName: s.fileName,
            path: s.path,
            sha256: exported.files[i]!.sha256,
            invoices: exported.files[i]!.invoices,
            rows: exported.files[i]!.rows,
          })),
          leftOut: exported.leftOut,
        });
      }
    });

  billing
    .command('runs')
    .description('closed months (billing runs) with their exports')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const runs = await refusing(() => handlers(ctx)['billing:runs'](undefined));
      if (o.json) return ctx.printJson(runs);
      ctx.stdout.write(
        `${textTable(
          ['Run', 'Period', 'Closed at', 'Reopened at', 'Invoices', 'Total', 'Exports'],
          runs.map((r) => [String(r.runId), r.period, r.closedAt, r.reopenedAt ?? '', String(r.invoices), r.total, String(r.exports.length)]),
          [true, false, false, false, true, true, true],
        )}\n`,
      );
    });
}

/**
 * The billing commands go through the UI's billing handlers (one path, issue #13). Two stay on the ledger the
 * handlers wrap: `reopen`, whose JSON prints the ledger's whole answer (run id, retired numbers) where the
 * handler answers { ok, message }, and `export`, which writes to the --out path rather than the transport's save
 * dialog or download (the handler's file sink), then records the export the same way the handler does.
 */
function handlers(ctx: CliContext) {
  return ctx.core().handlers;
}

function defaultLedger(ctx: CliContext): BillingLedger {
  return ctx.billing();
}
