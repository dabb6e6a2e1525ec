// createAutotaskClient: wires zone discovery, budget, concurrency, retries and paging into the public API.
import type { Dispatcher } from 'undici';
import { AutotaskError } from './autotask-error';
import { AccountingRecorder } from './client-accounting';
import { fieldIndex, includeFieldsWithId, normaliseFilters, validateFields, validateOperators } from './filter-validation';
import { createAgent } from './http-transport';
import { dedupeIds, mergeBatches, packIdBatches, splitIdBatches } from './id-batching';
import { KeyedSemaphore } from './keyed-semaphore';
import { clampPageSize, DEFAULT_MAX_PAGES, keysetPages, nextPageUrlPages, type PagingDeps } from './query-paging';
import { RequestBudget, resolveBudget, type ThresholdReading } from './request-budget';
import { RequestExecutor, type ApiCall } from './request-executor';
import { resolveRetry } from './retry-policy';
import { createRedactor, type Redactor } from './secret-redactor';
import { runConnectionTest } from './test-connection';
import type {
  AutotaskClient,
  AutotaskClientOptions,
  AutotaskCredentials,
  ClientClock,
  ClientEvent,
  EntityName,
  FieldInfo,
  Filter,
  IdQuery,
  QueryOptions,
  QuerySpec,
  SharedThresholdReading,
  StoredFieldList,
  TestConnectionResult,
} from './types';
import { zoneCacheKey } from './url-safety';
import { createMemoryZoneCache, DEFAULT_ZONE_LOOKUP_URL, ZoneResolver } from './zone-resolver';

export const DEFAULT_CONCURRENCY_PER_ENTITY = 2;
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

export const systemClock: ClientClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function missingCredentials(which: string[]): AutotaskError {
  return new AutotaskError({
    kind: 'missing-credentials',
    method: 'GET',
    url: '',
    userMessage: `Autotask credentials are incomplete: ${which.join(', ')} ${which.length > 1 ? 'are' : 'is'} missing. Enter them in Configuration.`,
    retryable: false,
  });
}

export function createAutotaskClient(opts: AutotaskClientOptions): AutotaskClient {
  const core = createClientCore(opts);
  const client: AutotaskClient = {
    zone: () => zoneOf(core),
    query<T = Record<string, unknown>>(entity: EntityName, q: QuerySpec, o?: QueryOptions): AsyncIterable<T[]> {
      return queryPages<T>(core, entity, q, o);
    },
    queryByIds<T = Record<string, unknown>>(entity: EntityName, field: string, ids: readonly number[], q?: IdQuery): AsyncIterable<T[]> {
      return queryPagesByIds<T>(core, entity, field, ids, q);
    },
    count: (entity, filter) => countRows(core, entity, filter),
    get<T = Record<string, unknown>>(entity: EntityName, id: number): Promise<T | null> {
      return getOne<T>(core, entity, id);
    },
    fields: (entity) => core.fields(entity),
    threshold: () => readAndAcceptThreshold(core),
    testConnection: () => testConnection(core, client),
    accounting: () => core.accounting.snapshot(),
    close: core.close,
  };
  return client;
}

/** What every public method shares, built once per client. */
interface ClientCore {
  credentials: AutotaskCredentials;
  redactor: Redactor;
  executor: RequestExecutor;
  zones: ZoneResolver;
  budget: RequestBudget;
  accounting: AccountingRecorder;
  paging: PagingDeps;
  concurrency: number;
  readThreshold: () => Promise<ThresholdReading>;
  /** Throws `missing-credentials` before any request when a credential is blank. */
  ensureCredentials: () => void;
  fields: FieldCatalogue;
  prepareFilter: (entity: EntityName, filter: Filter[], includeFields?: string[]) => Promise<Filter[]>;
  close: () => Promise<void>;
}

function createClientCore(opts: AutotaskClientOptions): ClientCore {
  const credentials = { ...opts.credentials };
  const redactor = createRedactor(credentials);
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const concurrency = opts.concurrencyPerEntity ?? DEFAULT_CONCURRENCY_PER_ENTITY;
  const dispatcher: Dispatcher = opts.dispatcher ?? createAgent({ requestTimeoutMs: timeoutMs, tls: opts.tls });
  const accounting = new AccountingRecorder();
  const emit = createEmitter(redactor, opts.onEvent);
  const missing = missingCredentialFields(credentials);
  const ensureCredentials = () => {
    if (missing.length) throw missingCredentials(missing);
  };

  // The zone resolver, the threshold reader and the executor need each other; they only call it after it exists.
  let executor: RequestExecutor;
  const call = (c: ApiCall) => executor.call(c);
  const lookupBase = opts.zoneLookupUrl ?? DEFAULT_ZONE_LOOKUP_URL;
  const zones = new ZoneResolver({
    username: credentials.username,
    lookupBase,
    cache: opts.zoneCache ?? createMemoryZoneCache(),
    clock,
    fetchLookup: (url) => executor.lookup(url),
    onDiscovered: (z, fromCache) => emit({ type: 'zone-discovered', zoneName: z.zoneName, url: z.url, ci: z.ci, fromCache }),
  });
  const readThreshold = createThresholdReader(call, emit);
  const thresholdCache = opts.thresholdCache;
  // The key of what is kept between clients (threshold reading, field lists): the zone cache's.
  const sharedKey = zoneCacheKey(lookupBase, credentials.username);
  const shared = thresholdCache && { load: () => thresholdCache.get(sharedKey), save: (r: SharedThresholdReading) => thresholdCache.set(sharedKey, r) };
  const budget = new RequestBudget(resolveBudget(opts.budget), clock, readThreshold, (e) => emit({ type: 'threshold-unavailable', message: e.userMessage }), shared);
  const retry = resolveRetry(opts.retry);
  const semaphores = new KeyedSemaphore(concurrency);
  const random = opts.random ?? Math.random;
  executor = new RequestExecutor({ credentials, redactor, dispatcher, clock, random, retry, timeoutMs, signal: opts.signal, emit, accounting, semaphores, budget, zones });
  const fieldListCache = opts.fieldListCache;
  const fieldStore: FieldListStore | undefined = fieldListCache && {
    load: (entity) => fieldListCache.get(sharedKey, entity),
    save: (entity, list) => fieldListCache.set(sharedKey, entity, list),
    remove: (entity) => fieldListCache.delete(sharedKey, entity),
  };
  const fields = createFieldCatalogue(call, ensureCredentials, clock, fieldStore);
  return {
    credentials,
    redactor,
    executor,
    zones,
    budget,
    accounting,
    concurrency,
    readThreshold,
    ensureCredentials,
    fields,
    paging: createPaging(call, accounting, emit, opts.maxPages ?? DEFAULT_MAX_PAGES),
    prepareFilter: createFilterPreparer(fields, ensureCredentials),
    close: async () => {
      budget.storeShared();
      if (!opts.dispatcher) await dispatcher.close();
    },
  };
}

/** Events go to logs: every string field is scrubbed on the way out, and a listener's bug never breaks a sync. */
function createEmitter(redactor: Redactor, onEvent: AutotaskClientOptions['onEvent']): (e: ClientEvent) => void {
  return (e) => {
    if (!onEvent) return;
    const clean = Object.fromEntries(
      Object.entries(e).map(([k, v]) => [k, typeof v === 'string' ? (k === 'url' || k === 'from' || k === 'to' ? redactor.url(v) : redactor.text(v)) : v]),
    ) as ClientEvent;
    try {
      onEvent(clean);
    } catch {
      /* a listener's bug must not break a sync */
    }
  };
}

function missingCredentialFields(credentials: AutotaskCredentials): string[] {
  return [!credentials.username.trim() && 'username', !credentials.secret && 'secret', !credentials.integrationCode.trim() && 'integration code'].filter((x): x is string =>
    Boolean(x),
  );
}

function createThresholdReader(call: (c: ApiCall) => Promise<unknown>, emit: (e: ClientEvent) => void): () => Promise<ThresholdReading> {
  return async () => {
    const json = (await call({ endpoint: 'ThresholdInformation', countAs: 'threshold', method: 'GET', path: 'ThresholdInformation', skipBudget: true })) as Record<string, unknown>;
    const limit = Number(json.externalRequestThreshold);
    const used = Number(json.currentTimeframeRequestCount);
    const timeframeMinutes = Number(json.requestThresholdTimeframe ?? 60);
    if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(used)) {
      throw new AutotaskError({
        kind: 'bad-response',
        method: 'GET',
        url: 'ThresholdInformation',
        status: 200,
        userMessage: 'Autotask answered the request-limit check (ThresholdInformation) without usable numbers.',
        retryable: false,
      });
    }
    const reading = { limit, used, timeframeMinutes: Number.isFinite(timeframeMinutes) ? timeframeMinutes : 60 };
    emit({ type: 'threshold', ...reading });
    return reading;
  };
}

/**
 * How long a stored field list is used before it is fetched again. A week, not the zone's day: the nightly
 * sync runs 24 h apart, so a day would fetch every list every night. Autotask's fields and the system
 * picklists read here (contract status, billingItemType) change with Autotask releases; a field that went
 * away answers "Unable to find …", which drops the stored list, so the next picklist read fetches a fresh one.
 */
export const FIELD_LIST_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface FieldCatalogue {
  (entity: EntityName): Promise<FieldInfo[]>;
  /** The entity's list if this client or the store already has it (no call), else undefined. */
  peek(entity: EntityName): FieldInfo[] | undefined;
  /** Drops the entity's list (memory and store), e.g. after Autotask said it has no such field. */
  forget(entity: EntityName): void;
}

interface FieldListStore {
  load(entity: EntityName): StoredFieldList | undefined;
  save(entity: EntityName, list: StoredFieldList): void;
  remove(entity: EntityName): void;
}

/**
 * Field metadata per entity, fetched once per client and shared; with a store, a list fetched by an earlier
 * client (a week at most) is used without a call. A failed fetch is forgotten so the next call retries; a
 * store that cannot be read or written only costs the fetch.
 */
function createFieldCatalogue(call: (c: ApiCall) => Promise<unknown>, ensureCredentials: () => void, clock: ClientClock, store?: FieldListStore): FieldCatalogue {
  const cache = new Map<EntityName, Promise<FieldInfo[]>>();
  const resolved = new Map<EntityName, FieldInfo[]>();
  const stored = (entity: EntityName): FieldInfo[] | undefined => {
    try {
      const s = store?.load(entity);
      const age = s ? clock.now() - s.fetchedAt : NaN;
      return s && age >= 0 && age < FIELD_LIST_TTL_MS ? s.fields : undefined;
    } catch {
      return undefined;
    }
  };
  const load = async (entity: EntityName): Promise<FieldInfo[]> => {
    ensureCredentials();
    const kept = stored(entity);
    if (kept) return kept;
    const json = (await call({ endpoint: entity, method: 'GET', path: `${entity}/entityInformation/fields` })) as Record<string, unknown>;
    const list = json.fields ?? json.Fields;
    if (!Array.isArray(list)) {
      throw new AutotaskError({
        kind: 'bad-response',
        method: 'GET',
        url: `${entity}/entityInformation/fields`,
        status: 200,
        userMessage: `Autotask's field list for ${entity} was not a list.`,
        retryable: false,
      });
    }
    const fields = list.filter((f): f is FieldInfo => !!f && typeof (f as FieldInfo).name === 'string');
    try {
      store?.save(entity, { fields, fetchedAt: clock.now() });
    } catch {
      /* not kept: the next client fetches it again */
    }
    return fields;
  };
  const catalogue = ((entity: EntityName) => {
    let p = cache.get(entity);
    if (!p) {
      p = load(entity);
      cache.set(entity, p);
      p.then(
        (fields) => void (cache.get(entity) === p && resolved.set(entity, fields)),
        () => cache.delete(entity),
      );
    }
    return p;
  }) as FieldCatalogue;
  catalogue.peek = (entity) => {
    const known = resolved.get(entity);
    if (known) return known;
    const kept = stored(entity);
    if (kept) {
      resolved.set(entity, kept);
      cache.set(entity, Promise.resolve(kept));
    }
    return kept;
  };
  catalogue.forget = (entity) => {
    cache.delete(entity);
    resolved.delete(entity);
    try {
      store?.remove(entity);
    } catch {
      /* an unreadable store is not used anyway */
    }
  };
  return catalogue;
}

/**
 * After a failed query or count: when Autotask said it has no such field ("Unable to find projectID in the
 * TimeEntry Entity"), the entity's field list (possibly a stored one) is out of date and is dropped.
 */
function forgetFieldsIfUnknown(core: ClientCore, entity: EntityName, e: unknown): void {
  if (e instanceof AutotaskError && e.kind === 'validation' && /unable to find/i.test([e.userMessage, ...(e.errors ?? [])].join(' '))) core.fields.forget(entity);
}

/** A query's pages, with forgetFieldsIfUnknown on failure. */
async function* forgettingFieldsOnUnknown<T>(core: ClientCore, entity: EntityName, pages: AsyncGenerator<T[]>): AsyncGenerator<T[]> {
  try {
    yield* pages;
  } catch (e) {
    forgetFieldsIfUnknown(core, entity, e);
    throw e;
  }
}

/**
 * Operators first, always (an operator Autotask does not know is silently dropped and the query comes back
 * unfiltered). Then field names, against the entity's field list when this client or the store has it. A
 * list is not fetched just for this: a field Autotask does not have is refused by Autotask itself ("Unable
 * to find projectID in the TimeEntry Entity", a `validation` error, not retried), which costs one call in
 * that rare case, while fetching would cost one call per entity on every run that has no list yet. The
 * lists that are needed anyway (picklists: contract status, billingItemType) validate their entity.
 */
function createFilterPreparer(fields: FieldCatalogue, ensureCredentials: () => void): ClientCore['prepareFilter'] {
  return async (entity, filter, includeFields) => {
    if (!Array.isArray(filter))
      throw new AutotaskError({
        kind: 'invalid-query',
        method: 'POST',
        url: `${entity}/query`,
        userMessage: `The ${entity} query was not sent: the filter must be a list of conditions.`,
        retryable: false,
      });
    validateOperators(entity, filter);
    ensureCredentials();
    const known = fields.peek(entity);
    validateFields(entity, filter, includeFields, known && fieldIndex(known));
    return normaliseFilters(filter);
  };
}

function createPaging(call: (c: ApiCall) => Promise<unknown>, accounting: AccountingRecorder, emit: (e: ClientEvent) => void, maxPages: number): PagingDeps {
  return {
    postQuery: (entity, body, absoluteUrl) =>
      call(absoluteUrl ? { endpoint: entity, method: 'POST', absoluteUrl, body } : { endpoint: entity, method: 'POST', path: `${entity}/query`, body }),
    onPage: (entity, page, rows) => {
      accounting.page(rows);
      emit({ type: 'page', entity, page, rows });
    },
    maxPages,
  };
}

async function zoneOf(core: ClientCore) {
  if (!core.credentials.username.trim()) throw missingCredentials(['username']);
  return core.zones.get();
}

async function* queryPages<T>(core: ClientCore, entity: EntityName, q: QuerySpec, o?: QueryOptions): AsyncGenerator<T[]> {
  const filter = await core.prepareFilter(entity, q.filter, q.includeFields);
  const spec = { entity, filter, includeFields: includeFieldsWithId(q.includeFields), pageSize: clampPageSize(o?.pageSize) };
  const pages = o?.paging === 'next-page-url' ? nextPageUrlPages(core.paging, spec) : keysetPages(core.paging, spec);
  yield* forgettingFieldsOnUnknown(core, entity, pages as AsyncGenerator<T[]>);
}

async function* queryPagesByIds<T>(core: ClientCore, entity: EntityName, field: string, ids: readonly number[], q?: IdQuery): AsyncGenerator<T[]> {
  const unique = dedupeIds(entity, ids);
  const base = q?.filter ?? [];
  // Validate the shape once with a representative `in` condition.
  await core.prepareFilter(entity, [...base, { op: 'in', field, value: [unique[0] ?? 0] }], q?.includeFields);
  if (unique.length === 0) return;
  const filter = normaliseFilters(base);
  const includeFields = includeFieldsWithId(q?.includeFields);
  const byId = field.toLowerCase() === 'id';
  const pageSize = clampPageSize(undefined);
  const batches = q?.expectedRows?.size ? packIdBatches(unique, q.expectedRows, pageSize) : splitIdBatches(unique);
  const pages = mergeBatches(batches, core.concurrency, (batch) =>
    keysetPages(core.paging, {
      entity,
      filter: [...filter, { op: 'in', field, value: batch }],
      includeFields,
      pageSize,
      expectedMaxRows: byId ? batch.length : undefined,
    }),
  ) as AsyncGenerator<T[]>;
  yield* forgettingFieldsOnUnknown(core, entity, pages);
}

async function countRows(core: ClientCore, entity: EntityName, filter: Filter[]): Promise<number> {
  const f = await core.prepareFilter(entity, filter);
  let json: Record<string, unknown>;
  try {
    json = (await core.executor.call({
      endpoint: entity,
      method: 'POST',
      path: `${entity}/query/count`,
      body: { filter: f.length ? f : [{ op: 'exist', field: 'id' }] },
    })) as Record<string, unknown>;
  } catch (e) {
    forgetFieldsIfUnknown(core, entity, e);
    throw e;
  }
  const n = Number(json.queryCount ?? json.QueryCount);
  if (!Number.isFinite(n)) {
    throw new AutotaskError({
      kind: 'bad-response',
      method: 'POST',
      url: `${entity}/query/count`,
      status: 200,
      userMessage: `Autotask's count of ${entity} had no number in it.`,
      retryable: false,
    });
  }
  return n;
}

async function getOne<T>(core: ClientCore, entity: EntityName, id: number): Promise<T | null> {
  if (!Number.isSafeInteger(id))
    throw new AutotaskError({
      kind: 'invalid-query',
      method: 'GET',
      url: `${entity}/${String(id)}`,
      userMessage: `The ${entity} lookup was not sent: ${String(id)} is not a whole-number id.`,
      retryable: false,
    });
  core.ensureCredentials();
  try {
    const json = (await core.executor.call({ endpoint: entity, method: 'GET', path: `${entity}/${id}` })) as Record<string, unknown>;
    const item = json.item ?? json.Item;
    return item && typeof item === 'object' ? (item as T) : null;
  } catch (e) {
    if (e instanceof AutotaskError && e.kind === 'not-found') return null;
    throw e;
  }
}

async function readAndAcceptThreshold(core: ClientCore): Promise<ThresholdReading> {
  core.ensureCredentials();
  const r = await core.readThreshold();
  core.budget.accept(r);
  return r;
}

function testConnection(core: ClientCore, client: AutotaskClient): Promise<TestConnectionResult> {
  return runConnectionTest({
    zone: () => client.zone(),
    threshold: () => client.threshold(),
    probe: async (entity) => {
      // One row, only its id, and no field-metadata call: the cheapest proof of read access.
      await core.executor.call({
        endpoint: entity,
        method: 'POST',
        path: `${entity}/query`,
        body: { filter: [{ op: 'exist', field: 'id' }], IncludeFields: ['id'], MaxRecords: 1 },
        skipBudget: true,
      });
    },
    redact: (s) => core.redactor.text(s),
  });
}
