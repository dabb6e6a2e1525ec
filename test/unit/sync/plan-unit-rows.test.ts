// Issue #13 point 4: the ContractServiceUnits planning rules, tested directly on plain data (no sandbox, no
// database). Each row: what Autotask returned, the stored rows and billed ids, and the actions expected.
import { describe, expect, it } from 'vitest';
import type { StoredUnitRow } from '../../../main/db/queries/unit-rows';
import type { PlanAction, UnitRowValues } from '../../../main/sync/plan';
import { planUnitRowChanges, unitRowWindow, type UnitRowSnapshot } from '../../../main/sync/unit-rows';

const WINDOW = { from: '2025-11-01', to: '2027-02-28' };
const row = (o: Partial<UnitRowValues> = {}): UnitRowValues => ({
  id: 1,
  autotaskContractId: 10,
  autotaskContractServiceId: 1000,
  autotaskServiceId: 7,
  units: 5,
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  priceCents: 5495,
  approveAndPostDate: null,
  ...o,
});
const stored = (o: Partial<StoredUnitRow> = {}): StoredUnitRow => ({ ...row(), removedAt: null, ...o });
const snap = (rows: UnitRowValues[], o: Partial<UnitRowSnapshot> = {}): UnitRowSnapshot => ({
  returned: new Map(rows.map((r) => [r.id, r])),
  unreadable: new Set(),
  errors: [],
  idsComplete: true,
  read: rows.length,
  ...o,
});
const describeAction = (a: PlanAction): string => {
  if (a.kind === 'upsert-unit-row') return `${a.isNew ? 'new' : 'change'} ${a.autotaskId}${a.log ? ` ${a.log.status}` : ''}`;
  if (a.kind === 'remove-unit-row') return `remove ${a.autotaskId} ${a.log.status}`;
  if (a.kind === 'note') return `note ${a.log.message}`;
  return a.kind;
};

interface Case {
  name: string;
  snapshot: UnitRowSnapshot;
  stored?: StoredUnitRow[];
  billed?: number[];
  expected: string[];
  unchanged?: number;
}

const cases: Case[] = [
  {
    name: 'a new row is counted per line in one note, not logged alone',
    snapshot: snap([row(), row({ id: 2 })]),
    expected: ['new 1', 'new 2', 'note 2 ContractServiceUnits row(s) imported for contract line 1000 (periods 2025-11-01 … 2027-02-28)'],
  },
  { name: 'an unchanged row writes nothing and is counted', snapshot: snap([row()]), stored: [stored()], expected: [], unchanged: 1 },
  { name: 'a changed seat count is an update', snapshot: snap([row({ units: 7 })]), stored: [stored()], expected: ['change 1 success'] },
  { name: 'a changed row that is billed is a warning', snapshot: snap([row({ units: 7 })]), stored: [stored()], billed: [1], expected: ['change 1 warning'] },
  { name: 'a removed row that comes back is a change', snapshot: snap([row()]), stored: [stored({ removedAt: '2026-11-01T00:00:00.000Z' })], expected: ['change 1 success'] },
  { name: 'a row Autotask no longer returns is marked removed', snapshot: snap([]), stored: [stored()], expected: ['remove 1 success'] },
  { name: 'a billed row that disappears is a warning', snapshot: snap([]), stored: [stored()], billed: [1], expected: ['remove 1 warning'] },
  { name: 'an already removed row is not removed again', snapshot: snap([]), stored: [stored({ removedAt: '2026-11-01T00:00:00.000Z' })], expected: [] },
  { name: 'nothing is called removed when ids are incomplete', snapshot: snap([], { idsComplete: false }), stored: [stored()], expected: [] },
  { name: 'an unreadable row is not called removed', snapshot: snap([], { unreadable: new Set([1]) }), stored: [stored()], expected: [] },
];

describe('planUnitRowChanges', () => {
  it.each(cases)('$name', (c) => {
    const plan = planUnitRowChanges(c.snapshot, { stored: new Map((c.stored ?? []).map((r) => [r.id, r])), billed: new Set(c.billed ?? []), window: WINDOW });
    expect(plan.actions.map(describeAction)).toEqual(c.expected);
    expect(plan.unchanged).toBe(c.unchanged ?? 0);
  });

  it('names the changed fields and the seat change in the log message', () => {
    const plan = planUnitRowChanges(snap([row({ units: 7, priceCents: 6000 })]), { stored: new Map([[1, stored()]]), billed: new Set(), window: WINDOW });
    const log = (plan.actions[0] as Extract<PlanAction, { kind: 'upsert-unit-row' }>).log!;
    expect(log.message).toBe('Units row 1 of contract line 1000 (2026-12-01 … 2026-12-31) changed in Autotask: 5 → 7 units (units, priceCents).');
  });

  it('parse errors lead the plan', () => {
    const error: PlanAction = {
      kind: 'error',
      syncType: 'contract',
      autotaskId: 9,
      message: 'bad',
      log: { syncType: 'contract', operation: 'error', status: 'error', message: 'bad' },
    };
    const plan = planUnitRowChanges(snap([row()], { errors: [error] }), { stored: new Map(), billed: new Set(), window: WINDOW });
    expect(plan.actions[0]).toBe(error);
  });

  it('the window runs from the first day 13 months back to the last day 2 months ahead', () => {
    expect(unitRowWindow('2026-12-03')).toEqual({ from: '2025-11-01', to: '2027-02-28' });
  });
});
