// Turns a page of Autotask time entries into a plan (docs/product-rules.md#time-entries): billable + approved
// entries on a synced, not-ended contract line and inside the line's dates become engineering items
// priced at the fixed hourly rate; entries that stopped qualifying flag their local item (never deleted,
// never silently kept); entries in scope that cannot be billed (an ended line, a date outside the line's
// dates) are skipped with the reason. The reads ask only for entries on synced contracts, so an entry on
// no contract or on another contract arrives only as a local item's re-check (flagged); the ones the run
// did not read are counted in one summary row per kind (time-entry-sync.ts), never logged one by one.
import { isolate } from '../../shared/display-text';
import type Database from 'better-sqlite3';
import { centsToDecimal, decimalToCents } from '../../shared/money';
import { parseRecord, readTimeEntry, timeEntrySchema, type AutotaskTimeEntry } from './autotask-payloads';
import { clipWarning } from './field-bounds';
import { ITEM_KEYS, itemValuesOf, loadItemsByEntryIds, type LocalItem } from './local-items';
import type { LocalService } from './local-services';
import { amountCents, hoursText } from './money';
import { diff, emptyPlan, type ItemValues, type PagePlan } from './plan';
import { loadSkipState } from '../db/queries/sync-state';
import { billedItemInvoices } from '../db/queries/items';

export const SUMMARY_MAX = 2000;
export const DELETED_REASON = 'deleted in Autotask';
export const NON_BILLABLE_REASON = 'made non-billable in Autotask';
export const UNAPPROVED_REASON = 'no longer approved for billing in Autotask';
/** Flags whose entry no longer counts as billable and approved in Autotask (the others still do). */
export const NOT_QUALIFYING_REASONS = [DELETED_REASON, NON_BILLABLE_REASON, UNAPPROVED_REASON] as const;
export const NO_CONTRACT_REASON = 'no longer on a contract in Autotask';
export const movedAwayReason = (contractId: number) => `moved to contract ${contractId}, which is not a synced contract`;
/** SQL LIKE pattern matching every `movedAwayReason`. */
export const MOVED_AWAY_LIKE = 'moved to contract %, which is not a synced contract';
/**
 * Flags whose entry is outside what the reads ask for (billable, approved, on a synced contract), so the
 * completeness count leaves their items out; the other flags (dates outside the line's) still count.
 */
export const OUT_OF_SET_REASONS = [...NOT_QUALIFYING_REASONS, NO_CONTRACT_REASON] as const;
const skipKey = (entryId: number) => `skip:time_entry:${entryId}`;

export interface TimeEntryRules {
  from: string;
  to: string;
  /** "150.00": the hourlyRate setting (the latest rate). */
  rate: string;
  /** Rate history (docs/product-rules.md#billing-sync): the rate in cents for an item worked on this date. Default: `rate` for every date. */
  rateFor?: (dateWorked: string) => number;
  /** Local services grouped by Autotask contract id, ascending by ContractService id. */
  servicesByContract: Map<number, LocalService[]>;
}

export interface EntryPagePlan extends PagePlan {
  /** Time entry ids that were evaluated inside the window (for the reconciliation's "seen" set). */
  evaluated: number[];
}

const money = (d: string) => `$${d}`;

/**
 * Plans one page. `windowOnly` drops entries dated outside from…to (the query's ±1 day margin); the
 * reconciliation re-read passes false, because a local item whose entry moved out of the window must
 * still be brought up to date.
 */
export function planTimeEntryPage(sqlite: Database.Database, raws: readonly unknown[], rules: TimeEntryRules, windowOnly: boolean): EntryPagePlan {
  const plan: EntryPagePlan = { ...emptyPlan(), evaluated: [] };
  const entries: AutotaskTimeEntry[] = [];
  for (const raw of raws) {
    const parsed = parseRecord(timeEntrySchema, 'Time entry', raw, readTimeEntry);
    const clip = clipWarning('time_entry', 'Time entry', parsed);
    if (clip) plan.actions.push(clip);
    if (parsed.ok) {
      entries.push(parsed.value);
      continue;
    }
    if (parsed.id !== null) plan.evaluated.push(parsed.id); // seen: an unreadable entry is not "deleted"
    plan.actions.push({
      kind: 'error',
      syncType: 'time_entry',
      autotaskId: parsed.id,
      message: parsed.message,
      log: { syncType: 'time_entry', operation: 'error', status: 'error', message: parsed.message, details: { problems: parsed.problems, record: parsed.raw } },
    });
  }
  const inScope = windowOnly ? entries.filter((e) => e.dateWorked >= rules.from && e.dateWorked <= rules.to) : entries;
  const local = loadItemsByEntryIds(
    sqlite,
    inScope.map((e) => e.id),
  );
  const skipState = loadSkipState(
    sqlite,
    inScope.map((e) => skipKey(e.id)),
  );
  const flatCents = decimalToCents(rules.rate);
  const rateOf = (date: string): { rate: string; rateCents: number } => {
    const cents = rules.rateFor ? rules.rateFor(date) : flatCents;
    return { rate: centsToDecimal(cents), rateCents: cents };
  };
  const billed = billedItemInvoices(
    sqlite,
    [...local.values()].map((i) => i.id),
  );

  for (const e of inScope) {
    plan.evaluated.push(e.id);
    const skipped = planEntry(plan, e, local.get(e.id), rules, skipState, billed, rateOf);
    if (!skipped && skipState.has(skipKey(e.id))) plan.clearSkipKeys.push(skipKey(e.id));
  }
  return plan;
}

type RateOf = (date: string) => { rate: string; rateCents: number };

/** Plans one entry in the window (no closures per entry: this runs for every entry read). True when it was skipped. */
function planEntry(
  plan: EntryPagePlan,
  e: AutotaskTimeEntry,
  item: LocalItem | undefined,
  rules: TimeEntryRules,
  skipState: Map<string, string>,
  billed: Map<number, string>,
  rateOf: RateOf,
): boolean {
  if (e.isNonBillable || e.billingApprovalDateTime === null) {
    // An entry that never qualified and was never imported is simply not a candidate: no log row.
    if (item) planFlag(plan, item, e.isNonBillable ? NON_BILLABLE_REASON : UNAPPROVED_REASON);
    return false;
  }
  if (e.contractID === null) {
    if (item) planFlag(plan, item, NO_CONTRACT_REASON);
    else return planOutOfScope(plan, e, skipState, 'the time entry is not on a contract');
    return false;
  }
  const lines = rules.servicesByContract.get(e.contractID);
  if (!lines || lines.length === 0) {
    if (item) planFlag(plan, item, movedAwayReason(e.contractID));
    else return planOutOfScope(plan, e, skipState, `contract ${e.contractID} is not a synced contract (not active, or its name does not start with the SKU prefix)`);
    return false;
  }
  const line = (e.contractServiceID !== null ? lines.find((l) => l.autotaskContractServiceId === e.contractServiceID) : undefined) ?? lines[0]!;
  const outside = (line.startDate !== null && e.dateWorked < line.startDate) || (line.endDate !== null && e.dateWorked > line.endDate);
  if (!item) {
    if (line.ended)
      return planSkip(plan, e, skipState, `the service "${isolate(line.serviceName)}" on contract "${isolate(line.contractName)}" has ended (${line.endedReason ?? 'ended'})`);
    if (outside) return planSkip(plan, e, skipState, `dated ${e.dateWorked}, outside the service's dates ${lineDates(line)}`);
    const r = rateOf(e.dateWorked);
    planCreate(plan, e, line, r.rate, r.rateCents);
    return false;
  }
  if (outside) {
    planFlag(plan, item, `now dated ${e.dateWorked}, outside the service's dates ${lineDates(line)}`);
    return false;
  }
  // A billed item is never re-priced (docs/product-rules.md#billing-adjustments): it keeps the rate it was billed at.
  const invoice = billed.get(item.id);
  const r = invoice !== undefined ? { rate: item.rate, rateCents: decimalToCents(item.rate) } : rateOf(e.dateWorked);
  planUpdate(plan, e, item, line, r.rate, r.rateCents, invoice);
  return false;
}

const lineDates = (line: LocalService) => `${line.startDate ?? 'open'} – ${line.endDate ?? 'open'}`;

/** An in-scope entry that cannot be billed: logged once per reason (the skip memory), remembered. */
function planSkip(plan: PagePlan, e: AutotaskTimeEntry, skipState: Map<string, string>, reason: string): true {
  const key = skipKey(e.id);
  const value = `${e.dateWorked}|${reason}`;
  plan.actions.push({
    kind: 'skip',
    syncType: 'time_entry',
    autotaskId: e.id,
    reason,
    stateKey: key,
    stateValue: value,
    log:
      skipState.get(key) === value
        ? null
        : {
            syncType: 'time_entry',
            operation: 'skip',
            status: 'skip',
            message: `Time entry ${e.id} (${e.dateWorked}) skipped: ${reason}`,
            details: { autotaskTimeEntryId: e.id, autotaskContractId: e.contractID, dateWorked: e.dateWorked, reason },
          },
  });
  return true;
}

/**
 * Out of scope and never imported: only a read that ignored the contract filter returns it. Counted as a
 * skip, neither logged (the run's summary rows say how many there are) nor remembered.
 */
function planOutOfScope(plan: PagePlan, e: AutotaskTimeEntry, skipState: Map<string, string>, reason: string): true {
  plan.actions.push({ kind: 'skip', syncType: 'time_entry', autotaskId: e.id, reason, stateKey: skipKey(e.id), stateValue: '', log: null });
  if (skipState.has(skipKey(e.id))) plan.clearSkipKeys.push(skipKey(e.id));
  return true;
}

function itemValues(e: AutotaskTimeEntry, line: LocalService, rate: string, rateCents: number): ItemValues {
  const hours = hoursText(e.hoursToBill ?? e.hoursWorked);
  const summary = e.summaryNotes?.trim() ? e.summaryNotes.trim().slice(0, SUMMARY_MAX) : null;
  return {
    serviceId: line.id,
    autotaskTimeEntryId: e.id,
    autotaskContractId: e.contractID,
    dateWorked: e.dateWorked,
    hours,
    rate,
    amount: centsToDecimal(amountCents(hours, rateCents)),
    summary,
    flagged: false,
    flagReason: null,
    autotaskLastModified: e.lastModifiedDateTime,
  };
}

function planCreate(plan: PagePlan, e: AutotaskTimeEntry, line: LocalService, rate: string, rateCents: number): void {
  const item = itemValues(e, line, rate, rateCents);
  plan.actions.push({
    kind: 'create-item',
    autotaskId: e.id,
    item,
    log: {
      syncType: 'time_entry',
      operation: 'create',
      status: 'success',
      message: `Time entry ${e.id} imported: ${item.hours} h × ${money(rate)}/h = ${money(item.amount)} on "${isolate(line.serviceName)}" (${isolate(line.contractName)}, ${isolate(line.customerName)})`,
      // Spelled out rather than spread: a spread object costs three times as much to build and to stringify,
      // once per imported entry (issue #15 point 4). Same keys, same order, as `{ ...item, … }`.
      details: {
        serviceId: item.serviceId,
        autotaskTimeEntryId: item.autotaskTimeEntryId,
        autotaskContractId: item.autotaskContractId,
        dateWorked: item.dateWorked,
        hours: item.hours,
        rate: item.rate,
        amount: item.amount,
        summary: item.summary,
        flagged: item.flagged,
        flagReason: item.flagReason,
        autotaskLastModified: item.autotaskLastModified,
        autotaskContractServiceId: line.autotaskContractServiceId,
        customer: line.customerName,
      } satisfies Record<keyof ItemValues | 'autotaskContractServiceId' | 'customer', unknown>,
    },
  });
}

function planUpdate(plan: PagePlan, e: AutotaskTimeEntry, current: LocalItem, line: LocalService, rate: string, rateCents: number, billedOn?: string): void {
  const next = itemValues(e, line, rate, rateCents);
  const changes = diff(itemValuesOf(current), next, ITEM_KEYS);
  if (Object.keys(changes).length === 0) {
    plan.unchanged += 1;
    return;
  }
  const unflagged = current.flagged;
  const fields = Object.keys(changes).filter((k) => k !== 'flagged' && k !== 'flagReason');
  plan.actions.push({
    kind: 'update-item',
    autotaskId: e.id,
    itemId: current.id,
    next,
    changes,
    log: {
      syncType: 'time_entry',
      operation: 'update',
      status: billedOn !== undefined ? 'warning' : 'success',
      message:
        (unflagged
          ? `Time entry ${e.id} qualifies again and is no longer flagged${fields.length ? ` (changed: ${fields.join(', ')})` : ''}`
          : `Time entry ${e.id} updated: ${fields.join(', ')}`) +
        (billedOn !== undefined
          ? `. It is already billed on invoice ${billedOn}: the billed line is not changed and the item keeps its billed rate; the difference becomes an adjustment in the next open month.`
          : ''),
      details: { autotaskTimeEntryId: e.id, changed: changes, ...(billedOn !== undefined ? { billedOnInvoice: billedOn } : {}) },
    },
  });
}

/** Flags a local item (or counts it unchanged when it is already flagged for the same reason). */
export function planFlag(plan: PagePlan, item: LocalItem, reason: string): void {
  if (item.flagged && item.flagReason === reason) {
    plan.unchanged += 1;
    return;
  }
  plan.actions.push({
    kind: 'flag-item',
    autotaskId: item.autotaskTimeEntryId,
    itemId: item.id,
    reason,
    log: {
      syncType: 'time_entry',
      operation: 'update',
      status: 'warning',
      message: `Time entry ${item.autotaskTimeEntryId} (${item.dateWorked}, ${item.hours} h, $${item.amount}) flagged: ${reason}. The billing item is kept and marked for review.`,
      details: { autotaskTimeEntryId: item.autotaskTimeEntryId, itemId: item.id, reason, item: itemValuesOf(item) },
    },
  });
}
