// Time-entry sync: streams TimeEntries page by page (memory stays flat on 200,000 entries), plans each
// page against the local rows for that page's ids only, and applies it in one transaction. Every read asks
// only for entries on the synced contracts (`contractID in` batches of at most 500 contract ids), so what
// cannot be billed is not read at all; what is left out is counted instead (one summary row per kind).
//  - full mode reads every billable, approved entry in the window on a synced contract, then reconciles:
//    local unflagged items in the window that the query did not return are re-read by id — without the
//    contract filter, to learn why (deleted = not returned, moved to another contract, un-approved…).
//  - incremental mode reads only entries modified OR approved since the last successful run (minus an
//    overlap) — approving an entry need not bump lastModifiedDateTime — with no billable/approved filter so
//    entries made non-billable are seen and flagged. It then compares Autotask's count of qualifying
//    entries in the window on synced contracts (one count per batch) with what the database knows
//    (items not flagged out of that set + remembered skips); a mismatch means something left or joined
//    the set without a modification stamp (un-approved, deleted, moved to another contract, a contract
//    newly synced), and the run goes on to a full reconciliation at once instead of waiting for the weekly one.
import type { Filter } from '../autotask';
import { mergeBatches, splitIdBatches } from '../autotask/id-batching';
import { MAX_IN_VALUES } from '../autotask/filter-validation';
import { addDays } from '../../shared/dates';
import { accountedQualifying, countUnflaggedItems, openSeenEntries, unseenItemEntryIds, unseenSkipKeys } from '../db/queries/time-entry-sync';
import { TIME_ENTRY_FIELDS } from './autotask-payloads';
import { loadItemsByEntryIds } from './local-items';
import { groupByContract, loadLocalServices, type LocalService } from './local-services';
import { enforceMassChange } from './mass-change-guard';
import { emptyPlan, summarise, type PagePlan } from './plan';
import { ensureRateHistory, rateFor } from '../config/rate-history';
import { planRepricing } from './reprice';
import { startLabourPostingRead } from './labour-postings';
import { APPLY_CHUNK, type SyncContext } from './sync-context';
import { chunk } from '../db/queries/in-list';
import { DELETED_REASON, MOVED_AWAY_LIKE, OUT_OF_SET_REASONS, planFlag, planTimeEntryPage, type TimeEntryRules } from './time-entry-plan';

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
 * entries and, beside them, the window's labour postings (docs/product-rules.md#billing-sync).
 */
export async function syncTimeEntries(ctx: SyncContext, opts: TimeSyncOptions): Promise<string> {
  const history = ensureRateHistory(ctx.sqlite, ctx.settings.hourlyRate, ctx.today, !ctx.dryRun);
  const repricing = planRepricing(ctx.sqlite, history);
  for (const part of chunk(repricing, APPLY_CHUNK)) {
    const page: PagePlan = { actions: part, unchanged: 0, clearSkipKeys: [] };
    if (ctx.summary) summarise(page, ctx.summary);
    ctx.applier.apply(page, 0);
  }
  // The labour postings are read beside the time entries (BillingItems is another endpoint, with its own
  // request slots) and planned after them, against the items as the entries left them.
  const postingRead = startLabourPostingRead(ctx, opts.from, opts.to, { quiet: true });
  let detail: string;
  try {
    detail = await readTimeEntries(ctx, opts, (date) => rateFor(history, date));
  } catch (error) {
    await postingRead.stop();
    throw error;
  }
  const planned = new Set(ctx.dryRun && ctx.summary ? ctx.summary.creates.filter((c) => c.syncType === 'time_entry').map((c) => c.autotaskId) : []);
  const postings = await postingRead.finish(planned);
  if (ctx.summary) summarise(postings.plan, ctx.summary);
  ctx.applier.apply(postings.plan, 0);
  return `${detail}${repricing.length ? `; ${repricing.length} item(s) re-priced to the rate history` : ''}; ${postings.summary}`;
}

/** Contract ids per `in` list: Autotask refuses more than 500 values (reference §3.2). */
export const CONTRACT_BATCH = MAX_IN_VALUES;
/** Test seam: tests lower the batch size to exercise several batches on a small tenant (never above 500). */
export const timeEntryReadTuning = { contractBatch: CONTRACT_BATCH };

/**
 * The synced contracts — every contract with a local service line, ended ones included (their items are
 * still brought up to date and new entries on them are skipped with the reason) — ascending, in batches
 * of at most `size` ids. No synced contract: no batch, so no query with an empty list is ever sent.
 */
export function syncedContractBatches(services: readonly Pick<LocalService, 'autotaskContractId'>[], size = timeEntryReadTuning.contractBatch): number[][] {
  const ids = [...new Set(services.map((s) => s.autotaskContractId))].sort((a, b) => a - b);
  return splitIdBatches(ids, Math.max(1, Math.min(size, MAX_IN_VALUES)));
}

const inBatch = (batch: readonly number[]): Filter => ({ op: 'in', field: 'contractID', value: [...batch] });

/** Billable, approved entries whose dateWorked is exactly a calendar date from … to (what the counts count). */
export function qualifyingFilter(from: string, to: string): Filter[] {
  return [
    { op: 'gte', field: 'dateWorked', value: `${from}T00:00:00.000Z` },
    { op: 'lt', field: 'dateWorked', value: `${addDays(to, 1)}T00:00:00.000Z` },
    { op: 'eq', field: 'isNonBillable', value: false },
    { op: 'exist', field: 'billingApprovalDateTime' },
  ];
}

/**
 * How many dateWorked partitions to cut each batch into, from the batches' row counts: keyset paging is
 * sequential, so the work is cut into units read `parallel` at a time. Whole batches are the units when
 * they already keep every request slot busy; otherwise the batch with the most pages per part is cut
 * again until there are enough units for the slots in every round (a multiple of `parallel`) and no unit
 * is more than a slot's fair share. Each cut costs at most one partial page; a batch of one page is never
 * cut, and an empty batch (count 0) is not read at all.
 */
export function planReadParts(batchRows: readonly number[], parallel: number, pageRows = PAGE_ROWS): number[] {
  const pages = batchRows.map((n) => Math.ceil(Math.max(0, n) / pageRows));
  const parts = pages.map((p): number => (p > 0 ? 1 : 0));
  const slots = Math.max(1, Math.floor(parallel));
  const busy = parts.filter((p) => p > 0).length;
  if (busy === 0) return parts;
  const wanted = slots * Math.ceil(busy / slots);
  const share = Math.ceil(pages.reduce((a, b) => a + b, 0) / slots);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < pages.length; i++) {
      if (parts[i]! === 0 || parts[i]! >= pages[i]!) continue;
      if (pick < 0 || pages[i]! / parts[i]! > pages[pick]! / parts[pick]!) pick = i;
    }
    if (pick < 0) break;
    const units = parts.reduce((a, b) => a + b, 0);
    const largest = Math.max(...pages.map((p, i) => (parts[i]! ? p / parts[i]! : 0)));
    if (units >= wanted && largest <= share) break;
    parts[pick]! += 1;
  }
  return parts;
}

async function readTimeEntries(ctx: SyncContext, opts: TimeSyncOptions, rateOf: (date: string) => number): Promise<string> {
  const { sqlite, client } = ctx;
  const services = loadLocalServices(sqlite);
  const rules: TimeEntryRules = { from: opts.from, to: opts.to, rate: ctx.settings.hourlyRate, rateFor: rateOf, servicesByContract: groupByContract(services) };
  const batches = syncedContractBatches(services);
  const population = countUnflaggedItems(sqlite, opts.from, opts.to);
  let flags = 0;
  const guardAndApply = (plan: PagePlan, ms: number) => {
    const pageFlags = plan.actions.filter((a) => a.kind === 'flag-item').length;
    enforceMassChange({ what: 'flag', affected: flags + pageFlags, population, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow }, ctx.guard);
    flags += pageFlags;
    if (ctx.summary) summarise(plan, ctx.summary);
    ctx.applier.apply(plan, ms);
  };

  const full = opts.mode === 'full' || opts.cursor === null;
  // The window on dateWorked plus these conditions plus one batch of contracts; partitions cut the window.
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

  // The ids the window query returned, kept in a temporary table rather than in memory.
  const seen = openSeenEntries(sqlite);

  const phase = full ? 'Reading time entries' : 'Reading changed time entries';
  // Full: one count per batch (the bar's total and the partitions) and the two counts of what is left out,
  // all on the exact window. Incremental reads are small; their request budget goes to the completeness
  // check below instead.
  const counted = full ? await countWindow(ctx, opts.from, opts.to, batches) : null;
  const total = counted ? counted.perBatch.reduce((a, b) => a + b, 0) : null;
  // Without a count (incremental) the read is one step: 0 of 1 until its last page, then 1 of 1.
  const step = (done: number) => (total === null ? ctx.progress(phase, 0, 1) : ctx.progress(phase, done, Math.max(total, done)));
  step(0);
  let read = 0;
  let inWindow = 0;
  // Keyset paging is sequential (each page needs the last id of the one before), so the batches — and,
  // when there are fewer batches than request slots, dateWorked partitions of them — are read side by
  // side, up to the client's per-endpoint limit; the merge also keeps the next pages coming while this one
  // is planned and applied. Largest units first, so the slots finish together.
  const parallel = ctx.settings.apiConcurrency;
  const units: { filter: Filter[]; rows: number }[] = [];
  if (counted) {
    const parts = planReadParts(counted.perBatch, parallel);
    batches.forEach((batch, i) => {
      if (parts[i]! === 0) return;
      for (const range of windowPartitions(opts.from, opts.to, parts[i]!))
        units.push({ filter: [...range, ...conditions, inBatch(batch)], rows: counted.perBatch[i]! / parts[i]! });
    });
    units.sort((a, b) => b.rows - a.rows);
  } else {
    for (const batch of batches) units.push({ filter: [...windowFilter(opts.from, opts.to), ...conditions, inBatch(batch)], rows: 0 });
  }
  const pages = mergeBatches(units, parallel, (u) => client.query('TimeEntries', { filter: u.filter, includeFields: TIME_ENTRY_FIELDS }));
  for await (const page of pages) {
    const started = Date.now();
    const plan = planTimeEntryPage(sqlite, page, rules, true);
    if (full) seen.mark(plan.evaluated);
    guardAndApply(plan, Date.now() - started);
    read += page.length;
    inWindow += plan.evaluated.length;
    step(inWindow);
  }
  if (total === null) ctx.progress(phase, 1, 1);
  else ctx.progress(phase, Math.max(total, inWindow), Math.max(total, inWindow));
  const scope = `${batches.length} batch(es) of synced contracts`;
  if (!full) {
    const changed = `${read} changed time entr${read === 1 ? 'y' : 'ies'} on synced contracts read for ${opts.from} … ${opts.to} (incremental, ${scope})`;
    const check = await compareQualifyingCounts(ctx, opts.from, opts.to, batches);
    if (check === null) return changed;
    ctx.progress('Reconciling the window', 0, 1);
    const detail = await readTimeEntries(ctx, { ...opts, mode: 'full' }, rateOf);
    ctx.progress('Reconciling the window', 1, 1);
    return `${changed}; then a full reconciliation because ${check}: ${detail}`;
  }

  // Reconciliation: unflagged local items in the window that the query did not return.
  const missing = unseenItemEntryIds(sqlite, opts.from, opts.to);
  // Remembered skips of entries the query no longer returns stop counting as qualifying entries.
  const staleSkips = unseenSkipKeys(sqlite, opts.from, opts.to);
  if (missing.length) {
    ctx.progress('Checking items that no longer qualify', 0, missing.length);
    const started = Date.now();
    const plans: PagePlan[] = [];
    const returned = new Set<number>();
    // By id and on any contract: the re-read must learn where an entry went, not only that it left.
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
  const closing: PagePlan = { ...emptyPlan(), actions: outOfScopeSummary(ctx, opts.from, opts.to, counted!), clearSkipKeys: staleSkips };
  if (closing.actions.length || closing.clearSkipKeys.length) guardAndApply(closing, 0);
  seen.clear();
  const left = [counted!.unsynced && `${counted!.unsynced} on contracts that are not synced`, counted!.noContract && `${counted!.noContract} on no contract`].filter(Boolean);
  return `${read} time entr${read === 1 ? 'y' : 'ies'} on synced contracts read for ${opts.from} … ${opts.to} (${scope}); ${missing.length} local item(s) re-checked${left.length ? `; left out (counted, not read): ${left.join(', ')}` : ''}`;
}

interface WindowCounts {
  /** Billable, approved entries dated in the window, per batch of synced contracts. */
  perBatch: number[];
  /** … on a contract that is not synced. */
  unsynced: number;
  /** … on no contract at all. */
  noContract: number;
}

/**
 * The full read's counts, all on the exact window: one per batch, and two for what the read leaves out.
 * "On a contract that is not synced" is every entry with a contract minus the batches' counts (batches
 * are disjoint): one call, like `contractID notIn` of every batch ANDed, but without a query whose lists
 * hold more than 500 values in all — the reference's limit is 500 OR conditions per query.
 */
async function countWindow(ctx: SyncContext, from: string, to: string, batches: readonly number[][]): Promise<WindowCounts> {
  const base = qualifyingFilter(from, to);
  const [withContract, noContract, ...perBatch] = await Promise.all([
    ctx.client.count('TimeEntries', [...base, { op: 'exist', field: 'contractID' }]),
    ctx.client.count('TimeEntries', [...base, { op: 'notExist', field: 'contractID' }]),
    ...batches.map((b) => ctx.client.count('TimeEntries', [...base, inBatch(b)])),
  ]);
  const synced = perBatch.reduce((a, b) => a + b, 0);
  return { perBatch, unsynced: Math.max(0, withContract! - synced), noContract: noContract! };
}

const entries = (n: number) => `${n} billable, approved entr${n === 1 ? 'y' : 'ies'}`;

/** One row per kind of what the full read left out, only when there is any (docs/product-rules.md#time-entries). */
function outOfScopeSummary(ctx: SyncContext, from: string, to: string, counts: WindowCounts): PagePlan['actions'] {
  const actions: PagePlan['actions'] = [];
  const window = { from, to };
  if (counts.unsynced > 0) {
    actions.push({
      kind: 'note',
      log: {
        syncType: 'time_entry',
        operation: 'skip',
        status: 'skip',
        message: `${entries(counts.unsynced)} dated ${from} … ${to} on contracts that are not synced (outside the ${ctx.settings.skuPrefix} prefix, inactive, or without service lines) were not imported; see Excluded`,
        details: { summary: 'unsynced-contracts', entries: counts.unsynced, window, skuPrefix: ctx.settings.skuPrefix },
      },
      // The run's skip count keeps meaning what it meant when each of these was read and skipped.
      skips: counts.unsynced,
    });
  }
  if (counts.noContract > 0) {
    actions.push({
      kind: 'warning',
      syncType: 'time_entry',
      autotaskId: null,
      message: `${entries(counts.noContract)} dated ${from} … ${to} on no contract`,
      log: {
        syncType: 'time_entry',
        operation: 'skip',
        status: 'warning',
        message: `${entries(counts.noContract)} dated ${from} … ${to} ${counts.noContract === 1 ? 'is' : 'are'} on no contract; nobody will bill ${counts.noContract === 1 ? 'it' : 'them'}. Put ${counts.noContract === 1 ? 'it' : 'them'} on a contract in Autotask; see Excluded`,
        details: { summary: 'no-contract', entries: counts.noContract, window },
      },
    });
  }
  return actions;
}

/**
 * Null when Autotask's count of billable, approved entries dated in the window on synced contracts (one
 * count per batch, summed) equals what the database accounts for (items, except those flagged because
 * their entry left that set — deleted, non-billable, un-approved, on no contract or on a contract that is
 * not synced — plus entries remembered as skipped); otherwise why they differ. `dateWorked` is compared by
 * its date part: [from 00:00Z, to+1 00:00Z) selects exactly the calendar dates from … to.
 */
async function compareQualifyingCounts(ctx: SyncContext, from: string, to: string, batches: readonly number[][]): Promise<string | null> {
  const base = qualifyingFilter(from, to);
  const perBatch = await Promise.all(batches.map((b) => ctx.client.count('TimeEntries', [...base, inBatch(b)])));
  const server = perBatch.reduce((a, b) => a + b, 0);
  const local = accountedQualifying(ctx.sqlite, from, to, { notCounted: OUT_OF_SET_REASONS, movedAwayLike: MOVED_AWAY_LIKE });
  if (server === local) return null;
  return `Autotask has ${server} billable, approved entries dated ${from} … ${to} on synced contracts and the billing database accounts for ${local}`;
}
