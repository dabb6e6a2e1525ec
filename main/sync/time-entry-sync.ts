// Time-entry sync: streams TimeEntries page by page (memory stays flat on 200,000 entries), plans each
// page against the local rows for that page's ids only, and applies it in one transaction.
//  - full mode reads every billable, approved entry in the window, then reconciles: local unflagged items
//    in the window that the query did not return are re-read by id to learn why (deleted = not returned).
//  - incremental mode reads only entries modified OR approved since the last successful run (minus an
//    overlap) — approving an entry need not bump lastModifiedDateTime — with no billable/approved filter so
//    entries made non-billable are seen and flagged. It then compares one count from Autotask (qualifying
//    entries in the window) with what the database knows (unflagged items + remembered skips); a mismatch
//    means something left the set without a modification stamp (un-approved, deleted), and the run goes on
//    to a full reconciliation at once instead of waiting for the weekly one.
import type { Filter } from '../autotask';
import { mergeBatches } from '../autotask/id-batching';
import { addDays } from '../../shared/dates';
import { TIME_ENTRY_FIELDS } from './autotask-payloads';
import { loadItemsByEntryIds } from './local-items';
import { groupByContract, loadLocalServices } from './local-services';
import { enforceMassChange } from './mass-change-guard';
import { summarise, type PagePlan } from './plan';
import { ensureRateHistory, rateFor } from '../config/rate-history';
import { planRepricing } from './reprice';
import { planLabourPostings } from './labour-postings';
import { APPLY_CHUNK, chunk, type SyncContext } from './sync-context';
import { DELETED_REASON, NOT_QUALIFYING_REASONS, planFlag, planTimeEntryPage, type TimeEntryRules } from './time-entry-plan';

export const OVERLAP_MS = 15 * 60_000;

export interface TimeSyncOptions {
  from: string;
  to: string;
  mode: 'full' | 'incremental';
  /** ISO instant: start of the last successful time run (incremental mode). */
  cursor: string | null;
}

export function windowFilter(from: string, to: string): Filter[] {
  // dateWorked is a UTC-midnight date-time; a day of margin either side, then the date part decides.
  return [
    { op: 'gte', field: 'dateWorked', value: `${addDays(from, -1)}T00:00:00.000Z` },
    { op: 'lt', field: 'dateWorked', value: `${addDays(to, 2)}T00:00:00.000Z` },
  ];
}

const PAGE_ROWS = 500;

/**
 * The window filter (`windowFilter`) cut into at most `parts` consecutive dateWorked ranges of whole days:
 * together they cover exactly the same span, with no overlap.
 */
export function windowPartitions(from: string, to: string, parts: number): Filter[][] {
  const [lo, hi] = windowFilter(from, to).map((f) => String(f.value).slice(0, 10)) as [string, string];
  const days = Math.round((Date.parse(`${hi}T00:00:00Z`) - Date.parse(`${lo}T00:00:00Z`)) / 86_400_000);
  const n = Math.max(1, Math.min(Math.floor(parts), days));
  const cuts = Array.from({ length: n + 1 }, (_, i) => addDays(lo, Math.round((i * days) / n)));
  return cuts.slice(0, -1).map((start, i) => [
    { op: 'gte', field: 'dateWorked', value: `${start}T00:00:00.000Z` },
    { op: 'lt', field: 'dateWorked', value: `${cuts[i + 1]}T00:00:00.000Z` },
  ]);
}

/**
 * One time-entry run: first re-prices unbilled items to the rate history (local), then reads the window's
 * entries, then the window's labour postings (docs/product-rules.md#billing-sync).
 */
export async function syncTimeEntries(ctx: SyncContext, opts: TimeSyncOptions): Promise<string> {
  const history = ensureRateHistory(ctx.sqlite, ctx.settings.hourlyRate, ctx.today, !ctx.dryRun);
  const repricing = planRepricing(ctx.sqlite, history);
  for (const part of chunk(repricing, APPLY_CHUNK)) {
    const page: PagePlan = { actions: part, unchanged: 0, clearSkipKeys: [] };
    if (ctx.summary) summarise(page, ctx.summary);
    ctx.applier.apply(page, 0);
  }
  const detail = await readTimeEntries(ctx, opts, (date) => rateFor(history, date));
  const planned = new Set(ctx.dryRun && ctx.summary ? ctx.summary.creates.filter((c) => c.syncType === 'time_entry').map((c) => c.autotaskId) : []);
  const postings = await planLabourPostings(ctx, opts.from, opts.to, planned);
  if (ctx.summary) summarise(postings.plan, ctx.summary);
  ctx.applier.apply(postings.plan, 0);
  return `${detail}${repricing.length ? `; ${repricing.length} item(s) re-priced to the rate history` : ''}; ${postings.summary}`;
}

async function readTimeEntries(ctx: SyncContext, opts: TimeSyncOptions, rateOf: (date: string) => number): Promise<string> {
  const { sqlite, client } = ctx;
  const services = loadLocalServices(sqlite);
  const rules: TimeEntryRules = { from: opts.from, to: opts.to, rate: ctx.settings.hourlyRate, rateFor: rateOf, servicesByContract: groupByContract(services) };
  const population = (sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_items WHERE flagged = 0 AND date_worked BETWEEN ? AND ?').get(opts.from, opts.to) as { n: number }).n;
  let flags = 0;
  const guardAndApply = (plan: PagePlan, ms: number) => {
    const pageFlags = plan.actions.filter((a) => a.kind === 'flag-item').length;
    enforceMassChange({ what: 'flag', affected: flags + pageFlags, population, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow }, ctx.guard);
    flags += pageFlags;
    if (ctx.summary) summarise(plan, ctx.summary);
    ctx.applier.apply(plan, ms);
  };

  const full = opts.mode === 'full' || opts.cursor === null;
  // The window on dateWorked plus these conditions; partitioned reads keep the conditions, cut the window.
  const conditions: Filter[] = [];
  if (full) {
    conditions.push({ op: 'eq', field: 'isNonBillable', value: false }, { op: 'exist', field: 'billingApprovalDateTime' });
  } else {
    const since = new Date(Date.parse(opts.cursor!) - OVERLAP_MS).toISOString();
    conditions.push({
      op: 'or',
      items: [
        { op: 'gte', field: 'lastModifiedDateTime', value: since },
        { op: 'gte', field: 'billingApprovalDateTime', value: since },
      ],
    });
  }
  const filter: Filter[] = [...windowFilter(opts.from, opts.to), ...conditions];

  // The ids the window query returned, kept in a temporary table rather than in memory.
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen_entries (id INTEGER PRIMARY KEY)');
  sqlite.exec('DELETE FROM temp.sync_seen_entries');
  const markSeen = sqlite.prepare('INSERT OR IGNORE INTO temp.sync_seen_entries (id) VALUES (?)');
  const markAll = sqlite.transaction((ids: number[]) => {
    for (const id of ids) markSeen.run(id);
  });

  const phase = full ? 'Reading time entries' : 'Reading changed time entries';
  // Incremental reads are small; their request budget goes to the completeness check below instead.
  const total = full ? await client.count('TimeEntries', filter) : null;
  // Without a count (incremental) the read is one step: 0 of 1 until its last page, then 1 of 1.
  const step = (read: number) => (total === null ? ctx.progress(phase, 0, 1) : ctx.progress(phase, read, Math.max(total, read)));
  step(0);
  let read = 0;
  // Keyset paging is sequential (each page needs the last id of the one before), so a full read of more
  // than a page is cut into date partitions read side by side, up to the client's per-endpoint limit; the
  // merge also keeps the next pages coming while this one is planned and applied.
  const parts = total === null ? 1 : Math.max(1, Math.min(ctx.settings.apiConcurrency, Math.ceil(total / PAGE_ROWS)));
  const partitions = windowPartitions(opts.from, opts.to, parts).map((range) => [...range, ...conditions]);
  const pages = mergeBatches(partitions, partitions.length, (f) => client.query('TimeEntries', { filter: f, includeFields: TIME_ENTRY_FIELDS }));
  for await (const page of pages) {
    const started = Date.now();
    const plan = planTimeEntryPage(sqlite, page, rules, true);
    if (full) markAll(plan.evaluated);
    guardAndApply(plan, Date.now() - started);
    read += page.length;
    step(read);
  }
  if (total === null) ctx.progress(phase, 1, 1);
  if (!full) {
    const changed = `${read} changed time entr${read === 1 ? 'y' : 'ies'} read for ${opts.from} … ${opts.to} (incremental)`;
    const check = await compareQualifyingCounts(ctx, opts.from, opts.to);
    if (check === null) return changed;
    ctx.progress('Reconciling the window', 0, 1);
    const detail = await readTimeEntries(ctx, { ...opts, mode: 'full' }, rateOf);
    ctx.progress('Reconciling the window', 1, 1);
    return `${changed}; then a full reconciliation because ${check}: ${detail}`;
  }

  // Reconciliation: unflagged local items in the window that the query did not return.
  const missing = (
    sqlite
      .prepare(
        `SELECT autotask_time_entry_id AS id FROM engineering_items i
          WHERE flagged = 0 AND date_worked BETWEEN ? AND ?
            AND NOT EXISTS (SELECT 1 FROM temp.sync_seen_entries s WHERE s.id = i.autotask_time_entry_id)
          ORDER BY autotask_time_entry_id`,
      )
      .all(opts.from, opts.to) as { id: number }[]
  ).map((r) => r.id);
  if (missing.length) {
    ctx.progress('Checking items that no longer qualify', 0, missing.length);
    const started = Date.now();
    const plans: PagePlan[] = [];
    const returned = new Set<number>();
    for await (const page of client.queryByIds('TimeEntries', 'id', missing, { includeFields: TIME_ENTRY_FIELDS })) {
      const plan = planTimeEntryPage(sqlite, page, rules, false);
      for (const id of plan.evaluated) returned.add(id);
      plans.push(plan);
      ctx.progress('Checking items that no longer qualify', returned.size, missing.length);
    }
    const deletedIds = missing.filter((id) => !returned.has(id));
    const locals = loadItemsByEntryIds(sqlite, deletedIds);
    const deleted: PagePlan = { actions: [], unchanged: 0, clearSkipKeys: [] };
    for (const id of deletedIds) {
      const item = locals.get(id);
      if (item) planFlag(deleted, item, DELETED_REASON);
    }
    plans.push(deleted);
    // The guard sees every flag of the reconciliation before any of it is written.
    const all: PagePlan = {
      actions: plans.flatMap((p) => p.actions),
      unchanged: plans.reduce((n, p) => n + p.unchanged, 0),
      clearSkipKeys: plans.flatMap((p) => p.clearSkipKeys),
    };
    const pending = all.actions.filter((a) => a.kind === 'flag-item').length;
    enforceMassChange({ what: 'flag', affected: flags + pending, population, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow }, ctx.guard);
    const ms = Date.now() - started;
    const parts = chunk(all.actions, APPLY_CHUNK);
    if (parts.length === 0) parts.push([]);
    parts.forEach((part, i) => {
      guardAndApply(
        { actions: part, unchanged: i === 0 ? all.unchanged : 0, clearSkipKeys: i === parts.length - 1 ? all.clearSkipKeys : [] },
        (ms * part.length) / Math.max(1, all.actions.length),
      );
    });
  }
  sqlite.exec('DELETE FROM temp.sync_seen_entries');
  return `${read} time entr${read === 1 ? 'y' : 'ies'} read for ${opts.from} … ${opts.to}; ${missing.length} local item(s) re-checked`;
}

/**
 * Null when Autotask's count of billable, approved entries dated in the window equals what the database
 * accounts for (items, except those flagged because they stopped being billable/approved or were deleted,
 * plus entries remembered as skipped); otherwise why they differ. `dateWorked`
 * is compared by its date part: [from 00:00Z, to+1 00:00Z) selects exactly the calendar dates from … to.
 */
async function compareQualifyingCounts(ctx: SyncContext, from: string, to: string): Promise<string | null> {
  const server = await ctx.client.count('TimeEntries', [
    { op: 'gte', field: 'dateWorked', value: `${from}T00:00:00.000Z` },
    { op: 'lt', field: 'dateWorked', value: `${addDays(to, 1)}T00:00:00.000Z` },
    { op: 'eq', field: 'isNonBillable', value: false },
    { op: 'exist', field: 'billingApprovalDateTime' },
  ]);
  const row = ctx.sqlite
    .prepare(
      `SELECT (SELECT COUNT(*) FROM engineering_items
                WHERE date_worked BETWEEN @from AND @to
                  AND (flagged = 0 OR flag_reason NOT IN (@deleted, @nonBillable, @unapproved)))
            + (SELECT COUNT(*) FROM sync_state WHERE key LIKE 'skip:time_entry:%' AND substr(value, 1, 10) BETWEEN @from AND @to) AS n`,
    )
    .get({ from, to, deleted: NOT_QUALIFYING_REASONS[0], nonBillable: NOT_QUALIFYING_REASONS[1], unapproved: NOT_QUALIFYING_REASONS[2] }) as { n: number };
  if (server === row.n) return null;
  return `Autotask has ${server} billable, approved entries dated ${from} … ${to} and the billing database accounts for ${row.n}`;
}
