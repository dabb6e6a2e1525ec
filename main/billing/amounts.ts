// Exact billing arithmetic (docs/product-rules.md#billing-period): integer cents, proration in exact integer arithmetic (BigInt),
// rounding half away from zero. Hours × rate reuses the sync's money helpers (main/sync/money.ts).
import Big from 'big.js';

export { amountCents } from '../sync/money';
export { centsToDecimal, decimalToCents } from '../../shared/money';

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Exact decimal text → (integer numerator, power-of-ten denominator). */
function decimalParts(value: number | string): { num: bigint; den: bigint } {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new Error(`Not an exact decimal: ${JSON.stringify(value)}`);
  const frac = m[3] ?? '';
  const num = BigInt(`${m[2]}${frac}`) * (m[1] ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/** n ÷ d rounded half away from zero (d > 0). */
function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  if ((a % d) * 2n >= d) q += 1n;
  return neg ? -q : q;
}

/**
 * round_half_away(units × unitPriceCents × days ÷ daysInMonth), exactly. A whole month
 * (days = daysInMonth) is exactly units × unitPriceCents. `units` may be an integer or exact decimal text.
 */
export function prorateCents(units: number | string, unitPriceCents: number, days: number, daysInMonth: number): number {
  if (!Number.isSafeInteger(unitPriceCents)) throw new Error(`Not a whole number of cents: ${unitPriceCents}`);
  if (!Number.isSafeInteger(days) || days < 0) throw new Error(`Not a number of days: ${days}`);
  if (!Number.isSafeInteger(daysInMonth) || daysInMonth <= 0) throw new Error(`Not a month length: ${daysInMonth}`);
  const u = decimalParts(units);
  const n = u.num * BigInt(unitPriceCents) * BigInt(days);
  const cents = divRoundHalfAway(n, u.den * BigInt(daysInMonth));
  const out = Number(cents);
  if (!Number.isSafeInteger(out)) throw new Error(`Amount out of range: ${String(units)} × ${unitPriceCents} × ${days}/${daysInMonth}`);
  return out;
}

/** Numeric equality of two exact decimals ("5.00" = "5"). */
export function sameQuantity(a: string, b: string): boolean {
  return a === b || new Big(a).eq(new Big(b));
}

/** Exact decimal text of a − b, with the places of the more precise operand (at least `minPlaces`). */
export function subtractQuantity(a: string, b: string, minPlaces: number): string {
  return quantityText(new Big(a).minus(new Big(b)).toFixed(), minPlaces);
}

/** Exact decimal text with at least `minPlaces` places: ("5", 2) → "5.00", ("1.125", 2) → "1.125", ("12", 0) → "12". */
export function quantityText(value: string, minPlaces: number): string {
  // Fast path (no Big): already canonical with exactly `minPlaces` places ("5.00" for 2, "12" for 0).
  const fast = /^(?:0|[1-9]\d*)(?:\.(\d+))?$/.exec(value);
  if (fast && (fast[1]?.length ?? 0) === minPlaces) return value;
  const b = new Big(value);
  const dp = Math.max(minPlaces, (b.toFixed().split('.')[1] ?? '').length);
  return b.toFixed(dp);
}
