/**
 * The authenticated routes under `{zone}/ATServicesRest/V1.0/`: query (POST and GET ?search=), query/next,
 * query/count, GET by id, entityInformation(/fields, /userDefinedFields), ThresholdInformation, and
 * DELETE TimeEntries/{id}. Anything else is a 404 or 405 in the ASP.NET `{"Message": …}` shape.
 */
import { ApiError, QUERY_MODEL_NULL, methodNotAllowed, noResource } from './api-error';
import { ENTITIES, resolveEntityName, type EntityDef, type EntityName } from './entity-schema';
import { entityFields, entityInfo } from './entity-information';
import { parseLenientJson } from './lenient-json';
import { decodeCursor, nextPageUrl, queryHash, type PagingCursor } from './paging-cursor';
import { compileQuery, countMatches, runPage, type PageCursor } from './query-engine';
import { readQueryModel } from './query-model';
import { toWire } from './record-codec';
import type { SandboxState } from './sandbox-state';

export interface ApiRequest {
  method: string;
  /** Path segments after `V1.0/`, as sent. */
  segments: string[];
  query: URLSearchParams;
  body: string;
  /** The request URL as received (for 404 texts). */
  url: string;
  /** `spoofNextPage` fault: put this origin in nextPageUrl. */
  spoofOrigin?: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Stats / thread-limit key of an API path: the REST entity name, `ThresholdInformation` or `unknown`. */
export function apiRouteKey(segments: string[]): string {
  const first = segments[0] ?? '';
  if (first.toLowerCase() === 'thresholdinformation') return 'ThresholdInformation';
  return resolveEntityName(first) ?? 'unknown';
}

export function handleApi(state: SandboxState, req: ApiRequest): ApiResponse {
  const [first = '', ...rest] = req.segments;
  const lower = rest.map((s) => s.toLowerCase());
  if (first.toLowerCase() === 'thresholdinformation' && rest.length === 0) {
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    const now = state.clock.nowMs();
    return {
      status: 200,
      body: { externalRequestThreshold: state.hourly.limit, requestThresholdTimeframe: 60, currentTimeframeRequestCount: state.hourly.count(now) },
    };
  }
  const entity = resolveEntityName(first);
  if (!entity) throw noResource(req.url);
  const def = ENTITIES[entity];

  if (lower.length === 0) throw methodNotAllowed(req.method); // bare `GET /Companies` etc.
  if (lower[0] === 'query') {
    if (lower.length === 1) return queryRoute(state, def, req);
    if (lower.length === 2 && lower[1] === 'count') return countRoute(state, def, req);
    if (lower.length === 2 && lower[1] === 'next') return nextRoute(state, def, req);
    throw noResource(req.url);
  }
  if (lower[0] === 'entityinformation') {
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    if (lower.length === 1) return { status: 200, body: entityInfo(def) };
    if (lower.length === 2 && lower[1] === 'fields') return { status: 200, body: entityFields(def) };
    if (lower.length === 2 && lower[1] === 'userdefinedfields') return { status: 200, body: { fields: [] } };
    throw noResource(req.url);
  }
  if (lower.length === 1 && /^-?\d+$/.test(rest[0]!)) return byIdRoute(state, entity, def, Number(rest[0]), req);
  throw noResource(req.url);
}

function parseBody(body: string): unknown {
  if (body.trim() === '') throw new ApiError(500, QUERY_MODEL_NULL);
  try {
    return parseLenientJson(body);
  } catch {
    // ASP.NET binds an unreadable body as null.
    throw new ApiError(500, QUERY_MODEL_NULL);
  }
}

function parseSearch(search: string | null): unknown {
  if (search === null || search.trim() === '') throw new ApiError(500, 'Value cannot be null. Parameter name: search');
  try {
    return parseLenientJson(search);
  } catch {
    throw new ApiError(500, 'Invalid query syntax. The search parameter is not valid JSON.');
  }
}

function queryRoute(state: SandboxState, def: EntityDef, req: ApiRequest): ApiResponse {
  if (req.method === 'POST') return runQuery(state, def, parseBody(req.body), undefined, undefined, req);
  if (req.method === 'GET') {
    const search = req.query.get('search');
    return runQuery(state, def, parseSearch(search), undefined, search ?? undefined, req);
  }
  throw methodNotAllowed(req.method);
}

function nextRoute(state: SandboxState, def: EntityDef, req: ApiRequest): ApiResponse {
  const search = req.query.get('search');
  if (req.method === 'GET') {
    // Only GET queries get a next URL carrying `search=`; a POST query's cursor must be POSTed.
    if (search === null) throw methodNotAllowed('GET');
    return runQuery(state, def, parseSearch(search), decodeCursor(req.query.get('paging')), search, req);
  }
  if (req.method !== 'POST') throw methodNotAllowed(req.method);
  const raw = parseBody(req.body);
  return runQuery(state, def, raw, decodeCursor(req.query.get('paging')), undefined, req);
}

function countRoute(state: SandboxState, def: EntityDef, req: ApiRequest): ApiResponse {
  let raw: unknown;
  if (req.method === 'POST') raw = parseBody(req.body);
  else if (req.method === 'GET') raw = parseSearch(req.query.get('search'));
  else throw methodNotAllowed(req.method);
  const compiled = compileQuery(def, readQueryModel(raw), state.behaviour, state.visibility(def.name));
  return { status: 200, body: { queryCount: countMatches(state.tables[def.name], compiled) } };
}

function runQuery(state: SandboxState, def: EntityDef, raw: unknown, cursor: PagingCursor | undefined, search: string | undefined, req: ApiRequest): ApiResponse {
  const compiled = compileQuery(def, readQueryModel(raw), state.behaviour, state.visibility(def.name));
  const hash = queryHash(raw);
  const page: PageCursor = {};
  if (cursor) {
    if (cursor.queryHash !== hash) {
      throw new ApiError(500, 'The query does not match the paging information. A next page must be requested with the unchanged query.');
    }
    const next = cursor.nextIds[0] ?? -1;
    const prev = cursor.previousIds[0] ?? -1;
    if (next >= 0) page.afterId = next;
    else if (prev >= 0) page.beforeId = prev;
    else throw new ApiError(500, 'Invalid paging information.');
  }
  const table = state.tables[def.name];
  const { rows, hasMore } = runPage(table, compiled, page);
  const dates = state.dateOutput();
  const items = rows.map((r) => toWire(def, r, dates, compiled.projection));
  const firstId = rows.length ? (rows[0]!.id as number) : undefined;
  const lastId = rows.length ? (rows[rows.length - 1]!.id as number) : undefined;
  const backwards = page.beforeId !== undefined;
  const make = (previousIds: number, nextIds: number): PagingCursor => ({
    pageSize: compiled.pageSize,
    previousIds: [previousIds],
    nextIds: [nextIds],
    queryHash: hash,
  });
  const zoneBase = state.zoneBase();
  let next: string | null = null;
  let prev: string | null = null;
  if (lastId !== undefined && (backwards || hasMore)) next = nextPageUrl(zoneBase, def.name, make(-1, lastId), search);
  if (firstId !== undefined && (backwards ? hasMore : page.afterId !== undefined)) {
    prev = nextPageUrl(zoneBase, def.name, make(firstId, -1), search);
  }
  if (req.spoofOrigin) {
    // A nextPageUrl on a foreign origin: a careful client refuses it (and never sends credentials there).
    next = nextPageUrl(`${req.spoofOrigin}/${state.zoneName()}/ATServicesRest/`, def.name, make(-1, lastId ?? -1), search);
  }
  return {
    status: 200,
    body: { items, pageDetails: { count: items.length, requestCount: compiled.pageSize, prevPageUrl: prev, nextPageUrl: next } },
  };
}

function byIdRoute(state: SandboxState, entity: EntityName, def: EntityDef, id: number, req: ApiRequest): ApiResponse {
  const table = state.tables[entity];
  const visible = state.visibility(entity);
  const row = table.get(id);
  const found = row && (!visible || visible(row)) ? row : undefined;
  if (req.method === 'DELETE') {
    if (!def.canDelete) throw methodNotAllowed('DELETE');
    if (!found) throw new ApiError(500, 'No message. No matching records found.');
    table.remove(id);
    return { status: 200, body: { itemId: id } };
  }
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  if (!found) {
    if (state.behaviour.missingById === 'null-item') return { status: 200, body: { item: null } };
    throw new ApiError(404, 'No matching records found.');
  }
  return { status: 200, body: { item: toWire(def, found, state.dateOutput()) } };
}
