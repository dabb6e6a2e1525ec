// Checks a query before it is sent. Autotask silently ignores an operator it does not know and then
// returns the whole, unfiltered entity; a billing sync that trusted that answer would bill the wrong rows.
import { AutotaskError } from './autotask-error';
import type { EntityName, FieldInfo, Filter } from './types';

export const COMPARISON_OPERATORS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginsWith', 'endsWith', 'contains', 'exist', 'notExist', 'in', 'notIn'] as const;
export const GROUP_OPERATORS = ['and', 'or'] as const;

const byLower = new Map<string, string>([...COMPARISON_OPERATORS, ...GROUP_OPERATORS].map((op) => [op.toLowerCase(), op]));
const NO_VALUE = new Set(['exist', 'notExist']);
const LIST = new Set(['in', 'notIn']);
/** Autotask's limit of OR conditions per query, which is what an `in` list becomes. */
export const MAX_IN_VALUES = 500;

function invalid(entity: EntityName, message: string): AutotaskError {
  return new AutotaskError({
    kind: 'invalid-query',
    method: 'POST',
    url: `${entity}/query`,
    userMessage: `The ${entity} query was not sent: ${message}`,
    retryable: false,
  });
}

/** The canonical spelling of a known operator, or undefined. Autotask matches case-insensitively. */
export function canonicalOperator(op: unknown): string | undefined {
  return typeof op === 'string' ? byLower.get(op.toLowerCase()) : undefined;
}

/** Operators and structure only; needs no metadata, so it runs before anything else. */
export function validateOperators(entity: EntityName, filters: readonly Filter[], path = 'filter'): void {
  filters.forEach((f, i) => {
    const where = `${path}[${i}]`;
    if (!f || typeof f !== 'object') throw invalid(entity, `${where} is not a condition.`);
    const op = canonicalOperator(f.op);
    if (!op) {
      throw invalid(
        entity,
        `${where} uses the operator "${String(f.op)}", which Autotask does not know. Autotask would silently ignore it and return unfiltered rows. Use one of: ${[...COMPARISON_OPERATORS, ...GROUP_OPERATORS].join(', ')}.`,
      );
    }
    if (op === 'and' || op === 'or') {
      if (!Array.isArray(f.items) || f.items.length === 0) throw invalid(entity, `${where} ("${op}") has no items.`);
      validateOperators(entity, f.items, `${where}.items`);
      return;
    }
    if (typeof f.field !== 'string' || f.field.trim() === '') throw invalid(entity, `${where} ("${op}") has no field.`);
    if (NO_VALUE.has(op)) return;
    if (LIST.has(op)) {
      if (!Array.isArray(f.value) || f.value.length === 0) {
        throw invalid(entity, `${where} ("${op}" on ${f.field}) needs a non-empty list of values.`);
      }
      if (f.value.length > MAX_IN_VALUES) {
        throw invalid(entity, `${where} ("${op}" on ${f.field}) has ${f.value.length} values; Autotask allows ${MAX_IN_VALUES}. Use queryByIds, which splits the list.`);
      }
      return;
    }
    if (f.value === undefined || f.value === null) {
      throw invalid(entity, `${where} ("${op}" on ${f.field}) has no value; use "exist"/"notExist" to test for empty fields.`);
    }
  });
}

/** Case-insensitive lookup of field metadata by name. */
export function fieldIndex(fields: readonly FieldInfo[]): Map<string, FieldInfo> {
  return new Map(fields.map((f) => [f.name.toLowerCase(), f]));
}

/**
 * Field names (filters and IncludeFields) against `entityInformation/fields` when the list is known
 * (`index`); without it only what needs no list (one user-defined-field condition per query).
 */
export function validateFields(entity: EntityName, filters: readonly Filter[], includeFields: readonly string[] | undefined, index: Map<string, FieldInfo> | undefined): void {
  let udfConditions = 0;
  const visit = (list: readonly Filter[], path: string) =>
    list.forEach((f, i) => {
      const where = `${path}[${i}]`;
      if (f.items && f.items.length) visit(f.items, `${where}.items`);
      if (typeof f.field !== 'string') return;
      if (f.udf) {
        udfConditions += 1;
        return; // user-defined fields are tenant-specific and not in the fields list
      }
      if (!index) return;
      const info = index.get(f.field.toLowerCase());
      if (!info) throw invalid(entity, `${where} refers to the field "${f.field}", which ${entity} does not have.`);
      if (info.isQueryable === false) throw invalid(entity, `${where}: Autotask does not allow filtering ${entity} by "${info.name}".`);
      const op = canonicalOperator(f.op);
      if (info.dataType?.toLowerCase() === 'boolean' && op && !NO_VALUE.has(op) && !LIST.has(op) && typeof f.value !== 'boolean') {
        throw invalid(entity, `${where}: "${info.name}" is a true/false field; the value must be true or false, not ${JSON.stringify(f.value)}.`);
      }
    });
  visit(filters, 'filter');
  if (udfConditions > 1) throw invalid(entity, `Autotask allows one user-defined-field condition per query; this one has ${udfConditions}.`);
  if (!index) return;
  for (const name of includeFields ?? []) {
    if (!index.has(name.toLowerCase())) throw invalid(entity, `includeFields asks for "${name}", which ${entity} does not have.`);
  }
}

/** Canonical operator spelling throughout, so the server sees exactly what was validated. */
export function normaliseFilters(filters: readonly Filter[]): Filter[] {
  return filters.map((f) => {
    const out: Filter = { ...f, op: canonicalOperator(f.op) ?? f.op };
    if (f.items) out.items = normaliseFilters(f.items);
    return out;
  });
}

/** IncludeFields with `id` always present (paging needs it), duplicates removed. */
export function includeFieldsWithId(fields: readonly string[] | undefined): string[] | undefined {
  if (!fields || fields.length === 0) return undefined;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of ['id', ...fields]) {
    if (seen.has(f.toLowerCase())) continue;
    seen.add(f.toLowerCase());
    out.push(f);
  }
  return out;
}
