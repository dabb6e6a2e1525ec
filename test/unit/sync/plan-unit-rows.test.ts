// Issue #13 point 4: the unit-row planning rules (ContractServiceUnits), tested directly on plain data (no
// sandbox, no database). Each row: what Autotask returned, the stored rows, and the plan actions expected
// ("kind id"; a note names the contract line it summarises).
import { describe, expect, it } from 'vitest';
import type { StoredUnitRow } from '../../../main/db/queries/unit-rows';
import { errorAction, type PlanAction } from '../../../main/sync/plan';
import type { AutotaskContractServiceUnit } from '../../../main/sync/autotask-payloads';
import { planUnitRowChanges, unitRowWindow, type UnitRowSnapshot } from '../../../main/sync/unit-rows';

const WINDOW = unitRowWindow('2026-12-03');
const unit = (o: Partial<AutotaskContractServiceUnit> = {}): AutotaskContractServiceUnit => ({
  id: 1,
  contractID: 10,
  contractServiceID: 1000,
  serviceID: 7,
  units: 3,
  price: 54.95,
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  approveAndPostDate: null,
  ...o,
});
const stored = (o: Partial<StoredUnitRow> = {}): StoredUnitRow => ({
  id: 1,
  autotaskContractId: 10,
  autotaskContractServiceId: 1000,
  autotaskServiceId: 7,
  units: 3,
  startDate: '2026-12-01',
  endDate: '2026-12-31',
  priceCents: 5495,
  approveAndPostDate: null,
  removedAt: null,
  ...o,
});
const unreadable = (id: number | null) =>
  errorAction('contract', id, `ContractServiceUnit ${id ?? '(record without an id)'} could not be read: units: expected a whole number of units`);

interface Case {
  name: string;
  units?: AutotaskContractServiceUnit[];
  stored?: StoredUnitRow[];
  billed?: number[];
  lineIds?: number[];
  linesComplete?: boolean;
  /** Unreadable records: their id, or null for one without an id. */
  unreadable?: (number | null)[];
  actions: string[];
  unchanged?: number;
  check?: (actions: PlanAction[]) => void;
}

function run(k: Case) {
  const bad = k.unreadable ?? [];
  const snapshot: UnitRowSnapshot = {
    lineIds: k.lineIds ?? [1000],
    units: k.units ?? [unit()],
    unreadable: new Set(bad.filter((id): id is number => id !== null)),
    idsComplete: !bad.includes(null),
    readErrors: bad.map(unreadable),
    read: (k.units ?? [unit()]).length + bad.length,
  };
  const rows = new Map((k.stored ?? []).map((r) => [r.id, r]));
  return planUnitRowChanges(snapshot, { rows, billed: new Set(k.billed ?? []) }, WINDOW, k.linesComplete ?? true);
}

const label = (a: PlanAction) => `${a.kind} ${a.kind === 'note' ? (a.creates?.autotaskId ?? '') : 'autotaskId' in a ? a.autotaskId : ''}`;
const logOf = (a: PlanAction | undefined) => (a && 'log' in a ? a.log : null);

const cases: Case[] = [
  {
    name: 'new row → upserted as new, one note for its line',
    actions: ['upsert-unit-row 1', 'note 1000'],
    check: ([u, n]) => {
      expect(u?.kind === 'upsert-unit-row' && u.isNew && u.row).toEqual({ ...stored(), removedAt: undefined });
      expect(logOf(u)).toBeNull();
      expect(logOf(n)?.message).toBe(`1 ContractServiceUnits row(s) imported for contract line 1000 (periods ${WINDOW.from} … ${WINDOW.to})`);
    },
  },
  {
    name: 'new rows on two lines → by id, one note per line, by line',
    lineIds: [1000, 999],
    units: [unit({ id: 3 }), unit({ id: 2, contractServiceID: 999 }), unit({ id: 1, startDate: '2026-11-01', endDate: '2026-11-30' })],
    actions: ['upsert-unit-row 1', 'upsert-unit-row 2', 'upsert-unit-row 3', 'note 999', 'note 1000'],
    check: (a) => expect(logOf(a[4])?.details).toMatchObject({ created: 2 }),
  },
  { name: 'unchanged row → nothing, counted', stored: [stored()], actions: [], unchanged: 1 },
  {
    name: 'price converted to cents (half away from zero), null kept',
    units: [unit({ price: 10.005 }), unit({ id: 2, price: null })],
    actions: ['upsert-unit-row 1', 'upsert-unit-row 2', 'note 1000'],
    check: ([a, b]) => {
      expect(a?.kind === 'upsert-unit-row' && a.row.priceCents).toBe(1001);
      expect(b?.kind === 'upsert-unit-row' && b.row.priceCents).toBeNull();
    },
  },
  {
    name: 'changed units → update, before → after, success',
    units: [unit({ units: 5 })],
    stored: [stored()],
    actions: ['upsert-unit-row 1'],
    check: ([u]) => {
      expect(logOf(u)).toMatchObject({ operation: 'update', status: 'success' });
      expect(logOf(u)?.message).toBe('Units row 1 of contract line 1000 (2026-12-01 … 2026-12-31) changed in Autotask: 3 → 5 units (units).');
      expect(logOf(u)?.details).toMatchObject({ changed: { units: { before: 3, after: 5 } }, billed: false });
    },
  },
  {
    name: 'changed and already billed → warning: the difference becomes an adjustment',
    units: [unit({ units: 5, approveAndPostDate: '2026-12-02T10:00:00.000Z' })],
    stored: [stored()],
    billed: [1],
    actions: ['upsert-unit-row 1'],
    check: ([u]) => {
      expect(logOf(u)?.status).toBe('warning');
      expect(logOf(u)?.message).toMatch(/\(units, approveAndPostDate\)\. It is already billed: .* adjustment in the next open month\.$/);
    },
  },
  {
    name: 'removed earlier, back in Autotask → update that un-removes it',
    stored: [stored({ removedAt: '2026-11-01T00:00:00.000Z' })],
    actions: ['upsert-unit-row 1'],
    check: ([u]) => expect(logOf(u)?.details).toMatchObject({ changed: { removed: { before: true, after: false } } }),
  },
  {
    name: 'stored row gone from Autotask → removed',
    units: [],
    stored: [stored()],
    actions: ['remove-unit-row 1'],
    check: ([r]) => {
      expect(logOf(r)?.status).toBe('success');
      expect(logOf(r)?.message).toBe('Units row 1 of contract line 1000 (2026-12-01 … 2026-12-31, 3 units) is no longer in Autotask; marked removed.');
    },
  },
  {
    name: 'gone and billed → removed with a warning',
    units: [],
    stored: [stored()],
    billed: [1],
    actions: ['remove-unit-row 1'],
    check: ([r]) => expect(logOf(r)?.status).toBe('warning'),
  },
  { name: 'gone but already removed → nothing', units: [], stored: [stored({ removedAt: '2026-11-01T00:00:00.000Z' })], actions: [] },
  { name: 'gone, but some contract line had no id → nothing removed', units: [], stored: [stored()], linesComplete: false, actions: [] },
  {
    name: 'unreadable record with an id → its error first, its stored row left alone',
    units: [unit({ id: 2 })],
    stored: [stored(), stored({ id: 2 })],
    unreadable: [1],
    actions: ['error 1'],
    unchanged: 1,
  },
  {
    name: 'unreadable record without an id → no row is called removed',
    units: [],
    stored: [stored(), stored({ id: 2 })],
    unreadable: [null],
    actions: ['error null'],
  },
  {
    name: 'a line not asked for (an ignored filter) → ignored, and its stored rows are not touched',
    units: [unit({ contractServiceID: 555 })],
    actions: [],
  },
  {
    name: 'outside the window (an ignored filter) → ignored; a stored row in the window is then gone',
    units: [unit({ startDate: '2024-01-01', endDate: '2024-01-31' }), unit({ id: 2, startDate: '2027-03-01', endDate: '2027-03-31' })],
    stored: [stored()],
    actions: ['remove-unit-row 1'],
  },
  {
    name: 'a period touching the window edges → kept',
    units: [unit({ startDate: '2020-01-01', endDate: WINDOW.from }), unit({ id: 2, startDate: WINDOW.to, endDate: '2030-12-31' })],
    actions: ['upsert-unit-row 1', 'upsert-unit-row 2', 'note 1000'],
  },
];

describe('planUnitRowChanges (pure)', () => {
  it.each(cases)('$name', (k) => {
    const plan = run(k);
    expect(plan.actions.map(label)).toEqual(k.actions);
    expect(plan.unchanged).toBe(k.unchanged ?? 0);
    k.check?.(plan.actions);
  });

  it('the window: the first day 13 months back … the last day 2 months ahead', () => {
    expect(unitRowWindow('2026-12-03')).toEqual({ from: '2025-11-01', to: '2027-02-28' });
    expect(unitRowWindow('2026-01-31')).toEqual({ from: '2024-12-01', to: '2026-03-31' });
  });

  it('passes the read count through', () => {
    expect(run({ name: '', unreadable: [null], actions: [] }).read).toBe(2);
  });
});
