// `sync contracts | time | all` (SPEC §3). Exactly one JSON document on stdout with --json; progress and
// human text on stderr. Exit 0 when the run completed (also `partial`), 1 when it failed as a whole,
// 2 for bad usage or settings (bad dates, missing credentials or zone address).
import type { Command } from 'commander';
import { toLocalDate } from '../../shared/dates';
import type { SyncProgress } from '../../shared/domain';
import { CommandFailedError, UsageError, type CliContext } from './cli-context';
import { isoDate } from '../api/validators';
import { manualWindow, runSync, SyncSetupError, type RunRequest, type RunResult, type SyncEnvironment } from '../sync/run-sync';
import { SyncBusyError } from '../sync/run-lock';
import { runScheduledSequence } from '../sync/scheduled-run';

const HOW_TO_ALLOW = 'run again with --allow-mass-change (the limits are the settings massChangeRatio and massChangeMinCount)';

/** The core's sync environment, without the app's clock and lock wait: a CLI run refuses a busy lock at once. */
export function cliSyncEnvironment(ctx: CliContext): SyncEnvironment {
  const { database, settings, credentials, zoneLookupUrl, cleanupLogs } = ctx.core().syncEnvironment;
  return { database, settings, credentials, zoneLookupUrl, cleanupLogs };
}

/** Progress lines on stderr: every phase change, and at most one line per second within a phase. */
function progressPrinter(ctx: CliContext): (p: SyncProgress) => void {
  let lastPhase = '';
  let lastAt = 0;
  return (p) => {
    const t = Date.now();
    if (p.phase === lastPhase && t - lastAt < 1000) return;
    lastPhase = p.phase;
    lastAt = t;
    const of = p.total !== null ? `${p.done}/${p.total}` : p.done ? String(p.done) : '';
    ctx.info(`[run ${p.runId}] ${p.phase}${of ? ` ${of}` : ''}`);
  };
}

export function resultJson(r: RunResult, withPlan: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    runId: r.runId,
    type: r.type,
    status: r.status,
    counts: r.counts,
    apiCalls: r.apiCalls,
    durationMs: r.durationMs,
    message: r.message,
  };
  if (withPlan && r.plan) out.plan = r.plan;
  return out;
}

function parseDate(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new UsageError(`${option} ${parsed.error.issues[0]?.message ?? 'must be a date like 2026-11-24'} (got "${value}").`);
  return value;
}

async function execute(ctx: CliContext, request: RunRequest, json: boolean): Promise<RunResult> {
  try {
    return await runSync(cliSyncEnvironment(ctx), request, 'cli', { onProgress: progressPrinter(ctx), howToAllow: HOW_TO_ALLOW });
  } catch (error) {
    if (error instanceof SyncSetupError) throw new UsageError(error.message);
    if (error instanceof SyncBusyError) throw new CommandFailedError(error.message, json ? { status: 'failed', message: error.message } : undefined);
    throw error;
  }
}

function finish(ctx: CliContext, result: RunResult, json: boolean, withPlan: boolean): void {
  ctx.info(result.message ?? '');
  if (result.status === 'failed') throw new CommandFailedError(result.message ?? 'The sync failed.', json ? resultJson(result, withPlan) : undefined);
  if (json) ctx.printJson(resultJson(result, withPlan));
}

export function registerSyncCommands(program: Command, ctx: CliContext): void {
  const sync = program.command('sync').description('run a sync against Autotask (the same engine the app uses)');

  sync
    .command('contracts')
    .description('one contract run: active contracts with the SKU prefix, their service lines, customers on demand')
    .option('--end-expired', 'also end contracts whose end date has passed')
    .option('--dry-run', 'compute and print the plan; write nothing but the log')
    .option('--allow-mass-change', 'allow ending more than the mass-change limit of active services')
    .option('--json', 'print the result as one JSON document')
    .action(async (o: { endExpired?: boolean; dryRun?: boolean; allowMassChange?: boolean; json?: boolean }) => {
      const request: RunRequest = { type: 'contract', endExpired: o.endExpired === true, dryRun: o.dryRun === true, allowMassChange: o.allowMassChange === true };
      finish(ctx, await execute(ctx, request, o.json === true), o.json === true, o.dryRun === true);
    });

  sync
    .command('time')
    .description('one time-entry run over a date range (default: the last 7 days to today)')
    .option('--from <date>', 'first day worked, YYYY-MM-DD')
    .option('--to <date>', 'last day worked, YYYY-MM-DD')
    .option('--dry-run', 'compute and print the plan; write nothing but the log')
    .option('--allow-mass-change', 'allow flagging more than the mass-change limit of items')
    .option('--json', 'print the result as one JSON document')
    .action(async (o: { from?: string; to?: string; dryRun?: boolean; allowMassChange?: boolean; json?: boolean }) => {
      const def = manualWindow(toLocalDate(new Date()));
      const to = parseDate(o.to, '--to') ?? def.to;
      const from = parseDate(o.from, '--from') ?? (o.to ? manualWindow(to).from : def.from);
      if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
      const request: RunRequest = { type: 'time_entry', from, to, dryRun: o.dryRun === true, allowMassChange: o.allowMassChange === true };
      finish(ctx, await execute(ctx, request, o.json === true), o.json === true, o.dryRun === true);
    });

  sync
    .command('all')
    .description('what the schedule runs: a contract sync, then a time sync over the configured window')
    .option('--full', 'force a full reconciliation of the time window')
    .option('--allow-mass-change', 'allow mass ends and flags')
    .option('--json', 'print the result as one JSON document')
    .action(async (o: { full?: boolean; allowMassChange?: boolean; json?: boolean }) => {
      const json = o.json === true;
      let runs: RunResult[];
      try {
        runs = await runScheduledSequence(cliSyncEnvironment(ctx), 'cli', {
          onProgress: progressPrinter(ctx),
          howToAllow: HOW_TO_ALLOW,
          full: o.full === true,
          allowMassChange: o.allowMassChange === true,
        });
      } catch (error) {
        if (error instanceof SyncSetupError) throw new UsageError(error.message);
        if (error instanceof SyncBusyError) throw new CommandFailedError(error.message, json ? { status: 'failed', runs: [], message: error.message } : undefined);
        throw error;
      }
      for (const r of runs) ctx.info(r.message ?? '');
      const status = runs.some((r) => r.status === 'failed') ? 'failed' : runs.some((r) => r.status === 'partial') ? 'partial' : 'success';
      const doc = { status, runs: runs.map((r) => resultJson(r, false)) };
      if (status === 'failed') {
        const failed = runs.find((r) => r.status === 'failed');
        throw new CommandFailedError(failed?.message ?? 'The sync failed.', json ? doc : undefined);
      }
      if (json) ctx.printJson(doc);
    });
}
