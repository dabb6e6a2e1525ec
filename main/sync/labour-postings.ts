// Labour postings (docs/product-rules.md#billing-sync, billing.md §2.2): Autotask BillingItems whose billingItemType label is Labor or
// Labor Adjustment (values resolved from the tenant's picklist, never hard-coded) that name an imported time
// entry. Every time-entry run reads them for its window with ONE date-window query on itemDate (a day of
// margin either side; keyset-paged), so the cost does not grow with the number of entries; local postings of
// the window that the query did not return are re-read by id (`id in` batches) before being cleared, so a
// posting whose itemDate differs from the entry's date is not dropped by mistake. A posting that disappears
// (un-posted in Autotask) clears the mark: the double-billing guard lifts. The read runs beside the
// time-entry read (startLabourPostingRead) and is planned after it, against the items as it left them.
import { addDays } from '../../shared/dates';
import { isolate } from '../../shared/display-text';
import { BILLING_ITEM_FIELDS, billingItemSchema, parseRecord, type AutotaskBillingItem } from './autotask-payloads';
import { loadItemsByEntryIds, type LocalItem } from './local-items';
import type { PagePlan, PlanAction, PostingValues } from './plan';
import { billedItemInvoices as billedItems } from '../db/queries/items';
import type { SyncContext } from './sync-context';
import { selectPostingsByIds, selectPostingsOfItemsDated, type PostingRow } from '../db/queries/labour-postings';
import type { AutotaskClient } from '../autotask';

const LABOUR_LABEL = /^\s*labou?r(\s+adjustments?)?\s*$/i;

/** The billingItemType values labelled Labor / Labor Adjustment in this tenant. */
export async function resolveLabourTypes(client: AutotaskClient): Promise<Map<number, string>> {
  const fields = await client.fields('BillingItems');
  const field = fields.find((f) => f.name.toLowerCase() === 'billingitemtype');
  const out = new Map<number, string>();
  for (const v of field?.picklistValues ?? []) {
    const n = Number(v.value);
    if (Number.isInteger(n) && LABOUR_LABEL.test(String(v.label))) out.set(n, String(v.label).trim());
  }
  return out;
}

type LocalPosting = PostingRow;

/** What Autotask returned for the window: the tenant's labour types, the postings read, and read errors. */
export interface LabourPostingSnapshot {
  types: Map<number, string>;
  /** Labour postings that name a time entry, by BillingItem id. */
  found: Map<number, AutotaskBillingItem>;
  /** Ids returned but unreadable (kept as they are: never cleared on a bad read). */
  unreadable: Set<number>;
  readErrors: PlanAction[];
}

/** What the database holds for the same postings and the items they name. */
export interface LabourPostingLocal {
  /** Postings of items dated in the window (dateWorked set), and those returned but dated outside (null). */
  postings: Map<number, LocalPosting>;
  /** Imported items by time entry id. */
  items: Map<number, Pick<LocalItem, 'id' | 'autotaskTimeEntryId' | 'dateWorked' | 'hours' | 'amount'>>;
  /** Item id → the closed-run invoice it is billed on. */
  billed: Map<number, string>;
}

function toValues(b: AutotaskBillingItem): PostingValues {
  return { id: b.id, autotaskTimeEntryId: b.timeEntryID!, billingItemType: b.billingItemType, postedDate: b.postedDate, autotaskInvoiceId: b.invoiceID };
}

const same = (a: PostingValues, b: PostingValues) =>
  a.autotaskTimeEntryId === b.autotaskTimeEntryId && a.billingItemType === b.billingItemType && a.postedDate === b.postedDate && a.autotaskInvoiceId === b.autotaskInvoiceId;

const NO_LABOUR_TYPES =
  'Labour postings were not read: the BillingItems billingItemType picklist has no Labor / Labor Adjustment value, so posted-in-Autotask items cannot be recognised (they stay as they were).';

export interface LabourPostingRead {
  /** Stops reading at the next page (the run failed or stopped elsewhere); `finish` is then not called. */
  stop(): Promise<void>;
  /** Waits for the read, loads what the database holds now, re-reads by id what it still lacks, and plans. */
  finish(plannedEntries?: ReadonlySet<number>): Promise<{ plan: PagePlan; summary: string }>;
}

/**
 * Starts reading the window's labour postings now, so the read can run beside the time-entry read (another
 * endpoint, so it takes none of that read's request slots). `quiet`: no progress while it runs (the
 * time-entry read owns the bar); `finish` shows "Reading labour postings" only if there is still a wait.
 * The plan is made from the database as it is when `finish` is called: a local posting of the window that
 * the early read neither returned nor re-checked (its item moved into the window meanwhile) is re-read by
 * id first, so it is never cleared unseen.
 */
export function startLabourPostingRead(ctx: SyncContext, from: string, to: string, opts: { quiet: boolean }): LabourPostingRead {
  const { sqlite } = ctx;
  const windowIds = selectPostingsOfItemsDated(sqlite, from, to).map((r) => r.id);
  let stopped = false;
  const fetching = fetchLabourPostings(ctx, from, to, windowIds, { quiet: opts.quiet, stopped: () => stopped });
  fetching.catch(() => undefined); // handled by finish() or stop()
  const stop = async () => {
    stopped = true;
    await fetching.catch(() => undefined);
  };
  return {
    stop,
    finish: async (plannedEntries = new Set()) => {
      try {
        if (opts.quiet) ctx.progress('Reading labour postings', 0, 1); // throws once the run is cancelled
      } catch (error) {
        await stop();
        throw error;
      }
      const snapshot = await fetching;
      if (snapshot === null) {
        const plan: PagePlan = { actions: [], unchanged: 0, clearSkipKeys: [] };
        plan.actions.push({
          kind: 'error',
          syncType: 'time_entry',
          autotaskId: null,
          message: NO_LABOUR_TYPES,
          log: { syncType: 'time_entry', operation: 'error', status: 'error', message: NO_LABOUR_TYPES },
        });
        return { plan, summary: 'labour postings not read' };
      }
      const postings = new Map<number, LocalPosting>();
      for (const r of selectPostingsOfItemsDated(sqlite, from, to)) postings.set(r.id, r);
      const checked = new Set(windowIds);
      const late = [...postings.keys()].filter((id) => !checked.has(id) && !snapshot.found.has(id) && !snapshot.unreadable.has(id));
      if (late.length) await recheckById(ctx.client, snapshot, late);
      if (opts.quiet) ctx.progress('Reading labour postings', 1, 1);
      // Postings we already know outside this window that were returned (itemDate in the window) are planned too.
      for (const r of selectPostingsByIds(
        sqlite,
        [...snapshot.found.keys()].filter((id) => !postings.has(id)),
      ))
        postings.set(r.id, r);
      const entryIds = new Set([...snapshot.found.values()].map((b) => b.timeEntryID!).concat([...postings.values()].map((p) => p.autotaskTimeEntryId)));
      const items = loadItemsByEntryIds(sqlite, [...entryIds]);
      const local: LabourPostingLocal = {
        postings,
        items,
        billed: billedItems(
          sqlite,
          [...items.values()].map((i) => i.id),
        ),
      };
      return planPostingChanges(snapshot, local, plannedEntries);
    },
  };
}

function takeBillingItem(snapshot: LabourPostingSnapshot, raw: unknown): number | null {
  const parsed = parseRecord(billingItemSchema, 'BillingItem', raw);
  if (!parsed.ok) {
    snapshot.readErrors.push({
      kind: 'error',
      syncType: 'time_entry',
      autotaskId: parsed.id,
      message: parsed.message,
      log: { syncType: 'time_entry', operation: 'error', status: 'error', message: parsed.message, details: { problems: parsed.problems, record: parsed.raw } },
    });
    return parsed.id;
  }
  if (parsed.value.timeEntryID !== null && snapshot.types.has(parsed.value.billingItemType)) snapshot.found.set(parsed.value.id, parsed.value);
  return parsed.value.id;
}

/** Re-reads these postings by id (`id in` batches); one read fine but no longer a labour posting is gone. */
async function recheckById(client: AutotaskClient, snapshot: LabourPostingSnapshot, ids: readonly number[], stopped: () => boolean = () => false): Promise<void> {
  for await (const page of client.queryByIds('BillingItems', 'id', ids, { includeFields: BILLING_ITEM_FIELDS })) {
    for (const raw of page) {
      const id = takeBillingItem(snapshot, raw);
      if (id !== null && !snapshot.found.has(id)) snapshot.unreadable.delete(id); // read fine but no longer a labour posting
    }
    if (stopped()) return;
  }
}

/**
 * Reads the window's labour postings: ONE itemDate query (a day of margin either side), then by id the
 * local postings of the window (`windowIds`) it did not return. Null when the tenant has no labour type.
 * `stopped` is asked after each page: once true the read ends early (its result is then not used).
 */
export async function fetchLabourPostings(
  ctx: SyncContext,
  from: string,
  to: string,
  windowIds: readonly number[],
  opts: { quiet?: boolean; stopped?: () => boolean } = {},
): Promise<LabourPostingSnapshot | null> {
  const { client } = ctx;
  const stopped = opts.stopped ?? (() => false);
  const progress = (done: number) => (opts.quiet ? undefined : ctx.progress('Reading labour postings', done, 1));
  const types = await resolveLabourTypes(client);
  if (types.size === 0) return null;
  progress(0);
  const snapshot: LabourPostingSnapshot = { types, found: new Map(), unreadable: new Set(), readErrors: [] };
  const filter = [
    { op: 'in', field: 'billingItemType', value: [...types.keys()] },
    { op: 'exist', field: 'timeEntryID' },
    { op: 'gte', field: 'itemDate', value: `${addDays(from, -1)}T00:00:00.000Z` },
    { op: 'lt', field: 'itemDate', value: `${addDays(to, 2)}T00:00:00.000Z` },
  ];
  for await (const page of client.query('BillingItems', { filter, includeFields: BILLING_ITEM_FIELDS })) {
    for (const raw of page) {
      const id = takeBillingItem(snapshot, raw);
      if (id !== null && !snapshot.found.has(id)) snapshot.unreadable.add(id);
    }
    if (stopped()) return snapshot;
  }
  const recheck = windowIds.filter((id) => !snapshot.found.has(id) && !snapshot.unreadable.has(id));
  if (recheck.length) await recheckById(client, snapshot, recheck, stopped);
  progress(1);
  return snapshot;
}

/**
 * The posting plan, pure: read errors first; then each posting that names an imported (or, in a dry run,
 * planned) entry and is new or changed; then each local posting of the window Autotask no longer has.
 */
export function planPostingChanges(
  snapshot: LabourPostingSnapshot,
  local: LabourPostingLocal,
  plannedEntries: ReadonlySet<number> = new Set(),
): { plan: PagePlan; summary: string } {
  const plan: PagePlan = { actions: [...snapshot.readErrors], unchanged: 0, clearSkipKeys: [] };
  const { found, unreadable, types } = snapshot;
  let set = 0;
  let cleared = 0;
  for (const b of [...found.values()].sort((x, y) => x.id - y.id)) {
    // A dry run has not imported the entries it plans to create: they count as imported here.
    const item =
      local.items.get(b.timeEntryID!) ??
      (plannedEntries.has(b.timeEntryID!) ? { id: -1, autotaskTimeEntryId: b.timeEntryID!, dateWorked: (b.itemDate ?? '').slice(0, 10), hours: '?', amount: '?' } : undefined);
    if (!item) continue; // names no imported entry
    const next = toValues(b);
    const before = local.postings.get(b.id);
    if (before && same(before, next)) {
      plan.unchanged += 1;
      continue;
    }
    set += 1;
    plan.actions.push(setPosting(b, next, item, before, types, local.billed.get(item.id)));
  }
  for (const p of local.postings.values()) {
    if (found.has(p.id) || unreadable.has(p.id)) continue;
    if (p.dateWorked === null) continue; // outside the window: not checked by this run
    cleared += 1;
    const item = local.items.get(p.autotaskTimeEntryId);
    plan.actions.push({
      kind: 'clear-posting',
      autotaskId: p.id,
      log: {
        syncType: 'time_entry',
        operation: 'update',
        status: 'success',
        message: `Time entry ${p.autotaskTimeEntryId}${item ? ` (${item.dateWorked}, ${item.hours} h)` : ''} is no longer posted in Autotask (BillingItem ${p.id} is gone: un-posted); it is billable here again`,
        details: { autotaskTimeEntryId: p.autotaskTimeEntryId, posting: p },
      },
    });
  }
  return { plan, summary: `${found.size} labour posting(s) read (${set} new or changed, ${cleared} cleared)` };
}

function setPosting(
  b: AutotaskBillingItem,
  next: PostingValues,
  item: { id: number; autotaskTimeEntryId: number; dateWorked: string; hours: string; amount: string },
  before: LocalPosting | undefined,
  types: Map<number, string>,
  invoice: string | undefined,
): PlanAction {
  const typeLabel = types.get(b.billingItemType) ?? String(b.billingItemType);
  const where = `${b.postedDate ? ` on ${b.postedDate.slice(0, 10)}` : ''}${b.invoiceID !== null ? `, on Autotask invoice ${b.invoiceID}` : ''}`;
  const message = before
    ? `Time entry ${item.autotaskTimeEntryId} (${item.dateWorked}): its Autotask posting ${b.id} changed (${typeLabel}${where})`
    : `Time entry ${item.autotaskTimeEntryId} (${item.dateWorked}, ${item.hours} h, $${item.amount}) is posted in Autotask (${typeLabel}, BillingItem ${b.id}${where}): it is not billed here unless released`;
  return {
    kind: 'set-posting',
    autotaskId: b.id,
    posting: next,
    log: {
      syncType: 'time_entry',
      operation: 'update',
      status: invoice !== undefined ? 'warning' : 'success',
      message: invoice !== undefined ? `${message}. It is ALSO billed here on invoice ${isolate(invoice)}: check for a double invoice.` : message,
      details: { autotaskTimeEntryId: item.autotaskTimeEntryId, itemId: item.id, posting: next, before: before ?? null, billedOnInvoice: invoice ?? null },
    },
  };
}
