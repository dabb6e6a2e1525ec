// createAutotaskClient: wires zone discovery, budget, concurrency, retries and paging into the public API.
import type { Dispatcher } from 'undici';
import { AutotaskError } from './autotask-error';
import { AccountingRecorder } from './client-accounting';
import { fieldIndex, includeFieldsWithId, normaliseFilters, validateFields, validateOperators } from './filter-validation';
import { createAgent } from './http-transport';
import { dedupeIds, mergeBatches, splitIdBatches } from './id-batching';
import { KeyedSemaphore } from './keyed-semaphore';
import { clampPageSize, DEFAULT_MAX_PAGES, keysetPages, nextPageUrlPages, type PagingDeps } from './query-paging';
import { RequestBudget, resolveBudget, type ThresholdReading } from './request-budget';
import { RequestExecutor } from './request-executor';
import { resolveRetry } from './retry-policy';
import { createRedactor } from './secret-redactor';
import { runConnectionTest } from './test-connection';
import type { AutotaskClient, AutotaskClientOptions, ClientClock, ClientEvent, EntityName, FieldInfo, Filter, QueryOptions, QuerySpec } from './types';
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
  const credentials = { ...opts.credentials };
  const redactor = createRedactor(credentials);
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const concurrency = opts.concurrencyPerEntity ?? DEFAULT_CONCURRENCY_PER_ENTITY;
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const ownsDispatcher = !opts.dispatcher;
  const dispatcher: Dispatcher = opts.dispatcher ?? createAgent({ requestTimeoutMs: timeoutMs, tls: opts.tls });
  const accounting = new AccountingRecorder();

  const emit = (e: ClientEvent) => {
    if (!opts.onEvent) return;
    // Events go to logs; scrub every string field on the way out.
    const clean = Object.fromEntries(
      Object.entries(e).map(([k, v]) => [k, typeof v === 'string' ? (k === 'url' || k === 'from' || k === 'to' ? redactor.url(v) : redactor.text(v)) : v]),
    ) as ClientEvent;
    try {
      opts.onEvent(clean);
    } catch {
      /* a listener's bug must not break a sync */
    }
  };

  const missing = [!credentials.username.trim() && 'username', !credentials.secret && 'secret', !credentials.integrationCode.trim() && 'integration code'].filter(
    (x): x is string => Boolean(x),
  );

  // The zone resolver and the executor need each other; the resolver only calls it after both exist.
  let executor: RequestExecutor;
  const zones = new ZoneResolver({
    username: credentials.username,
    lookupBase: opts.zoneLookupUrl ?? DEFAULT_ZONE_LOOKUP_URL,
    cache: opts.zoneCache ?? createMemoryZoneCache(),
    clock,
    fetchLookup: (url) => executor.lookup(url),
    onDiscovered: (z, fromCache) => emit({ type: 'zone-discovered', zoneName: z.zoneName, url: z.url, ci: z.ci, fromCache }),
  });

  const readThreshold = async (): Promise<ThresholdReading> => {
    const json = (await executor.call({ endpoint: 'ThresholdInformation', countAs: 'threshold', method: 'GET', path: 'ThresholdInformation', skipBudget: true })) as Record<
      string,
      unknown
    >;
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

  const budget = new RequestBudget(resolveBudget(opts.budget), clock, readThreshold, (e) => emit({ type: 'threshold-unavailable', message: e.userMessage }));
  executor = new RequestExecutor({
    credentials,
    redactor,
    dispatcher,
    clock,
    random,
    retry: resolveRetry(opts.retry),
    timeoutMs,
    signal: opts.signal,
    emit,
    accounting,
    semaphores: new KeyedSemaphore(concurrency),
    budget,
    zones,
  });

  const ensureCredentials = () => {
    if (missing.length) throw missingCredentials(missing);
  };

  const fieldCache = new Map<EntityName, Promise<FieldInfo[]>>();
  const fields = (entity: EntityName): Promise<FieldInfo[]> => {
    let p = fieldCache.get(entity);
    if (!p) {
      p = (async () => {
        ensureCredentials();
        const json = (await executor.call({ endpoint: entity, method: 'GET', path: `${entity}/entityInformation/fields` })) as Record<string, unknown>;
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
        return list.filter((f): f is FieldInfo => !!f && typeof (f as FieldInfo).name === 'string');
      })();
      fieldCache.set(entity, p);
      p.catch(() => fieldCache.delete(entity));
    }
    return p;
  };

  /** Operators first (free), then field names against the cached metadata. */
  const prepareFilter = async (entity: EntityName, filter: Filter[], includeFields?: string[]) => {
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
    validateFields(entity, filter, includeFields, fieldIndex(await fields(entity)));
    return normaliseFilters(filter);
  };

  const paging: PagingDeps = {
    postQuery: (entity, body, absoluteUrl) =>
      executor.call(absoluteUrl ? { endpoint: entity, method: 'POST', absoluteUrl, body } : { endpoint: entity, method: 'POST', path: `${entity}/query`, body }),
    onPage: (entity, page, rows) => {
      accounting.page(rows);
      emit({ type: 'page', entity, page, rows });
    },
    maxPages,
  };

  const client: AutotaskClient = {
    zone: async () => {
      if (!credentials.username.trim()) throw missingCredentials(['username']);
      return zones.get();
    },

    query<T = Record<string, unknown>>(entity: EntityName, q: QuerySpec, o?: QueryOptions): AsyncIterable<T[]> {
      return (async function* () {
        const filter = await prepareFilter(entity, q.filter, q.includeFields);
        const spec = { entity, filter, includeFields: includeFieldsWithId(q.includeFields), pageSize: clampPageSize(o?.pageSize) };
        const pages = o?.paging === 'next-page-url' ? nextPageUrlPages(paging, spec) : keysetPages(paging, spec);
        yield* pages as AsyncGenerator<T[]>;
      })();
    },

    queryByIds<T = Record<string, unknown>>(entity: EntityName, field: string, ids: readonly number[], q?: { filter?: Filter[]; includeFields?: string[] }): AsyncIterable<T[]> {
      return (async function* () {
        const unique = dedupeIds(entity, ids);
        const base = q?.filter ?? [];
        // Validate the shape once with a representative `in` condition.
        await prepareFilter(entity, [...base, { op: 'in', field, value: [unique[0] ?? 0] }], q?.includeFields);
        if (unique.length === 0) return;
        const filter = normaliseFilters(base);
        const includeFields = includeFieldsWithId(q?.includeFields);
        const byId = field.toLowerCase() === 'id';
        const batches = splitIdBatches(unique);
        yield* mergeBatches(batches, concurrency, (batch) =>
          keysetPages(paging, {
            entity,
            filter: [...filter, { op: 'in', field, value: batch }],
            includeFields,
            pageSize: clampPageSize(undefined),
            expectedMaxRows: byId ? batch.length : undefined,
          }),
        ) as AsyncGenerator<T[]>;
      })();
    },

    async count(entity, filter) {
      const f = await prepareFilter(entity, filter);
      const json = (await executor.call({
        endpoint: entity,
        method: 'POST',
        path: `${entity}/query/count`,
        body: { filter: f.length ? f : [{ op: 'exist', field: 'id' }] },
      })) as Record<string, unknown>;
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
    },

    async get<T = Record<string, unknown>>(entity: EntityName, id: number): Promise<T | null> {
      if (!Number.isSafeInteger(id))
        throw new AutotaskError({
          kind: 'invalid-query',
          method: 'GET',
          url: `${entity}/${String(id)}`,
          userMessage: `The ${entity} lookup was not sent: ${String(id)} is not a whole-number id.`,
          retryable: false,
        });
      ensureCredentials();
      try {
        const json = (await executor.call({ endpoint: entity, method: 'GET', path: `${entity}/${id}` })) as Record<string, unknown>;
        const item = json.item ?? json.Item;
        return item && typeof item === 'object' ? (item as T) : null;
      } catch (e) {
        if (e instanceof AutotaskError && e.kind === 'not-found') return null;
        throw e;
      }
    },

    fields,

    async threshold() {
      ensureCredentials();
      const r = await readThreshold();
      budget.accept(r);
      return r;
    },

    testConnection: () =>
      runConnectionTest({
        zone: () => client.zone(),
        threshold: () => client.threshold(),
        probe: async (entity) => {
          // One row, only its id, and no field-metadata call: the cheapest proof of read access.
          await executor.call({
            endpoint: entity,
            method: 'POST',
            path: `${entity}/query`,
            body: { filter: [{ op: 'exist', field: 'id' }], IncludeFields: ['id'], MaxRecords: 1 },
            skipBudget: true,
          });
        },
        redact: (s) => redactor.text(s),
      }),

    accounting: () => accounting.snapshot(),

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
  return client;
}
