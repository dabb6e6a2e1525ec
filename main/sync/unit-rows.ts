// ContractServiceUnits of synced contract lines (docs/product-rules.md#billing-sync): seat counts per date range, read by the contract
// run in `contractServiceID in [...]` batches (≤ 500 ids per request, by the client) for periods overlapping
// the last 13 months and the next 2. Keyed on the Autotask id. New rows are counted and summarised in one log
// row; a changed row is logged as an update (a `warning` when it is already billed: docs/product-rules.md#billing-adjustments, the billing
// step turns the difference into an adjustment); a row that disappeared gets removed_at (kept for history).
// Shape: fetchUnitRows (Autotask) + the stored rows (main/db/queries/unit-rows.ts) → planUnitRowChanges (pure).
import { billedUnitRowIds, loadUnitRowsInWindow, type StoredUnitRow } from '../db/queries/unit-rows';
import { numberToCents } from './money';
import { CONTRACT_SERVICE_UNIT_FIELDS, contractServiceUnitSchema, parseRecord } from './autotask-payloads';
import type { PlanAction, UnitRowValues } from './plan';
import type { SyncContext } from './sync-context';

export const UNIT_MONTHS_BACK = 13;
export const UNIT_MONTHS_AHEAD = 2;

/** First day of the month 13 months back … last day of the month 2 months ahead (calendar dates). */
export function unitRowWindow(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1 - UNIT_MONTHS_BACK, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(y, m + UNIT_MONTHS_AHEAD, 0)).toISOString().slice(0, 10);
  return { from, to };
}

const UNIT_KEYS: readonly (keyof UnitRowValues)[] = [
  'autotaskContractId',
  'autotaskContractServiceId',
  'autotaskServiceId',
  'units',
  'startDate',
  'endDate',
  'priceCents',
  'approveAndPostDate',
];

export interface UnitRowPlan {
  actions: PlanAction[];
  unchanged: number;
  read: number;
}

/** What Autotask returned for the lines: rows in the window, ids that could not be parsed, parse errors. */
export interface UnitRowSnapshot {
  returned: Map<number, UnitRowValues>;
  unreadable: Set<number>;
  errors: PlanAction[];
  /** Every row id is known (no unreadable row without an id, and every line id was identifiable). */
  idsComplete: boolean;
  read: number;
}

/** Everything the planning rules look at besides the snapshot. */
export interface UnitRowLocal {
  /** Stored rows of the lines overlapping the window, removed ones included. */
  stored: Map<number, StoredUnitRow>;
  /** Ids of rows a closed billing run names. */
  billed: Set<number>;
  window: { from: string; to: string };
}

/**
 * Plans the unit rows of these contract lines. `linesComplete` = every line id of the candidate contracts
 * was identifiable; only then can a missing row be called removed.
 */
export async function planUnitRows(ctx: SyncContext, lineIds: readonly number[], linesComplete: boolean): Promise<UnitRowPlan> {
  if (lineIds.length === 0) return { actions: [], unchanged: 0, read: 0 };
  const window = unitRowWindow(ctx.today);
  const stored = loadUnitRowsInWindow(ctx.sqlite, lineIds, window.from, window.to);
  const snapshot = await fetchUnitRows(ctx, lineIds, linesComplete, window);
  const billed = billedUnitRowIds(ctx.sqlite, [...new Set([...snapshot.returned.keys(), ...stored.keys()])]);
  return planUnitRowChanges(snapshot, { stored, billed, window });
}

/** Reads the lines' ContractServiceUnits overlapping the window (`contractServiceID in` batches). */
async function fetchUnitRows(ctx: SyncContext, lineIds: readonly number[], linesComplete: boolean, window: { from: string; to: string }): Promise<UnitRowSnapshot> {
  const { from, to } = window;
  const snapshot: UnitRowSnapshot = { returned: new Map(), unreadable: new Set(), errors: [], idsComplete: linesComplete, read: 0 };
  ctx.progress('Reading contract service units', 0, lineIds.length);
  const linesSeen = new Set<number>();
  const wanted = new Set(lineIds);
  // Overlapping the window: starts on or before its last day, ends on or after its first day.
  const filter = [
    { op: 'lt', field: 'startDate', value: `${addDay(to)}T00:00:00.000Z` },
    { op: 'gte', field: 'endDate', value: `${from}T00:00:00.000Z` },
  ];
  for await (const page of ctx.client.queryByIds('ContractServiceUnits', 'contractServiceID', lineIds, { filter, includeFields: CONTRACT_SERVICE_UNIT_FIELDS })) {
    for (const raw of page) {
      snapshot.read += 1;
      const row = readUnitRow(raw, snapshot);
      if (!row || !wanted.has(row.autotaskContractServiceId)) continue; // unreadable, or not asked for (defence against an ignored filter)
      if (row.endDate < from || row.startDate > to) continue;
      snapshot.returned.set(row.id, row);
      linesSeen.add(row.autotaskContractServiceId);
    }
    ctx.progress('Reading contract service units', Math.min(linesSeen.size, lineIds.length), lineIds.length);
  }
  ctx.progress('Reading contract service units', lineIds.length, lineIds.length);
  return snapshot;
}

/** One record as unit-row values, or null (with an error action, and its id marked unreadable) when it does not parse. */
function readUnitRow(raw: unknown, into: UnitRowSnapshot): UnitRowValues | null {
  const parsed = parseRecord(contractServiceUnitSchema, 'ContractServiceUnit', raw);
  if (!parsed.ok) {
    if (parsed.id !== null) into.unreadable.add(parsed.id);
    else into.idsComplete = false;
    into.errors.push({
      kind: 'error',
      syncType: 'contract',
      autotaskId: parsed.id,
      message: parsed.message,
      log: { syncType: 'contract', operation: 'error', status: 'error', message: parsed.message, details: { problems: parsed.problems, record: parsed.raw } },
    });
    return null;
  }
  const u = parsed.value;
  return {
    id: u.id,
    autotaskContractId: u.contractID,
    autotaskContractServiceId: u.contractServiceID,
    autotaskServiceId: u.serviceID,
    units: u.units,
    startDate: u.startDate,
    endDate: u.endDate,
    priceCents: u.price === null ? null : numberToCents(u.price),
    approveAndPostDate: u.approveAndPostDate,
  };
}

const BILLED_NOTE = ' It is already billed: the billed line is not changed; the difference becomes an adjustment in the next open month.';

/** The planning rules, pure: creates (counted per line), changes (warning when billed), removals (only when every id is known). */
export function planUnitRowChanges(snapshot: UnitRowSnapshot, local: UnitRowLocal): UnitRowPlan {
  const plan: UnitRowPlan = { actions: [...snapshot.errors], unchanged: 0, read: snapshot.read };
  const createdByLine = new Map<number, number>();
  for (const row of [...snapshot.returned.values()].sort((a, b) => a.id - b.id)) {
    const before = local.stored.get(row.id);
    if (!before) {
      createdByLine.set(row.autotaskContractServiceId, (createdByLine.get(row.autotaskContractServiceId) ?? 0) + 1);
      plan.actions.push({ kind: 'upsert-unit-row', autotaskId: row.id, isNew: true, row, log: null });
      continue;
    }
    const change = planChange(before, row, local.billed.has(row.id));
    if (change) plan.actions.push(change);
    else plan.unchanged += 1;
  }
  if (snapshot.idsComplete) {
    for (const before of local.stored.values()) {
      if (before.removedAt !== null || snapshot.returned.has(before.id) || snapshot.unreadable.has(before.id)) continue;
      plan.actions.push(planRemoval(before, local.billed.has(before.id)));
    }
  }
  // New rows: one log row per contract line (not one per unit row), listed by line in a dry run's plan.
  for (const [lineId, n] of [...createdByLine].sort((a, b) => a[0] - b[0])) plan.actions.push(createdNote(lineId, n, local.window));
  return plan;
}

function planChange(before: StoredUnitRow, row: UnitRowValues, isBilled: boolean): PlanAction | null {
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of UNIT_KEYS) if (before[k] !== row[k]) changed[k] = { before: before[k], after: row[k] };
  if (before.removedAt !== null) changed.removed = { before: true, after: false };
  if (Object.keys(changed).length === 0) return null;
  const what = `Units row ${row.id} of contract line ${row.autotaskContractServiceId} (${row.startDate} … ${row.endDate})`;
  const unitsText = changed.units ? `: ${before.units} → ${row.units} units` : '';
  return {
    kind: 'upsert-unit-row',
    autotaskId: row.id,
    isNew: false,
    row,
    log: {
      syncType: 'contract',
      operation: 'update',
      status: isBilled ? 'warning' : 'success',
      message: `${what} changed in Autotask${unitsText} (${Object.keys(changed).join(', ')}).${isBilled ? BILLED_NOTE : ''}`,
      details: { autotaskContractServiceUnitId: row.id, autotaskContractServiceId: row.autotaskContractServiceId, changed, billed: isBilled },
    },
  };
}

function planRemoval(before: StoredUnitRow, isBilled: boolean): PlanAction {
  return {
    kind: 'remove-unit-row',
    autotaskId: before.id,
    log: {
      syncType: 'contract',
      operation: 'update',
      status: isBilled ? 'warning' : 'success',
      message: `Units row ${before.id} of contract line ${before.autotaskContractServiceId} (${before.startDate} … ${before.endDate}, ${before.units} units) is no longer in Autotask; marked removed.${isBilled ? BILLED_NOTE : ''}`,
      details: { autotaskContractServiceUnitId: before.id, autotaskContractServiceId: before.autotaskContractServiceId, row: before, billed: isBilled },
    },
  };
}

function createdNote(lineId: number, n: number, window: { from: string; to: string }): PlanAction {
  return {
    kind: 'note',
    creates: { syncType: 'contract', autotaskId: lineId },
    log: {
      syncType: 'contract',
      operation: 'create',
      status: 'success',
      message: `${n} ContractServiceUnits row(s) imported for contract line ${lineId} (periods ${window.from} … ${window.to})`,
      details: { autotaskContractServiceId: lineId, created: n, window },
    },
  };
}

function addDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
