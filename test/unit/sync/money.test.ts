import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountCents, hoursText, numberToCents, numberToDecimal } from '../../../main/sync/money';

describe('sync money', () => {
  it('prices the seed example exactly: 5 h × $150.00 = $750.00', () => {
    expect(amountCents(hoursText(5), 15000)).toBe(75000);
  });

  it('rounds half away from zero, to cents', () => {
    expect(amountCents('0.333', 15000)).toBe(4995); // 49.95
    expect(amountCents('0.01', 150)).toBe(2); // 1.5 cents → 2
    expect(amountCents('0.03', 150)).toBe(5); // 4.5 cents → 5
    expect(amountCents('-0.01', 150)).toBe(-2);
    expect(numberToCents(10.005)).toBe(1001);
    expect(numberToCents(-0.005)).toBe(-1);
  });

  it('reads doubles by their decimal text, never by binary arithmetic', () => {
    expect(numberToDecimal(54.95)).toBe('54.95');
    expect(numberToDecimal(0.1 + 0.2)).toBe('0.30');
    expect(hoursText(1.1)).toBe('1.10');
    expect(hoursText(1.125)).toBe('1.125');
    expect(hoursText(0.33333)).toBe('0.3333');
    expect(amountCents(hoursText(1.1), 15000)).toBe(16500); // 1.1 × 150 is 165.00000000000003 in floats
  });

  it('quarter hours at whole-cent rates are exact for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 100_000 }), (quarters, rate) => {
        const hours = hoursText(quarters / 4);
        const exact = quarters * rate; // quarter-hours × rate cents ÷ 4, rounded half up
        expect(amountCents(hours, rate)).toBe(Math.floor(exact / 4) + (exact % 4 >= 2 ? 1 : 0));
      }),
    );
  });
});
