/**
 * The `paging=` cursor of `nextPageUrl`/`prevPageUrl`. Shaped like the real one
 * (`{"pageSize":500,"previousIds":[-1],"nextIds":[725]}`) plus a hash of the query it belongs to, so a
 * next-page request with a different body is refused as the real API refuses a changed query.
 */
import { ApiError } from './api-error';
import { hashString } from './prng';

export interface PagingCursor {
  pageSize: number;
  previousIds: number[];
  nextIds: number[];
  queryHash: string;
}

/** Hash of a parsed query; JSON.stringify keeps key order, so only an identical query matches. */
export function queryHash(parsedQuery: unknown): string {
  return hashString(JSON.stringify(parsedQuery)).toString(16).padStart(8, '0');
}

export function encodeCursor(c: PagingCursor): string {
  return JSON.stringify(c);
}

export function decodeCursor(text: string | null): PagingCursor {
  if (!text) throw new ApiError(500, 'Value cannot be null. Parameter name: paging');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(500, 'Invalid paging information.');
  }
  const c = parsed as Partial<PagingCursor>;
  const ok = c && typeof c.pageSize === 'number' && Array.isArray(c.previousIds) && Array.isArray(c.nextIds) && typeof c.queryHash === 'string';
  if (!ok) throw new ApiError(500, 'Invalid paging information.');
  return c as PagingCursor;
}

export function nextPageUrl(zoneBase: string, entity: string, cursor: PagingCursor, search?: string): string {
  let url = `${zoneBase}V1.0/${entity}/query/next?paging=${encodeURIComponent(encodeCursor(cursor))}`;
  if (search !== undefined) url += `&search=${encodeURIComponent(search)}`;
  return url;
}
