// ContractServiceUnits of synced contract lines (docs/product-rules.md#billing-sync): seat counts per date range, read by the contract
// run in `contractServiceID in [...]` batches (≤ 500 ids per request, by the client) for periods overlapping
// the last 13 months and the next 2. Keyed on the Autotask id. New rows are counted and summarised in one log
// row; a changed row is logged as an update (a `warning` when it is already billed: docs/product-rules.md#billing-adjustments, the billing
// step turns the difference into an adjustment); a row that disappeared gets removed_at (kept for history).
// Shape (issue #13): fetch (`fetchUnitRows`) and load (main/db/queries/unit-rows.ts) → the pure
// `planUnitRowChanges` → the contract run applies the actions with its own plan.
import { billedUnitRowIds, loadUnitRowsInWindow, type StoredUnitRow } from '../db/queries/unit-rows';
import { numberToCents } from './money';
import { CONTRACT_SERVICE_UNIT_FIELDS, contractServiceUnitSchema, parseRecord, type AutotaskContractServiceUnit } from './autotask-payloads';
import { errorAction, type PlanAction, type UnitRowValues } from './plan';
import type { SyncContext } from './sync-context';

export const UNIT_MONTHS_BACK = 13;
export const UNIT_MONTHS_AHEAD = 2;

export interface UnitRowWindow {
  from: string;
  to: string;
}

/** First day of the month 13 months back … last day of the month 2 months ahead (calendar dates). */
export function unitRowWindow(today: string): UnitRowWindow {
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

const BILLED_NOTE = ' It is already billed: the billed line is not changed; the difference becomes an adjustment in the next open month.';
const READING = 'Reading contract service units';

/** What Autotask returned for the lines asked for, parsed (unreadable records are in `readErrors`). */
export interface UnitRowSnapshot {
  /** The contract lines asked for. */
  lineIds: readonly number[];
  /** Every readable record, in read order (the plan drops those not asked for or outside the window). */
  units: AutotaskContractServiceUnit[];
  /** Ids of records that could not be parsed: their local rows are left alone. */
  unreadable: Set<number>;
  /** false when an unreadable record had no id: then no row is called removed. */
  idsComplete: boolean;
  readErrors: PlanAction[];
  /** Records read, readable or not. */
  read: number;
}

export interface UnitRowLocal {
  /** The stored rows of the lines asked for inside the window, removed ones included, by id. */
  rows: Map<number, StoredUnitRow>;
  /** Ids (of rows read or stored) that a closed billing run names. */
  billed: Set<number>;
}

export interface UnitRowPlan {
  actions: PlanAction[];
  unchanged: number;
  read: number;
}

/**
 * Plans the unit rows of these contract lines. `linesComplete` = every line id of the candidate contracts
 * was identifiable; only then can a missing row be called removed.
 */
export async function planUnitRows(ctx: SyncContext, lineIds: readonly number[], linesComplete: boolean): Promise<UnitRowPlan> {
  if (lineIds.length === 0) return { actions: [], unchanged: 0, read: 0 };
  const window = unitRowWindow(ctx.today);
  ctx.progress(READING, 0, lineIds.length);
  const rows = loadUnitRowsInWindow(ctx.sqlite, lineIds, window.from, window.to);
  const snapshot = await fetchUnitRows(ctx, lineIds, window, expectedUnitRows(rows.values()));
  const touched = [...new Set([...snapshot.units.map((u) => u.id), ...rows.keys()])];
  const local: UnitRowLocal = { rows, billed: billedUnitRowIds(ctx.sqlite, touched) };
  return planUnitRowChanges(snapshot, local, window, linesComplete);
}

/** Unit rows per line that the last read returned (the stored rows still in Autotask): a hint for packing the batches. */
function expectedUnitRows(rows: Iterable<StoredUnitRow>): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) if (r.removedAt === null) out.set(r.autotaskContractServiceId, (out.get(r.autotaskContractServiceId) ?? 0) + 1);
  return out;
}

/**
 * The ContractServiceUnits of these lines whose period overlaps the window. `expectedRows` (rows per line
 * last time) packs the `in` batches into full pages.
 */
export async function fetchUnitRows(ctx: SyncContext, lineIds: readonly number[], window: UnitRowWindow, expectedRows?: ReadonlyMap<number, number>): Promise<UnitRowSnapshot> {
  const out: UnitRowSnapshot = { lineIds, units: [], unreadable: new Set(), idsComplete: true, readErrors: [], read: 0 };
  const wanted = new Set(lineIds);
  const linesSeen = new Set<number>();
  // Overlapping the window: starts on or before its last day, ends on or after its first day.
  const filter = [
    { op: 'lt', field: 'startDate', value: `${addDay(window.to)}T00:00:00.000Z` },
    { op: 'gte', field: 'endDate', value: `${window.from}T00:00:00.000Z` },
  ];
  for await (const page of ctx.client.queryByIds('ContractServiceUnits', 'contractServiceID', lineIds, { filter, includeFields: CONTRACT_SERVICE_UNIT_FIELDS, expectedRows })) {
    for (const raw of page) {
      out.read += 1;
      const parsed = parseRecord(contractServiceUnitSchema, 'ContractServiceUnit', raw);
      if (parsed.ok) {
        out.units.push(parsed.value);
        if (wanted.has(parsed.value.contractServiceID)) linesSeen.add(parsed.value.contractServiceID);
        continue;
      }
      if (parsed.id !== null) out.unreadable.add(parsed.id);
      else out.idsComplete = false;
      out.readErrors.push(errorAction('contract', parsed.id, parsed.message, { problems: parsed.problems, record: parsed.raw }));
    }
    ctx.progress(READING, Math.min(linesSeen.size, lineIds.length), lineIds.length);
  }
  ctx.progress(READING, lineIds.length, lineIds.length);
  return out;
}

/**
 * The unit-row plan, pure: read errors first, then new and changed rows by id, rows gone from Autotask
 * (only when every id is known), and one summary note per line with new rows.
 */
export function planUnitRowChanges(snapshot: UnitRowSnapshot, local: UnitRowLocal, window: UnitRowWindow, linesComplete: boolean): UnitRowPlan {
  const plan: UnitRowPlan = { actions: [...snapshot.readErrors], unchanged: 0, read: snapshot.read };
  const returned = returnedRows(snapshot, window);
  const createdByLine = new Map<number, number>();
  for (const row of [...returned.values()].sort((a, b) => a.id - b.id)) {
    const before = local.rows.get(row.id);
    if (!before) {
      createdByLine.set(row.autotaskContractServiceId, (createdByLine.get(row.autotaskContractServiceId) ?? 0) + 1);
      plan.actions.push({ kind: 'upsert-unit-row', autotaskId: row.id, isNew: true, row, log: null });
      continue;
    }
    const update = changedRowAction(before, row, local.billed.has(row.id));
    if (update) plan.actions.push(update);
    else plan.unchanged += 1;
  }
  if (linesComplete && snapshot.idsComplete) {
    for (const before of local.rows.values()) {
      if (before.removedAt !== null || returned.has(before.id) || snapshot.unreadable.has(before.id)) continue;
      plan.actions.push(removedRowAction(before, local.billed.has(before.id)));
    }
  }
  // New rows: one log row per contract line (not one per unit row), listed by line in a dry run's plan.
  for (const [lineId, n] of [...createdByLine].sort((a, b) => a[0] - b[0])) plan.actions.push(createdNote(lineId, n, window));
  return plan;
}

/** The readable records asked for and inside the window (a defence against an ignored filter), as stored values. */
function returnedRows(snapshot: UnitRowSnapshot, { from, to }: UnitRowWindow): Map<number, UnitRowValues> {
  const wanted = new Set(snapshot.lineIds);
  const out = new Map<number, UnitRowValues>();
  for (const u of snapshot.units) {
    if (!wanted.has(u.contractServiceID)) continue;
    if (u.endDate < from || u.startDate > to) continue;
    out.set(u.id, {
      id: u.id,
      autotaskContractId: u.contractID,
      autotaskContractServiceId: u.contractServiceID,
      autotaskServiceId: u.serviceID,
      units: u.units,
      startDate: u.startDate,
      endDate: u.endDate,
      priceCents: u.price === null ? null : numberToCents(u.price),
      approveAndPostDate: u.approveAndPostDate,
    });
  }
  return out;
}

/** The update of a stored row that changed (or came back after removal); null when nothing changed. */
function changedRowAction(before: StoredUnitRow, row: UnitRowValues, isBilled: boolean): PlanAction | null {
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

function removedRowAction(before: StoredUnitRow, isBilled: boolean): PlanAction {
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

function createdNote(lineId: number, n: number, { from, to }: UnitRowWindow): PlanAction {
  return {
    kind: 'note',
    creates: { syncType: 'contract', autotaskId: lineId },
    log: {
      syncType: 'contract',
      operation: 'create',
      status: 'success',
      message: `${n} ContractServiceUnits row(s) imported for contract line ${lineId} (periods ${from} … ${to})`,
      details: { autotaskContractServiceId: lineId, created: n, window: { from, to } },
    },
  };
}

function addDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
