/**
 * Reads a QueryModel body / `search` value the way the real server binds it: property names are
 * case-insensitive (`filter`/`Filter`, `IncludeFields`/`includeFields`, `MaxRecords`/`maxRecords`),
 * and so are the properties of each filter object (`op`, `field`, `value`, `udf`, `items`).
 */
import { ApiError, QUERY_MODEL_NULL } from './api-error';

export interface FilterNode {
  op?: unknown;
  field?: unknown;
  value?: unknown;
  udf?: unknown;
  items?: unknown;
}

export interface QueryModel {
  filter: FilterNode[] | undefined;
  includeFields: string[] | undefined;
  maxRecords: number | undefined;
}

function lowerKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
  return out;
}

function readFilterNode(raw: unknown): FilterNode {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ApiError(500, 'Invalid query syntax. A filter must be an object.');
  }
  const o = lowerKeys(raw as Record<string, unknown>);
  const node: FilterNode = { op: o.op, field: o.field, value: o.value, udf: o.udf };
  if (o.items !== undefined && o.items !== null) {
    if (!Array.isArray(o.items)) throw new ApiError(500, 'Invalid query syntax. "items" must be an array.');
    node.items = o.items.map(readFilterNode);
  }
  return node;
}

export function readQueryModel(raw: unknown): QueryModel {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(500, QUERY_MODEL_NULL);
  const o = lowerKeys(raw as Record<string, unknown>);
  let filter: FilterNode[] | undefined;
  if (o.filter !== undefined && o.filter !== null) {
    if (!Array.isArray(o.filter)) throw new ApiError(500, 'Invalid query syntax. "filter" must be an array.');
    filter = o.filter.map(readFilterNode);
  }
  let includeFields: string[] | undefined;
  if (o.includefields !== undefined && o.includefields !== null) {
    if (!Array.isArray(o.includefields)) throw new ApiError(500, 'Invalid query syntax. "IncludeFields" must be an array.');
    includeFields = o.includefields.map((f) => String(f));
  }
  let maxRecords: number | undefined;
  if (o.maxrecords !== undefined && o.maxrecords !== null) {
    const n = Number(o.maxrecords);
    if (!Number.isInteger(n)) throw new ApiError(500, `Error converting value "${String(o.maxrecords)}" to type 'System.Int32'. Path 'MaxRecords'.`);
    maxRecords = n;
  }
  return { filter, includeFields, maxRecords };
}
