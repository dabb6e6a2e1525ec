// How long a piece of Autotask text may be in this app (issue #17 item 4). Autotask itself caps its text
// fields (companyName 100, contractName 100, …); a tenant that sends more — one 3,000,000-character company
// name made 233 MB of data, a 9.4 MB dashboard answer and a table 33 million pixels wide — is clipped here,
// at sync time, before anything is planned or written, and the sync logs one `warning` row per clipped
// record naming the field, its length and the limit (with a short prefix of the text, never the text).
//
// The limits are Autotask's own field lengths as /work/shared/reference/autotask-api.md lists them
// (official REST pages or SOAP-era code); a text field without a documented length gets DEFAULT_TEXT_MAX,
// the length the sandbox's `entityInformation/fields` reports for such fields. Entities not listed here
// (new payloads) still get DEFAULT_TEXT_MAX for every text field, so no Autotask text is ever unbounded.
//
//   Companies         companyName 100, companyNumber 50, phone 25, fax 25, address1/2 150, taxID 50, …
//   Contracts         contractName 100, contractNumber 50, contactName 250, description 2000, purchaseOrderNumber 50
//   ContractServices  invoiceDescription 1000, internalDescription 100
//   Services          name 100, description 400, invoiceDescription 1000
//   TimeEntries       summaryNotes 8000, internalNotes 8000
//   anything else     255
import type { SyncType } from '../../shared/domain';
import { isolate } from '../../shared/display-text';
import type { PlanAction } from './plan';

export const DEFAULT_TEXT_MAX = 255;

/** Autotask's maximum length per text field, by entity (names as in the REST API). */
export const FIELD_LIMITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Companies: {
    companyName: 100,
    companyNumber: 50,
    phone: 25,
    fax: 25,
    alternatePhone1: 25,
    alternatePhone2: 25,
    address1: 150,
    address2: 150,
    additionalAddressInformation: 100,
    taxID: 50,
  },
  Contracts: { contractName: 100, contractNumber: 50, contactName: 250, description: 2000, purchaseOrderNumber: 50 },
  ContractServices: { invoiceDescription: 1000, internalDescription: 100 },
  Services: { name: 100, description: 400, invoiceDescription: 1000 },
  TimeEntries: { summaryNotes: 8000, internalNotes: 8000 },
  ContractServiceUnits: {},
  BillingItems: { purchaseOrderNumber: 50 },
};

/** Beyond the field limits: a record with more keys, or a nested value longer than this as JSON, is cut. */
const MAX_KEYS = 200;
const MAX_NESTED_JSON = 2000;
/** How much of a clipped text its warning quotes. */
const PREFIX_CHARS = 40;

/** "Time entry", "TimeEntries", "time_entry" → "timeentry": the label a caller uses finds the entity. */
function entityKey(label: string): string {
  const k = label.toLowerCase().replace(/[^a-z]/g, '');
  if (k.endsWith('ies')) return `${k.slice(0, -3)}y`;
  return k.endsWith('s') ? k.slice(0, -1) : k;
}
const LIMITS_BY_KEY = new Map(Object.entries(FIELD_LIMITS).map(([entity, limits]) => [entityKey(entity), limits]));

/** The maximum length of `field` of `entity` ("Company" or "Companies" both work). */
export function fieldLimit(entity: string, field: string): number {
  return limitOf(limitsOf(entity), field);
}

/** Own keys only: a field called "constructor" or "__proto__" gets the default, not Object.prototype's. */
function limitOf(limits: Readonly<Record<string, number>>, field: string): number {
  return Object.hasOwn(limits, field) ? limits[field]! : DEFAULT_TEXT_MAX;
}

// The labels callers pass are a handful of constants; resolving one costs a regex per text field read.
const limitsByLabel = new Map<string, Readonly<Record<string, number>>>();
function limitsOf(entity: string): Readonly<Record<string, number>> {
  let limits = limitsByLabel.get(entity);
  if (!limits) {
    limits = LIMITS_BY_KEY.get(entityKey(entity)) ?? {};
    if (limitsByLabel.size < 100) limitsByLabel.set(entity, limits);
  }
  return limits;
}

/** One field that was longer than its limit. */
export interface ClippedField {
  field: string;
  /** Length as received (UTF-16 code units, as JavaScript and SQLite's length() on text count). */
  length: number;
  limit: number;
}

/** The first `max` characters, never ending in half a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * The record with every text field cut to its limit (and, for the error path's details, no more than
 * MAX_KEYS keys and no huge nested values), plus the list of what was clipped. Non-objects pass through.
 */
export function boundRecord(entity: string, raw: unknown): { record: unknown; clipped: ClippedField[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { record: raw, clipped: [] };
  // Nearly every record is within bounds: then it is passed on as it is, not copied (one per record read).
  if (withinBounds(entity, raw as Record<string, unknown>)) return { record: raw, clipped: [] };
  const clipped: ClippedField[] = [];
  const out: Record<string, unknown> = {};
  let keys = 0;
  const source = raw as Record<string, unknown>;
  // Object.keys, not Object.entries: no [key, value] pair per field for every record read.
  for (const field of Object.keys(source)) {
    const value = source[field];
    if (++keys > MAX_KEYS) {
      clipped.push({ field: '(fields)', length: Object.keys(raw).length, limit: MAX_KEYS });
      break;
    }
    if (typeof value === 'string') {
      const limit = fieldLimit(entity, field);
      if (value.length > limit) {
        clipped.push({ field, length: value.length, limit });
        out[field] = clipText(value, limit);
        continue;
      }
    } else if (value !== null && typeof value === 'object') {
      // Not a text field (a schema error will name it); keep its details bounded all the same.
      const json = JSON.stringify(value) ?? '';
      if (json.length > MAX_NESTED_JSON) {
        clipped.push({ field, length: json.length, limit: MAX_NESTED_JSON });
        out[field] = `${clipText(json, MAX_NESTED_JSON)}…`;
        continue;
      }
    }
    out[field] = value;
  }
  return { record: out, clipped };
}

/** True when boundRecord would change nothing: few enough keys, every text within its limit, nothing nested. */
function withinBounds(entity: string, record: Record<string, unknown>): boolean {
  const limits = limitsOf(entity);
  let keys = 0;
  for (const field in record) {
    if (!Object.hasOwn(record, field)) continue;
    if (++keys > MAX_KEYS) return false;
    const value = record[field];
    if (typeof value === 'string') {
      if (value.length > limitOf(limits, field)) return false;
    } else if (value !== null && typeof value === 'object') return false; // the copying path measures it
  }
  return true;
}

/** "Company 123: companyName was 3,000,000 characters, Autotask's maximum is 100; kept the first 100 ("Acme…")." */
export function clipMessage(entityLabel: string, id: number | null, clipped: readonly ClippedField[], record: unknown): string {
  const values = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
  const parts = clipped.map((c) => {
    const v = values[c.field];
    const prefix = typeof v === 'string' ? ` ("${isolate(clipText(v, PREFIX_CHARS).replace(/\s+/g, ' '))}…")` : '';
    return `${c.field} was ${c.length.toLocaleString('en-US')} characters, the maximum is ${c.limit.toLocaleString('en-US')}; kept the first ${c.limit.toLocaleString('en-US')}${prefix}`;
  });
  const label = id === null ? `${entityLabel} (record without an id)` : `${entityLabel} ${id}`;
  return `${label} clipped: ${parts.join('; ')}.`;
}

/**
 * The warning row for a record whose text was clipped (null when nothing was): names the fields, their
 * lengths and limits; the details hold the same list and the record's id, not the text.
 */
export function clipWarning(
  syncType: SyncType,
  entityLabel: string,
  parsed: { clipped: readonly ClippedField[]; ok: boolean; value?: unknown; raw?: unknown; id?: number | null },
): Extract<PlanAction, { kind: 'warning' }> | null {
  if (parsed.clipped.length === 0) return null;
  const record = parsed.ok ? parsed.value : parsed.raw;
  const rawId = record && typeof record === 'object' ? (record as { id?: unknown }).id : undefined;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? rawId : (parsed.id ?? null);
  const message = clipMessage(entityLabel, id, parsed.clipped, record);
  return {
    kind: 'warning',
    syncType,
    autotaskId: id,
    message,
    log: { syncType, operation: 'update', status: 'warning', message, details: { entity: entityLabel, autotaskId: id, clipped: parsed.clipped } },
  };
}
