// Schemas for the Autotask records the sync reads. A record with a wrong type, a null where a value is
// required or a missing field does not stop the run: it becomes one `error` log row naming the field.
// Dates are parsed leniently (fractional digits vary, the `Z` may be missing ⇒ UTC); date-only fields
// (dateWorked, contract start/end) keep their calendar date part as sent, never shifted by a time zone.
import { z } from 'zod';
import { boundRecord, type ClippedField } from './field-bounds';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

// The forms Autotask sends nearly always (UTC, whole seconds, 0–7 fraction digits, with or without the Z)
// are read without a Date, a few times faster than the general path (two instants and a date per time
// entry, issue #15 point 4); anything else, or anything out of range, goes the general way, so the answer
// is the same either way (test/unit/sync/date-parsing.test.ts compares them).
const CALENDAR_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** A real calendar date (proleptic Gregorian, as Date has it). */
function isCalendarDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The number written by `n` ASCII digits of `s` from `at`, or -1 if one of them is not a digit. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** An Autotask date-time as an ISO UTC instant ("2026-11-24T02:00:00.000Z"), or null if unreadable. */
export function parseInstant(text: string): string | null {
  // The usual form, scanned by character: YYYY-MM-DDTHH:MM:SS, then an optional fraction, then an optional Z.
  if (text.length >= 19 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':') {
    const y = digitsAt(text, 0, 4);
    const hh = digitsAt(text, 11, 2);
    const mi = digitsAt(text, 14, 2);
    const ss = digitsAt(text, 17, 2);
    // Years below 1000 go the general way: Date.UTC reads 0–99 as 1900–1999, and that path keeps doing so.
    if (y >= 1000 && isCalendarDate(y, digitsAt(text, 5, 2), digitsAt(text, 8, 2)) && hh >= 0 && hh < 24 && mi >= 0 && mi < 60 && ss >= 0 && ss < 60) {
      let i = 19;
      let fracDigits = 0;
      if (text[i] === '.') {
        i++;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        fracDigits = i - 20;
      }
      if (text[i] === 'Z') i++;
      if (i === text.length && (text[19] !== '.' || fracDigits > 0)) {
        if (fracDigits === 3 && text.length === 24) return text; // already canonical
        const frac = fracDigits === 0 ? '000' : fracDigits >= 3 ? text.slice(20, 23) : (text.slice(20, 20 + fracDigits) + '00').slice(0, 3);
        return `${text.slice(0, 19)}.${frac}Z`;
      }
    }
  }
  return parseInstantGeneral(text);
}

/** The general reading (regex + Date) that parseInstant's fast path must agree with; exported for its test. */
export function parseInstantGeneral(text: string): string | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', zone] = m;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss), Number((frac + '000').slice(0, 3)));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  if (Number.isNaN(t)) return null;
  const iso = new Date(t).toISOString();
  // Reject impossible dates that Date.UTC would roll over (2026-02-30).
  return iso.slice(0, 10) === `${y}-${mo}-${d}` || zone ? iso : null;
}

/** The calendar date part of a date-only Autotask field ("2026-11-24T00:00:00Z" → "2026-11-24"). */
export function parseCalendarDate(text: string): string | null {
  const f = CALENDAR_RE.exec(text);
  if (f) return isCalendarDate(Number(f[1]), Number(f[2]), Number(f[3])) ? text.slice(0, 10) : null;
  return parseCalendarDateGeneral(text);
}

/** The general reading (regex + Date) that parseCalendarDate's fast path must agree with; exported for its test. */
export function parseCalendarDateGeneral(text: string): string | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const check = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === date ? date : null;
}

/** A received value quoted in a message, cut short: one huge field must not make a huge log row. */
export function quoteClipped(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}

// Bounds that keep every amount an exact whole number of cents: ±1,000,000,000 per unit price, ±1,000 hours
// per entry (Autotask itself caps a time entry at 24 hours worked). Anything beyond is a broken record.
const MAX_PRICE = 1_000_000_000;
const MAX_HOURS = 1_000;

const id = z.number({ error: 'expected a whole-number id' }).int('expected a whole-number id').refine(Number.isSafeInteger, 'id out of range');
const optionalId = id.nullish().transform((v) => v ?? null);
const decimal = z.number({ error: 'expected a number' }).refine(Number.isFinite, 'expected a finite number');
const price = decimal.refine((n) => Math.abs(n) <= MAX_PRICE, `is outside the range a price can have (±${MAX_PRICE.toLocaleString('en-US')})`);
const hours = decimal.refine((n) => Math.abs(n) <= MAX_HOURS, `is outside the range hours can have (±${MAX_HOURS.toLocaleString('en-US')})`);
const optionalText = z
  .string({ error: 'expected text' })
  .nullish()
  .transform((v) => v ?? null);
const bool = z.boolean({ error: 'expected true or false' });

const instant = z.string({ error: 'expected a date-time' }).transform((v, ctx) => {
  const iso = parseInstant(v);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: `${quoteClipped(v)} is not a date-time` });
    return z.NEVER;
  }
  return iso;
});
const calendarDate = z.string({ error: 'expected a date' }).transform((v, ctx) => {
  const date = parseCalendarDate(v);
  if (date === null) {
    ctx.addIssue({ code: 'custom', message: `${quoteClipped(v)} is not a date` });
    return z.NEVER;
  }
  return date;
});

export const contractSchema = z.object({
  id,
  contractName: z.string({ error: 'expected text' }),
  companyID: id,
  status: z.number({ error: 'expected a status number' }).int(),
  startDate: calendarDate.nullish().transform((v) => v ?? null),
  endDate: calendarDate.nullish().transform((v) => v ?? null),
});
export type AutotaskContract = z.output<typeof contractSchema>;
export const CONTRACT_FIELDS = ['id', 'contractName', 'companyID', 'status', 'startDate', 'endDate'];

export const contractServiceSchema = z.object({
  id,
  contractID: id,
  serviceID: id,
  unitPrice: price,
  invoiceDescription: optionalText,
  internalDescription: optionalText,
});
export type AutotaskContractService = z.output<typeof contractServiceSchema>;
export const CONTRACT_SERVICE_FIELDS = ['id', 'contractID', 'serviceID', 'unitPrice', 'invoiceDescription', 'internalDescription'];

export const serviceSchema = z.object({ id, name: z.string({ error: 'expected text' }) });
export type AutotaskService = z.output<typeof serviceSchema>;
export const SERVICE_FIELDS = ['id', 'name'];

export const companySchema = z.object({
  id,
  companyName: z.string({ error: 'expected text' }),
  companyNumber: optionalText,
  phone: optionalText,
  address1: optionalText,
  city: optionalText,
  postalCode: optionalText,
  isActive: bool.nullish().transform((v) => v ?? true),
});
export type AutotaskCompany = z.output<typeof companySchema>;
export const COMPANY_FIELDS = ['id', 'companyName', 'companyNumber', 'phone', 'address1', 'city', 'postalCode', 'isActive'];

export const timeEntrySchema = z.object({
  id,
  contractID: optionalId,
  contractServiceID: optionalId,
  dateWorked: calendarDate,
  hoursWorked: hours,
  hoursToBill: hours.nullish().transform((v) => v ?? null),
  isNonBillable: bool,
  billingApprovalDateTime: instant.nullish().transform((v) => v ?? null),
  lastModifiedDateTime: instant.nullish().transform((v) => v ?? null),
  summaryNotes: optionalText,
});
export type AutotaskTimeEntry = z.output<typeof timeEntrySchema>;

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isHours = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_HOURS;

/**
 * A time entry in its usual shape read without zod, a few times faster (one per entry read, issue #15
 * point 4): every field already the type timeEntrySchema wants, or absent/null where it allows that.
 * Anything else answers undefined and goes through the schema, which also words the error; where this
 * answers, the answer is the schema's (test/unit/sync/time-entry-fast-read.test.ts compares them).
 */
export function readTimeEntry(r: Record<string, unknown>): AutotaskTimeEntry | undefined {
  const { id, contractID, contractServiceID, dateWorked, hoursWorked, hoursToBill, isNonBillable, billingApprovalDateTime, lastModifiedDateTime, summaryNotes } = r;
  if (!isId(id) || typeof dateWorked !== 'string' || !isHours(hoursWorked) || typeof isNonBillable !== 'boolean') return undefined;
  if (contractID != null && !isId(contractID)) return undefined;
  if (contractServiceID != null && !isId(contractServiceID)) return undefined;
  if (hoursToBill != null && !isHours(hoursToBill)) return undefined;
  if (summaryNotes != null && typeof summaryNotes !== 'string') return undefined;
  const date = parseCalendarDate(dateWorked);
  if (date === null) return undefined;
  let approved: string | null = null;
  if (billingApprovalDateTime != null) {
    if (typeof billingApprovalDateTime !== 'string' || (approved = parseInstant(billingApprovalDateTime)) === null) return undefined;
  }
  let modified: string | null = null;
  if (lastModifiedDateTime != null) {
    if (typeof lastModifiedDateTime !== 'string' || (modified = parseInstant(lastModifiedDateTime)) === null) return undefined;
  }
  return {
    id,
    contractID: contractID ?? null,
    contractServiceID: contractServiceID ?? null,
    dateWorked: date,
    hoursWorked,
    hoursToBill: hoursToBill ?? null,
    isNonBillable,
    billingApprovalDateTime: approved,
    lastModifiedDateTime: modified,
    summaryNotes: summaryNotes ?? null,
  };
}
export const TIME_ENTRY_FIELDS = [
  'id',
  'contractID',
  'contractServiceID',
  'dateWorked',
  'hoursWorked',
  'hoursToBill',
  'isNonBillable',
  'billingApprovalDateTime',
  'lastModifiedDateTime',
  'summaryNotes',
];

// `clipped`: text fields longer than Autotask's maximum (field-bounds.ts), already cut in `value`/`raw`;
// the caller logs one warning row for them (clipWarning in field-bounds.ts).
export type Parsed<T> =
  { ok: true; value: T; clipped: ClippedField[] } | { ok: false; id: number | null; problems: string[]; message: string; raw: Record<string, unknown>; clipped: ClippedField[] };

/**
 * Validates one record; on failure says which fields are wrong, e.g. "hoursWorked: expected a number".
 * `fast` may read a record of the usual shape without the schema (undefined: the schema reads it).
 */
export function parseRecord<T>(schema: z.ZodType<T>, entity: string, input: unknown, fast?: (r: Record<string, unknown>) => T | undefined): Parsed<T> {
  // Every text field bounded first (issue #17 item 4): neither the value nor an error's details carry more.
  const { record: raw, clipped } = boundRecord(entity, input);
  if (fast && raw && typeof raw === 'object') {
    const value = fast(raw as Record<string, unknown>);
    if (value !== undefined) return { ok: true, value, clipped };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data, clipped };
  const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const rawId = record.id;
  const recordId = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? rawId : null;
  const problems = result.error.issues.map((i) => {
    const field = i.path.length ? i.path.join('.') : '(record)';
    const received = i.path.length === 1 ? record[String(i.path[0])] : undefined;
    const what = i.path.length === 1 && !(String(i.path[0]) in record) ? 'missing' : `${i.message} (got ${quoteClipped(received)})`;
    return `${field}: ${what}`;
  });
  const label = recordId === null ? `${entity} (record without an id)` : `${entity} ${recordId}`;
  return { ok: false, id: recordId, problems, message: `${label} could not be read: ${problems.join('; ')}`, raw: record, clipped };
}

// Billing additions (docs/product-rules.md#billing-sync): ContractServiceUnits and labour BillingItems.
export const contractServiceUnitSchema = z.object({
  id,
  contractID: id,
  contractServiceID: id,
  serviceID: optionalId,
  units: z
    .number({ error: 'expected a whole number of units' })
    .int('expected a whole number of units')
    .refine((n) => Math.abs(n) <= 1_000_000, 'is outside the range units can have (±1,000,000)'),
  price: price.nullish().transform((v) => v ?? null),
  startDate: calendarDate,
  endDate: calendarDate,
  approveAndPostDate: instant.nullish().transform((v) => v ?? null),
});
export type AutotaskContractServiceUnit = z.output<typeof contractServiceUnitSchema>;
export const CONTRACT_SERVICE_UNIT_FIELDS = ['id', 'contractID', 'contractServiceID', 'serviceID', 'units', 'price', 'startDate', 'endDate', 'approveAndPostDate'];

export const billingItemSchema = z.object({
  id,
  billingItemType: z.number({ error: 'expected a type number' }).int(),
  timeEntryID: optionalId,
  postedDate: instant.nullish().transform((v) => v ?? null),
  invoiceID: optionalId,
  itemDate: instant.nullish().transform((v) => v ?? null),
});
export type AutotaskBillingItem = z.output<typeof billingItemSchema>;
export const BILLING_ITEM_FIELDS = ['id', 'billingItemType', 'timeEntryID', 'postedDate', 'invoiceID', 'itemDate'];
