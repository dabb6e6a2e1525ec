// The time-entry reader that skips zod for records of the usual shape must answer exactly as
// timeEntrySchema does whenever it answers, and must answer for the records Autotask usually sends.
import { describe, expect, it } from 'vitest';
import { parseRecord, readTimeEntry, timeEntrySchema } from '../../../main/sync/autotask-payloads';
import { formatDateTime } from '../../../main/sandbox/date-format';

let seed = 99;
const rnd = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
const MISSING = Symbol('missing');

const ids = [1, 42, 2 ** 53 - 1, 2 ** 53, 0, -3, 1.5, Number.NaN, '7', null, MISSING] as const;
const hours = [0, 0.25, 1.5, 8, 24, 1000, 1000.01, -2, Number.POSITIVE_INFINITY, Number.NaN, '1.5', null, MISSING] as const;
const bools = [true, false, 'false', 0, null, MISSING] as const;
const texts = ['Fixed the backup', '', '  ', 'x'.repeat(300), 5, null, MISSING] as const;
const instants = () =>
  pick([
    () =>
      formatDateTime(
        Date.UTC(2026, rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60), rnd(1000)),
        pick(['ms', 'seconds', 'varying'] as const),
        pick(['always', 'never', 'mixed'] as const),
        String(rnd(1000)),
      ),
    () => '2026-02-30T00:00:00',
    () => '2026-11-24T02:00:00+10:00',
    () => 'yesterday',
    () => 7,
    () => null,
    () => MISSING,
  ])();
const dates = () =>
  pick([
    () => `2026-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(31)).padStart(2, '0')}T00:00:00${pick(['', 'Z', '.000Z', '.00'])}`,
    () => '2026-11-24',
    () => '2026-13-01T00:00:00Z',
    () => 20261124,
    () => null,
    () => MISSING,
  ])();

function record(): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    id: rnd(4) ? 1000 + rnd(100_000) : pick(ids),
    contractID: rnd(3) ? 1 + rnd(5000) : pick(ids),
    contractServiceID: rnd(3) ? 1 + rnd(5000) : pick(ids),
    dateWorked: dates(),
    hoursWorked: rnd(3) ? rnd(40) / 4 : pick(hours),
    hoursToBill: rnd(3) ? rnd(40) / 4 : pick(hours),
    isNonBillable: rnd(3) ? false : pick(bools),
    billingApprovalDateTime: instants(),
    lastModifiedDateTime: instants(),
    summaryNotes: pick(texts),
    ...(rnd(5) === 0 ? { resourceID: 29682885, userDefinedFields: [] } : {}),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== MISSING));
}

describe('readTimeEntry (the fast reader)', () => {
  it('answers exactly as timeEntrySchema whenever it answers, over 20,000 varied records', () => {
    let answered = 0;
    let schemaOk = 0;
    const wrong: unknown[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = record();
      const fast = readTimeEntry(r);
      const zod = timeEntrySchema.safeParse(r);
      if (zod.success) schemaOk++;
      if (fast === undefined) continue;
      answered++;
      if (!zod.success || JSON.stringify(zod.data) !== JSON.stringify(fast)) wrong.push({ r, fast, zod: zod.success ? zod.data : zod.error.issues });
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    // It does the work for the usual records: most records the schema accepts, it reads itself.
    expect(answered).toBeGreaterThan(0.9 * schemaOk);
  });

  it('parseRecord falls back to the schema for anything else, with the same error', () => {
    const bad = { id: 5, dateWorked: '2026-02-30T00:00:00Z', hoursWorked: 1, isNonBillable: false };
    const p = parseRecord(timeEntrySchema, 'Time entry', bad, readTimeEntry);
    expect(p.ok).toBe(false);
    expect(p.ok ? '' : p.message).toBe((parseRecord(timeEntrySchema, 'Time entry', bad) as { message: string }).message);
    const good = { id: 5, dateWorked: '2026-11-24T00:00:00', hoursWorked: 1.25, isNonBillable: false, billingApprovalDateTime: '2026-11-25T01:02:03.45Z' };
    expect(parseRecord(timeEntrySchema, 'Time entry', good, readTimeEntry)).toEqual(parseRecord(timeEntrySchema, 'Time entry', good));
  });
});
