/**
 * Date-time text as the sandbox emits and accepts it. The real API is inconsistent about fractional
 * digits (`…T05:00:00Z`, `.00Z`, `.000Z`, `.1234567Z`) and possibly about the `Z`; the `varying`
 * style reproduces that deterministically (the variation depends on the value and field, not on luck).
 */
import { hashString } from './prng';

export type DateTimeStyle = 'ms' | 'seconds' | 'varying';
export type ZuluStyle = 'always' | 'never' | 'mixed';

const DIGIT_CHOICES = [0, 2, 3, 7] as const;

export function formatDateTime(ms: number, style: DateTimeStyle, zulu: ZuluStyle, variationKey: string): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const base = iso.slice(0, 19);
  const millis = iso.slice(20, 23);
  let fraction: string;
  const h = style === 'ms' && zulu !== 'mixed' ? 0 : hashString(variationKey);
  if (style === 'ms') fraction = `.${millis}`;
  else if (style === 'seconds') fraction = millis === '000' ? '' : `.${millis}`;
  else {
    const digits = DIGIT_CHOICES[h % DIGIT_CHOICES.length]!;
    // Never drop non-zero milliseconds: the instant must survive a round trip at ms precision.
    if (digits === 7) fraction = `.${millis}${String((h >>> 8) % 10000).padStart(4, '0')}`;
    else if (millis !== '000') fraction = `.${millis}`;
    else fraction = digits === 0 ? '' : `.${'0'.repeat(digits)}`;
  }
  const z = zulu === 'always' ? 'Z' : zulu === 'never' ? '' : (h >>> 4) % 3 === 0 ? '' : 'Z';
  return base + fraction + z;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Lenient parse of a date-time filter value or control-API input: no offset ⇒ UTC. NaN if invalid. */
export function parseInstant(text: string): number {
  const m = ISO_RE.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

export const DAY_MS = 86_400_000;

/** Midnight UTC of a 'YYYY-MM-DD' date. */
export function dayStart(date: string): number {
  const t = parseInstant(date);
  if (Number.isNaN(t)) throw new Error(`Invalid date "${date}"`);
  return Math.floor(t / DAY_MS) * DAY_MS;
}
