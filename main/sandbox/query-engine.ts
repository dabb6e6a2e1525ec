/**
 * The sandbox query engine: compiles a QueryModel against an entity into a row predicate plus id bounds,
 * then pages through the id-sorted table. Reproduces the real API's rules and traps:
 * - field names case-insensitive; unknown field → 500 "Unable to find X in the Y Entity";
 * - string comparisons case-insensitive; date-times compared as instants; booleans strict;
 * - an unknown operator is silently dropped (switchable to an error);
 * - more than 500 values in `in`/`notIn` (or 500 items in an `or`) → 500;
 * - missing/empty filter → 500 (switchable); one UDF condition at most;
 * - comparisons against NULL follow SQL: `noteq`/`notIn`/`gt`… never match a null column [I].
 * Top-level `id` conditions become index bounds, so `id gt <cursor>` pages are binary searches.
 */
import { ApiError, unableToFind } from './api-error';
import type { EntityDef, FieldDef } from './entity-schema';
import type { EntityTable, Row } from './entity-table';
import { parseInstant } from './date-format';
import type { FilterNode, QueryModel } from './query-model';
import type { SandboxBehaviour } from './types';

export type Predicate = (row: Row) => boolean;

export interface CompiledQuery {
  predicate: Predicate;
  /** Inclusive id bounds from top-level conditions. */
  idLo: number;
  idHi: number;
  /** Sorted candidate ids from a top-level `id in […]`, or null. */
  idIn: number[] | null;
  projection: Set<string> | undefined;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 500;
const MAX_OR_CONDITIONS = 500;
const OR_LIMIT_MESSAGE = "Invalid query syntax. Queries are limited to 500 or fewer 'OR' conditions.";

const KNOWN_OPS = new Set(['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginswith', 'endswith', 'contains', 'exist', 'notexist', 'in', 'notin', 'and', 'or']);

type Scalar = number | string | boolean | null;

interface CompileState {
  def: EntityDef;
  behaviour: SandboxBehaviour;
  udfCount: number;
}

interface Bounds {
  lo: number;
  hi: number;
  idIn: number[] | null;
}

export function compileQuery(def: EntityDef, model: QueryModel, behaviour: SandboxBehaviour, visible?: Predicate): CompiledQuery {
  const state: CompileState = { def, behaviour, udfCount: 0 };
  const filter = model.filter ?? [];
  if (filter.length === 0 && behaviour.emptyFilter === 'error') {
    throw new ApiError(500, 'Invalid query syntax. The query must contain at least one filter condition.');
  }
  const bounds: Bounds = { lo: -Infinity, hi: Infinity, idIn: null };
  const preds: Predicate[] = [];
  for (const node of filter) {
    const p = compileNode(node, state);
    if (p) preds.push(p);
    collectIdBounds(node, def, bounds);
  }
  if (visible) preds.push(visible);
  const predicate: Predicate = preds.length === 0 ? () => true : preds.length === 1 ? preds[0]! : (row) => preds.every((p) => p(row));
  return {
    predicate,
    idLo: bounds.lo,
    idHi: bounds.hi,
    idIn: bounds.idIn,
    projection: readProjection(def, model.includeFields),
    pageSize: readPageSize(model.maxRecords, behaviour),
  };
}

function readProjection(def: EntityDef, includeFields: string[] | undefined): Set<string> | undefined {
  if (!includeFields || includeFields.length === 0) return undefined;
  const set = new Set<string>();
  for (const name of includeFields) {
    const f = def.byLowerName.get(name.trim().toLowerCase());
    if (!f) throw unableToFind(name, def.singular);
    set.add(f.name);
  }
  return set;
}

function readPageSize(maxRecords: number | undefined, behaviour: SandboxBehaviour): number {
  if (maxRecords === undefined) return MAX_PAGE_SIZE;
  if (maxRecords >= 1 && maxRecords <= MAX_PAGE_SIZE) return maxRecords;
  if (behaviour.maxRecordsOutOfRange === 'clamp') return Math.min(MAX_PAGE_SIZE, Math.max(1, maxRecords));
  throw new ApiError(500, `MaxRecords must be between 1 and ${MAX_PAGE_SIZE}.`);
}

function compileNode(node: FilterNode, state: CompileState): Predicate | null {
  const op = typeof node.op === 'string' ? node.op.toLowerCase() : '';
  if (!KNOWN_OPS.has(op)) {
    if (state.behaviour.unknownOperator === 'error') {
      throw new ApiError(500, `Invalid query syntax. The operator '${String(node.op)}' is not supported.`);
    }
    return null; // the real API's trap: the condition is silently dropped
  }
  if (op === 'and' || op === 'or') {
    const items = (node.items as FilterNode[] | undefined) ?? [];
    if (op === 'or' && items.length > MAX_OR_CONDITIONS) throw new ApiError(500, OR_LIMIT_MESSAGE);
    const children = items.map((n) => compileNode(n, state)).filter((p): p is Predicate => p !== null);
    if (children.length === 0) return null;
    return op === 'and' ? (row) => children.every((p) => p(row)) : (row) => children.some((p) => p(row));
  }
  const getter = resolveGetter(node, state);
  return compileCondition(op, getter.field, getter.get, node.value, state);
}

interface Getter {
  field: FieldDef;
  get: (row: Row) => unknown;
}

function resolveGetter(node: FilterNode, state: CompileState): Getter {
  const { def } = state;
  const name = typeof node.field === 'string' ? node.field.trim() : '';
  if (node.udf === true) {
    state.udfCount += 1;
    if (state.udfCount > 1) throw new ApiError(500, 'Invalid query syntax. Only one user-defined field can be used per query.');
    const lower = name.toLowerCase();
    const field: FieldDef = {
      name,
      type: 'string',
      isRequired: false,
      isReadOnly: false,
      isQueryable: true,
      referenceEntityType: '',
      picklist: null,
      length: 0,
    };
    return {
      field,
      get: (row) => {
        const udfs = row.userDefinedFields as Array<{ name?: string; value?: unknown }> | undefined;
        const hit = udfs?.find((u) => String(u.name ?? '').toLowerCase() === lower);
        return hit?.value ?? null;
      },
    };
  }
  const field = def.byLowerName.get(name.toLowerCase());
  if (!field || field.type === 'array') throw unableToFind(name, def.singular);
  if (!field.isQueryable) throw new ApiError(500, `The field ${field.name} cannot be queried.`);
  const key = field.name;
  return { field, get: (row) => row[key] };
}

function convert(field: FieldDef, value: unknown): Scalar {
  switch (field.type) {
    case 'boolean':
      // Booleans are strict on the real API: "true", 1 or null are errors.
      if (typeof value !== 'boolean') {
        throw new ApiError(500, `Invalid value for field ${field.name}: a boolean field only accepts true or false.`);
      }
      return value;
    case 'datetime': {
      if (value === null || value === undefined) return null;
      const t = typeof value === 'number' ? value : parseInstant(String(value));
      if (Number.isNaN(t)) throw new ApiError(500, `Unable to convert '${String(value)}' to a date-time value for field ${field.name}.`);
      return t;
    }
    case 'long':
    case 'integer':
    case 'double': {
      if (value === null || value === undefined) return null;
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw new ApiError(500, `Unable to convert '${String(value)}' to a number for field ${field.name}.`);
      return n;
    }
    default:
      if (value === null || value === undefined) return null;
      return String(value).toLowerCase();
  }
}

function normaliseRowValue(field: FieldDef, v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (field.type === 'string') return String(v).toLowerCase();
  return v as Scalar;
}

function compileCondition(op: string, field: FieldDef, get: (row: Row) => unknown, rawValue: unknown, state: CompileState): Predicate {
  const norm = (row: Row): Scalar => normaliseRowValue(field, get(row));
  switch (op) {
    case 'exist':
      return (row) => {
        const v = get(row);
        return v !== null && v !== undefined && v !== '';
      };
    case 'notexist':
      return (row) => {
        const v = get(row);
        return v === null || v === undefined || v === '';
      };
    case 'in':
    case 'notin': {
      if (!Array.isArray(rawValue)) throw new ApiError(500, `Invalid query syntax. The '${op === 'in' ? 'in' : 'notIn'}' operator requires an array value.`);
      if (rawValue.length > MAX_OR_CONDITIONS) throw new ApiError(500, OR_LIMIT_MESSAGE);
      const set = new Set(rawValue.map((v) => convert(field, v)));
      return op === 'in'
        ? (row) => {
            const v = norm(row);
            return v !== null && set.has(v);
          }
        : (row) => {
            const v = norm(row);
            return v !== null && !set.has(v);
          };
    }
    case 'beginswith':
    case 'endswith':
    case 'contains': {
      const needle = rawValue === null || rawValue === undefined ? '' : String(rawValue).toLowerCase();
      const test = op === 'beginswith' ? (s: string) => s.startsWith(needle) : op === 'endswith' ? (s: string) => s.endsWith(needle) : (s: string) => s.includes(needle);
      return (row) => {
        const v = get(row);
        return v !== null && v !== undefined && test(String(v).toLowerCase());
      };
    }
    default: {
      const value = convert(field, rawValue);
      void state;
      switch (op) {
        case 'eq':
          return value === null ? (row) => norm(row) === null : (row) => norm(row) === value;
        case 'noteq':
          return value === null
            ? (row) => norm(row) !== null
            : (row) => {
                const v = norm(row);
                return v !== null && v !== value;
              };
        default: {
          if (value === null) return () => false;
          const cmp = comparator(op);
          return (row) => {
            const v = norm(row);
            return v !== null && cmp(v as number | string, value as number | string);
          };
        }
      }
    }
  }
}

function comparator(op: string): (a: number | string, b: number | string) => boolean {
  switch (op) {
    case 'gt':
      return (a, b) => a > b;
    case 'gte':
      return (a, b) => a >= b;
    case 'lt':
      return (a, b) => a < b;
    default:
      return (a, b) => a <= b;
  }
}

/** Narrows id bounds from a top-level (AND-ed) condition; anything else leaves them alone. */
function collectIdBounds(node: FilterNode, def: EntityDef, b: Bounds): void {
  const op = typeof node.op === 'string' ? node.op.toLowerCase() : '';
  if (op === 'and') {
    for (const child of (node.items as FilterNode[] | undefined) ?? []) collectIdBounds(child, def, b);
    return;
  }
  if (node.udf === true || typeof node.field !== 'string' || node.field.trim().toLowerCase() !== 'id') return;
  const toNum = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);
  if (op === 'in') {
    if (!Array.isArray(node.value)) return;
    const ids = [...new Set(node.value.map(toNum).filter((n) => Number.isFinite(n)))].sort((x, y) => x - y);
    b.idIn = b.idIn ? b.idIn.filter((id) => ids.includes(id)) : ids;
    return;
  }
  const v = toNum(node.value);
  if (!Number.isFinite(v)) return;
  if (op === 'eq') {
    b.lo = Math.max(b.lo, v);
    b.hi = Math.min(b.hi, v);
  } else if (op === 'gt') b.lo = Math.max(b.lo, Math.floor(v) + 1);
  else if (op === 'gte') b.lo = Math.max(b.lo, Math.ceil(v));
  else if (op === 'lt') b.hi = Math.min(b.hi, Math.ceil(v) - 1);
  else if (op === 'lte') b.hi = Math.min(b.hi, Math.floor(v));
}

export interface PageCursor {
  /** Forward page: rows with id > afterId. */
  afterId?: number;
  /** Backward page (prevPageUrl): the last pageSize rows with id < beforeId. */
  beforeId?: number;
}

export interface PageResult {
  rows: Row[];
  hasMore: boolean;
}

export function runPage(table: EntityTable, q: CompiledQuery, cursor: PageCursor): PageResult {
  let lo = q.idLo;
  let hi = q.idHi;
  if (cursor.afterId !== undefined) lo = Math.max(lo, cursor.afterId + 1);
  if (cursor.beforeId !== undefined) hi = Math.min(hi, cursor.beforeId - 1);
  const rows: Row[] = [];
  const backwards = cursor.beforeId !== undefined && cursor.afterId === undefined;
  const want = q.pageSize + 1;
  if (q.idIn) {
    const ids = backwards ? [...q.idIn].reverse() : q.idIn;
    for (const id of ids) {
      if (id < lo || id > hi) continue;
      const row = table.get(id);
      if (row && q.predicate(row)) rows.push(row);
      if (rows.length >= want) break;
    }
  } else if (backwards) {
    for (let i = table.lowerBound(hi + 1) - 1; i >= 0; i--) {
      const row = table.at(i)!;
      if ((row.id as number) < lo) break;
      if (q.predicate(row)) rows.push(row);
      if (rows.length >= want) break;
    }
  } else {
    const start = lo === -Infinity ? 0 : table.lowerBound(lo);
    for (let i = start; i < table.size; i++) {
      const row = table.at(i)!;
      if ((row.id as number) > hi) break;
      if (q.predicate(row)) rows.push(row);
      if (rows.length >= want) break;
    }
  }
  const hasMore = rows.length > q.pageSize;
  if (hasMore) rows.length = q.pageSize;
  if (backwards) rows.reverse();
  return { rows, hasMore };
}

export function countMatches(table: EntityTable, q: CompiledQuery): number {
  let n = 0;
  if (q.idIn) {
    for (const id of q.idIn) {
      if (id < q.idLo || id > q.idHi) continue;
      const row = table.get(id);
      if (row && q.predicate(row)) n++;
    }
    return n;
  }
  const start = q.idLo === -Infinity ? 0 : table.lowerBound(q.idLo);
  for (let i = start; i < table.size; i++) {
    const row = table.at(i)!;
    if ((row.id as number) > q.idHi) break;
    if (q.predicate(row)) n++;
  }
  return n;
}
