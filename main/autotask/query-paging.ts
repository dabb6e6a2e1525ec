// Reads every row of a query, one page at a time, by either paging style. Pages are yielded as they
// arrive (nothing is accumulated), and the safety cap on pages is an error, never a quiet stop.
import { AutotaskError } from './autotask-error';
import type { EntityName, Filter } from './types';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_MAX_PAGES = 1000;

/** A condition that matches every row: Autotask wants at least one, and `id` 0 is a real company. */
export const MATCH_ALL: Filter = { op: 'exist', field: 'id' };

export interface PagingDeps {
  /** POSTs a QueryModel to `{entity}/query` (or to an absolute nextPageUrl) and returns the JSON. */
  postQuery(entity: EntityName, body: unknown, absoluteUrl?: string): Promise<unknown>;
  onPage(entity: EntityName, page: number, rows: number): void;
  maxPages: number;
}

export interface PagedQuery {
  entity: EntityName;
  filter: Filter[];
  includeFields?: string[];
  pageSize: number;
  /**
   * Known upper bound of rows (an `in` list on `id`): once reached, a full page needs no follow-up
   * request to prove that nothing is left.
   */
  expectedMaxRows?: number;
}

interface QueryPage {
  items: Record<string, unknown>[];
  nextPageUrl: string | null;
}

function badPage(entity: EntityName, url: string, message: string): AutotaskError {
  return new AutotaskError({
    kind: 'bad-response',
    method: 'POST',
    url,
    userMessage: `Autotask's answer for ${entity} could not be used: ${message}`,
    retryable: false,
  });
}

function parsePage(entity: EntityName, json: unknown): QueryPage {
  const o = (json ?? {}) as Record<string, unknown>;
  const items = o.items ?? o.Items;
  if (!Array.isArray(items)) throw badPage(entity, `${entity}/query`, 'it has no "items" list.');
  const details = (o.pageDetails ?? o.PageDetails ?? {}) as Record<string, unknown>;
  const next = details.nextPageUrl ?? details.NextPageUrl;
  return { items: items as Record<string, unknown>[], nextPageUrl: typeof next === 'string' && next.trim() ? next : null };
}

function idRange(items: readonly Record<string, unknown>[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const row of items) {
    // A page may hold nulls or non-objects ("items": [null]); they have no id rather than crash the read.
    const id = row !== null && typeof row === 'object' ? row.id : undefined;
    if (typeof id !== 'number' || !Number.isFinite(id)) return null;
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return items.length ? { min, max } : null;
}

export function clampPageSize(n: number | undefined): number {
  if (n === undefined) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(n)));
}

function pageCapError(q: PagedQuery, pages: number, rows: number): AutotaskError {
  return new AutotaskError({
    kind: 'page-cap',
    method: 'POST',
    url: `${q.entity}/query`,
    userMessage:
      `Stopped reading ${q.entity} after ${pages.toLocaleString('en-US')} pages (${rows.toLocaleString('en-US')} rows): ` +
      'that is the safety limit for one query and more rows remain, so the result would be incomplete. ' +
      'Narrow the query (for example a shorter date range) or raise the page limit.',
    retryable: false,
  });
}

function queryBody(filter: Filter[], q: PagedQuery): Record<string, unknown> {
  const body: Record<string, unknown> = { filter, MaxRecords: q.pageSize };
  if (q.includeFields) body.IncludeFields = q.includeFields;
  return body;
}

/** Keyset paging: `id gt <last id>`, ascending, until a short page. Resumable and immune to cursor traps. */
export async function* keysetPages(deps: PagingDeps, q: PagedQuery): AsyncGenerator<Record<string, unknown>[]> {
  let lastId: number | undefined;
  let rows = 0;
  for (let page = 1; ; page++) {
    if (page > deps.maxPages) throw pageCapError(q, deps.maxPages, rows);
    const base = q.filter.length ? q.filter : [MATCH_ALL];
    const filter = lastId === undefined ? base : [...q.filter, { op: 'gt', field: 'id', value: lastId }];
    const { items } = parsePage(q.entity, await deps.postQuery(q.entity, queryBody(filter, q)));
    if (items.length > q.pageSize) throw badPage(q.entity, `${q.entity}/query`, `it returned ${items.length} rows for a page of ${q.pageSize}.`);
    const range = idRange(items);
    if (items.length && !range) throw badPage(q.entity, `${q.entity}/query`, 'a row has no numeric id.');
    if (range && lastId !== undefined && range.min <= lastId) {
      // The server ignored our id condition; carrying on would loop over the same rows forever.
      throw badPage(q.entity, `${q.entity}/query`, `rows with id ≤ ${lastId} came back for "id greater than ${lastId}".`);
    }
    rows += items.length;
    deps.onPage(q.entity, page, items.length);
    if (items.length) yield items;
    if (items.length < q.pageSize) return;
    if (q.expectedMaxRows !== undefined && rows >= q.expectedMaxRows) return;
    lastId = range!.max;
  }
}

/**
 * Autotask's own cursor: POST the nextPageUrl with the identical body (a GET answers 405, a POST without
 * the body answers 500). The executor refuses any nextPageUrl outside the zone before sending.
 */
export async function* nextPageUrlPages(deps: PagingDeps, q: PagedQuery): AsyncGenerator<Record<string, unknown>[]> {
  const body = queryBody(q.filter.length ? q.filter : [MATCH_ALL], q);
  let url: string | undefined;
  let rows = 0;
  let lastMax: number | undefined;
  const seenUrls = new Set<string>();
  for (let page = 1; ; page++) {
    const { items, nextPageUrl } = parsePage(q.entity, await deps.postQuery(q.entity, body, url));
    const range = idRange(items);
    if (range && lastMax !== undefined && range.min <= lastMax) {
      throw badPage(q.entity, url ?? `${q.entity}/query`, 'the next page repeated rows already read.');
    }
    if (range) lastMax = range.max;
    rows += items.length;
    deps.onPage(q.entity, page, items.length);
    if (items.length) yield items;
    if (!nextPageUrl) return;
    if (q.expectedMaxRows !== undefined && rows >= q.expectedMaxRows) return;
    if (seenUrls.has(nextPageUrl)) throw badPage(q.entity, `${q.entity}/query`, 'the next-page address repeats itself.');
    seenUrls.add(nextPageUrl);
    if (page >= deps.maxPages) throw pageCapError(q, page, rows);
    url = nextPageUrl;
  }
}
