// ContractServiceUnits of synced contract lines (docs/product-rules.md#billing-sync): seat counts per date range, read by the contract
// run in `contractServiceID in [...]` batches (≤ 500 ids per request, by the client) for periods overlapping
// the last 13 months and the next 2. Keyed on the Autotask id. New rows are counted and summarised in one log
// row; a changed row is logged as an update (a `warning` when it is already billed: docs/product-rules.md#billing-adjustments, the billing
// step turns the difference into an adjustment); a row that disappeared gets removed_at (kept for history).
import type Database from 'better-sqlite3';
import { BILLED_LINES } from '../db/queries/billed-lines';
import { numberToCents } from './money';
import { CONTRACT_SERVICE_UNIT_FIELDS, contractServiceUnitSchema, parseRecord } from './autotask-payloads';
import type { PlanAction, UnitRowValues } from './plan';
import { chunk, placeholders, type SyncContext } from './sync-context';

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

interface LocalUnitRow extends UnitRowValues {
  removedAt: string | null;
}

function loadUnitRows(sqlite: Database.Database, lineIds: readonly number[], from: string, to: string): Map<number, LocalUnitRow> {
  const out = new Map<number, LocalUnitRow>();
  for (const part of chunk(lineIds, 900)) {
    const rows = sqlite
      .prepare(
        `SELECT id, autotask_contract_id AS autotaskContractId, autotask_contract_service_id AS autotaskContractServiceId,
                autotask_service_id AS autotaskServiceId, units, start_date AS startDate, end_date AS endDate,
                price_cents AS priceCents, approve_and_post_date AS approveAndPostDate, removed_at AS removedAt
           FROM contract_service_units
          WHERE autotask_contract_service_id IN (${placeholders(part.length)}) AND start_date <= ? AND end_date >= ?`,
      )
      .all(...part, to, from) as LocalUnitRow[];
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Unit row ids named by a line of a closed, not reopened billing run (billed-ness is derived). */
export function billedUnitRowIds(sqlite: Database.Database, ids: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const part of chunk(ids, 900)) {
    const rows = sqlite.prepare(`SELECT DISTINCT l.unit_row_id AS id FROM ${BILLED_LINES} WHERE l.unit_row_id IN (${placeholders(part.length)})`).all(...part) as { id: number }[];
    for (const r of rows) out.add(r.id);
  }
  return out;
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
  const plan: UnitRowPlan = { actions: [], unchanged: 0, read: 0 };
  if (lineIds.length === 0) return plan;
  const { from, to } = unitRowWindow(ctx.today);
  ctx.progress('Reading contract service units', 0, lineIds.length);
  const linesSeen = new Set<number>();
  const local = loadUnitRows(ctx.sqlite, lineIds, from, to);
  const wanted = new Set(lineIds);
  const returned = new Map<number, UnitRowValues>();
  const unreadable = new Set<number>();
  let idsComplete = linesComplete;
  // Overlapping the window: starts on or before its last day, ends on or after its first day.
  const filter = [
    { op: 'lt', field: 'startDate', value: `${addDay(to)}T00:00:00.000Z` },
    { op: 'gte', field: 'endDate', value: `${from}T00:00:00.000Z` },
  ];
  for await (const page of ctx.client.queryByIds('ContractServiceUnits', 'contractServiceID', lineIds, { filter, includeFields: CONTRACT_SERVICE_UNIT_FIELDS })) {
    for (const raw of page) {
      plan.read += 1;
      const parsed = parseRecord(contractServiceUnitSchema, 'ContractServiceUnit', raw);
      if (!parsed.ok) {
        if (parsed.id !== null) unreadable.add(parsed.id);
        else idsComplete = false;
        plan.actions.push({
          kind: 'error',
          syncType: 'contract',
          autotaskId: parsed.id,
          message: parsed.message,
          log: { syncType: 'contract', operation: 'error', status: 'error', message: parsed.message, details: { problems: parsed.problems, record: parsed.raw } },
        });
        continue;
      }
      const u = parsed.value;
      if (!wanted.has(u.contractServiceID)) continue; // not asked for (defence against an ignored filter)
      if (u.endDate < from || u.startDate > to) continue;
      returned.set(u.id, {
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
      linesSeen.add(u.contractServiceID);
    }
    ctx.progress('Reading contract service units', Math.min(linesSeen.size, lineIds.length), lineIds.length);
  }
  ctx.progress('Reading contract service units', lineIds.length, lineIds.length);

  const touched = [...new Set([...returned.keys(), ...local.keys()])];
  const billed = billedUnitRowIds(ctx.sqlite, touched);
  const billedNote = ' It is already billed: the billed line is not changed; the difference becomes an adjustment in the next open month.';
  const createdByLine = new Map<number, number>();
  for (const row of [...returned.values()].sort((a, b) => a.id - b.id)) {
    const before = local.get(row.id);
    if (!before) {
      createdByLine.set(row.autotaskContractServiceId, (createdByLine.get(row.autotaskContractServiceId) ?? 0) + 1);
      plan.actions.push({ kind: 'upsert-unit-row', autotaskId: row.id, isNew: true, row, log: null });
      continue;
    }
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    for (const k of UNIT_KEYS) if (before[k] !== row[k]) changed[k] = { before: before[k], after: row[k] };
    if (before.removedAt !== null) changed.removed = { before: true, after: false };
    if (Object.keys(changed).length === 0) {
      plan.unchanged += 1;
      continue;
    }
    const isBilled = billed.has(row.id);
    const what = `Units row ${row.id} of contract line ${row.autotaskContractServiceId} (${row.startDate} … ${row.endDate})`;
    const unitsText = changed.units ? `: ${before.units} → ${row.units} units` : '';
    plan.actions.push({
      kind: 'upsert-unit-row',
      autotaskId: row.id,
      isNew: false,
      row,
      log: {
        syncType: 'contract',
        operation: 'update',
        status: isBilled ? 'warning' : 'success',
        message: `${what} changed in Autotask${unitsText} (${Object.keys(changed).join(', ')}).${isBilled ? billedNote : ''}`,
        details: { autotaskContractServiceUnitId: row.id, autotaskContractServiceId: row.autotaskContractServiceId, changed, billed: isBilled },
      },
    });
  }
  if (idsComplete) {
    for (const before of local.values()) {
      if (before.removedAt !== null || returned.has(before.id) || unreadable.has(before.id)) continue;
      const isBilled = billed.has(before.id);
      plan.actions.push({
        kind: 'remove-unit-row',
        autotaskId: before.id,
        log: {
          syncType: 'contract',
          operation: 'update',
          status: isBilled ? 'warning' : 'success',
          message: `Units row ${before.id} of contract line ${before.autotaskContractServiceId} (${before.startDate} … ${before.endDate}, ${before.units} units) is no longer in Autotask; marked removed.${isBilled ? billedNote : ''}`,
          details: { autotaskContractServiceUnitId: before.id, autotaskContractServiceId: before.autotaskContractServiceId, row: before, billed: isBilled },
        },
      });
    }
  }
  // New rows: one log row per contract line (not one per unit row), listed by line in a dry run's plan.
  for (const [lineId, n] of [...createdByLine].sort((a, b) => a[0] - b[0])) {
    plan.actions.push({
      kind: 'note',
      creates: { syncType: 'contract', autotaskId: lineId },
      log: {
        syncType: 'contract',
        operation: 'create',
        status: 'success',
        message: `${n} ContractServiceUnits row(s) imported for contract line ${lineId} (periods ${from} … ${to})`,
        details: { autotaskContractServiceId: lineId, created: n, window: { from, to } },
      },
    });
  }
  return plan;
}

function addDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
