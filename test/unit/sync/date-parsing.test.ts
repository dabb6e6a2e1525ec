// The date parsing every time entry goes through (two instants and a calendar date each): the fast path for
// the usual forms must give exactly what the general, Date-based reading gives, for every form Autotask
// sends (fraction digits vary, the Z may be missing) and for impossible values.
import { describe, expect, it } from 'vitest';
import { parseCalendarDate, parseCalendarDateGeneral, parseInstant, parseInstantGeneral } from '../../../main/sync/autotask-payloads';

// The general readings are the ones used before the fast paths (regex + Date), unchanged; the fast paths
// must give exactly their answers.
const referenceInstant = parseInstantGeneral;
const referenceCalendarDate = parseCalendarDateGeneral;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Deterministic: dates in and out of range, every fraction length, with and without Z, offsets, junk. */
function samples(): string[] {
  let seed = 42;
  const rnd = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  const out = [
    '2026-11-24T02:00:00Z',
    '2026-11-24T02:00:00.000Z',
    '2026-11-24T02:00:00.1234567Z',
    '2026-11-24T02:00:00.12',
    '2026-11-24T02:00:00',
    '2026-11-24T00:00:00Z',
    '2026-11-24',
    '2024-02-29T10:00:00Z',
    '2026-02-29T10:00:00Z',
    '2026-02-30T00:00:00',
    '2026-13-01T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T23:60:00Z',
    '2026-11-24T23:59:60Z',
    '2026-11-24T99:99:99Z',
    '0001-01-01T00:00:00Z',
    '0000-02-29T00:00:00',
    '1900-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2026-11-24T02:00:00z',
    '2026-11-24 02:00:00',
    '2026-11-24T02:00Z',
    '2026-11-24T02:00:00+10:00',
    '2026-11-24T02:00:00-0530',
    ' 2026-11-24T02:00:00Z ',
    '2026-11-24T02:00:00.Z',
    '2026-11-24T02:00:00ZZ',
    '26-11-24',
    'not a date',
    '',
  ];
  for (let i = 0; i < 4000; i++) {
    const y = [rnd(10_000), 1970 + rnd(80), 2000 + rnd(40), 1900, 2100, 1600][rnd(6)]!;
    const date = `${pad(y, 4)}-${pad(rnd(14))}-${pad(rnd(33))}`;
    const time = `${pad(rnd(26))}:${pad(rnd(62))}:${pad(rnd(62))}`;
    const frac = ['', '.0', '.00', '.000', '.5', '.123', '.1234567', '.999'][rnd(8)];
    const zone = ['', 'Z', 'Z', 'Z', '+00:00', '-08:00', '+0930'][rnd(7)];
    out.push([date, `${date}T${time}${frac}${zone}`, `${date}T${time}${zone}`][rnd(3)]!);
  }
  return out;
}

describe('date parsing', () => {
  it('instants: the fast path answers exactly as the general reading, for every sample', () => {
    const diffs = samples()
      .map((s) => ({ s, got: parseInstant(s), want: referenceInstant(s) }))
      .filter((r) => r.got !== r.want);
    expect(diffs).toEqual([]);
  });

  it('calendar dates: the same', () => {
    const diffs = samples()
      .map((s) => ({ s, got: parseCalendarDate(s), want: referenceCalendarDate(s) }))
      .filter((r) => r.got !== r.want);
    expect(diffs).toEqual([]);
  });

  it('reads the usual forms as canonical UTC instants and calendar dates', () => {
    expect(parseInstant('2026-11-24T02:00:00Z')).toBe('2026-11-24T02:00:00.000Z');
    expect(parseInstant('2026-11-24T02:00:00.1234567')).toBe('2026-11-24T02:00:00.123Z');
    expect(parseInstant('2026-11-24T02:00:00.5Z')).toBe('2026-11-24T02:00:00.500Z');
    expect(parseInstant('2026-02-30T00:00:00')).toBeNull();
    expect(parseCalendarDate('2026-11-24T00:00:00Z')).toBe('2026-11-24');
    expect(parseCalendarDate('2026-02-29T00:00:00Z')).toBeNull();
  });
});
