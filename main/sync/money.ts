// Exact money and hours arithmetic for the sync. Autotask sends decimals as JSON doubles (54.95); the
// shortest string form of a double is the decimal the user typed, so we go number → string → Big and
// never multiply binary floats. Rounding is half away from zero (Big.roundHalfUp), as invoices expect.
import Big from 'big.js';
import { centsToDecimal, decimalToCents } from '../../shared/money';

const HALF_AWAY_FROM_ZERO = 1; // Big.roundHalfUp: ties go away from zero, for negatives too

function big(value: number): Big {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${String(value)}`);
  return new Big(String(value));
}

/** 54.95 → 5495; 10.005 → 1001; -0.005 → -1. */
export function numberToCents(value: number): number {
  const cents = Number(big(value).times(100).round(0, HALF_AWAY_FROM_ZERO).toFixed(0));
  if (!Number.isSafeInteger(cents)) throw new Error(`Money amount out of range: ${String(value)}`);
  return cents;
}

/** A money double as the decimal string the UI and the log show: 54.9 → "54.90". */
export function numberToDecimal(value: number): string {
  return centsToDecimal(numberToCents(value));
}

// Time entries repeat a handful of hour values (quarter hours) at a handful of rates, so the two functions
// below remember their last answers: the same exact result without a Big per entry (issue #15 point 4).
// Bounded: a map that grows past MEMO_MAX is emptied.
const MEMO_MAX = 4096;
const hoursMemo = new Map<number, string>();
const amountMemo = new Map<string, number>();
const centsMemo = new Map<string, number>();
function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** Hours as exact decimal text with at least two places and at most four: 5 → "5.00", 1.125 → "1.125". */
export function hoursText(value: number): string {
  const known = hoursMemo.get(value);
  if (known !== undefined) return known;
  const b = big(value).round(4, HALF_AWAY_FROM_ZERO);
  const dp = Math.max(2, (b.toFixed().split('.')[1] ?? '').length);
  return remember(hoursMemo, value, b.toFixed(dp));
}

/** hours × rate, rounded to cents half away from zero: ("5.00", 15000) → 75000. */
export function amountCents(hours: string, rateCents: number): number {
  const key = `${hours}|${rateCents}`;
  const known = amountMemo.get(key);
  if (known !== undefined) return known;
  const cents = Number(new Big(hours).times(rateCents).round(0, HALF_AWAY_FROM_ZERO).toFixed(0));
  if (!Number.isSafeInteger(cents)) throw new Error(`Amount out of range: ${hours} h × ${rateCents} cents`);
  return remember(amountMemo, key, cents);
}

/** decimalToCents for the money texts a page repeats (rates, amounts), remembered like the two above. */
export function decimalTextCents(decimal: string): number {
  const known = centsMemo.get(decimal);
  return known !== undefined ? known : remember(centsMemo, decimal, decimalToCents(decimal));
}
