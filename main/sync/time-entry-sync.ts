// Time-entry sync: streams TimeEntries page by page (memory stays flat on 200,000 entries), plans each
// page against the local rows for that page's ids only, and applies it in one transaction.
//  - full mode reads every billable, approved entry in the window, then reconciles: local unflagged items
//    in the window that the query did not return are re-read by id to learn why (deleted = not returned).
//  - incremental mode reads only entries modified since the last successful run (minus an overlap), with
//    no billable/approved filter so entries made non-billable or un-approved are seen and flagged.
import type { Filter } from '../autotask';
import { addDays } from '../../shared/dates';
import { TIME_ENTRY_FIELDS } from './autotask-payloads';
import { loadItemsByEntryIds } from './local-items';
import { groupByContract, loadLocalServices } from './local-services';
import { MassChangeError, massChangeProblem } from './mass-change-guard';
import { summarise, type PagePlan } from './plan';
import { APPLY_CHUNK, chunk, type SyncContext } from './sync-context';
import { DELETED_REASON, planFlag, planTimeEntryPage, type TimeEntryRules } from './time-entry-plan';

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

export async function syncTimeEntries(ctx: SyncContext, opts: TimeSyncOptions): Promise<string> {
  const { sqlite, client } = ctx;
  const services = loadLocalServices(sqlite);
  const rules: TimeEntryRules = { from: opts.from, to: opts.to, rate: ctx.settings.hourlyRate, servicesByContract: groupByContract(services) };
  const population = (
    sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_items WHERE flagged = 0 AND date_worked BETWEEN ? AND ?').get(opts.from, opts.to) as { n: number }
  ).n;
  let flags = 0;
  const guardAndApply = (plan: PagePlan, ms: number) => {
    const pageFlags = plan.actions.filter((a) => a.kind === 'flag-item').length;
    const problem = massChangeProblem({
      what: 'flag',
      affected: flags + pageFlags,
      population,
      allow: ctx.allowMassChange,
      settings: ctx.settings,
      howToAllow: ctx.howToAllow,
    });
    if (problem) throw new MassChangeError(problem);
    flags += pageFlags;
    if (ctx.summary) summarise(plan, ctx.summary);
    ctx.applier.apply(plan, ms);
  };

  const full = opts.mode === 'full' || opts.cursor === null;
  const filter: Filter[] = windowFilter(opts.from, opts.to);
  if (full) {
    filter.push({ op: 'eq', field: 'isNonBillable', value: false }, { op: 'exist', field: 'billingApprovalDateTime' });
  } else {
    filter.push({ op: 'gte', field: 'lastModifiedDateTime', value: new Date(Date.parse(opts.cursor!) - OVERLAP_MS).toISOString() });
  }

  // The ids the window query returned, kept in a temporary table rather than in memory.
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen_entries (id INTEGER PRIMARY KEY)');
  sqlite.exec('DELETE FROM temp.sync_seen_entries');
  const markSeen = sqlite.prepare('INSERT OR IGNORE INTO temp.sync_seen_entries (id) VALUES (?)');
  const markAll = sqlite.transaction((ids: number[]) => {
    for (const id of ids) markSeen.run(id);
  });

  const phase = full ? 'Reading time entries' : 'Reading changed time entries';
  const total = await client.count('TimeEntries', filter);
  ctx.progress(phase, 0, total);
  let read = 0;
  for await (const page of client.query('TimeEntries', { filter, includeFields: TIME_ENTRY_FIELDS })) {
    const started = Date.now();
    const plan = planTimeEntryPage(sqlite, page, rules, true);
    if (full) markAll(plan.evaluated);
    guardAndApply(plan, Date.now() - started);
    read += page.length;
    ctx.progress(phase, read, Math.max(total, read));
  }
  if (!full) return `${read} changed time entr${read === 1 ? 'y' : 'ies'} read for ${opts.from} … ${opts.to} (incremental)`;

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
    const problem = massChangeProblem({ what: 'flag', affected: flags + pending, population, allow: ctx.allowMassChange, settings: ctx.settings, howToAllow: ctx.howToAllow });
    if (problem) throw new MassChangeError(problem);
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
