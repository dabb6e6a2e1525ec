// Public types of the Autotask REST client. The sync engine codes against these names.
import type { ConnectionCheck, TestConnectionResult } from '../../shared/domain';
import type { Dispatcher } from 'undici';

export type EntityName = 'Companies' | 'Contracts' | 'ContractServices' | 'Services' | 'ContractServiceUnits' | 'TimeEntries' | 'BillingItems';

export const ENTITY_NAMES: readonly EntityName[] = ['Companies', 'Contracts', 'ContractServices', 'Services', 'ContractServiceUnits', 'TimeEntries', 'BillingItems'];

export interface AutotaskCredentials {
  username: string;
  secret: string;
  integrationCode: string;
}

export type Filter = { op: string; field?: string; value?: unknown; udf?: boolean; items?: Filter[] };

export interface ZoneInfo {
  zoneName: string;
  /** Zone API base, always ending in exactly one `/` (e.g. `https://webservices15.autotask.net/ATServicesRest/`). */
  url: string;
  webUrl: string;
  /** Tenant (customer database) id. */
  ci: number;
  /** ISO timestamp of the lookup. */
  fetchedAt: string;
}

export interface ZoneCache {
  get(username: string): ZoneInfo | undefined;
  set(username: string, z: ZoneInfo): void;
  delete(username: string): void;
}

/** A threshold reading kept between clients (the sync's runs), so each run does not open with one. */
export interface SharedThresholdReading {
  limit: number;
  used: number;
  timeframeMinutes: number;
  /** When it was read (clock ms). */
  readAt: number;
  /** Calls the client made after it, up to when it was stored. */
  callsSinceRead: number;
}

/** Keyed like the zone cache (lookup URL + username); a reading older than `checkEveryMs` is not used. */
export interface ThresholdCache {
  get(key: string): SharedThresholdReading | undefined;
  set(key: string, r: SharedThresholdReading): void;
}

/** An entity's field list (`entityInformation/fields`, picklists included) as kept between clients. */
export interface StoredFieldList {
  fields: FieldInfo[];
  /** When it was fetched (clock ms). */
  fetchedAt: number;
}

/**
 * Field lists kept between clients, keyed like the zone cache (lookup URL + username) and the entity. A list
 * older than FIELD_LIST_TTL_MS is fetched again; an "Unable to find <field>" answer drops the entity's list.
 */
export interface FieldListCache {
  get(key: string, entity: EntityName): StoredFieldList | undefined;
  set(key: string, entity: EntityName, list: StoredFieldList): void;
  delete(key: string, entity: EntityName): void;
}

/** The extra conditions of a `queryByIds` read. */
export interface IdQuery {
  filter?: Filter[];
  includeFields?: string[];
  /**
   * Rows each id returned last time (lines per contract, unit rows per line): the `in` batches are then cut
   * so their pages come out full instead of ending each batch on a part-filled page. Only a hint: a wrong
   * figure costs a call, never a row.
   */
  expectedRows?: ReadonlyMap<number, number>;
}

export interface ClientClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface BudgetOptions {
  /** Calls of the hourly threshold left untouched for the MSP's other integrations. Default: 10 % of the limit. */
  reserve?: number;
  /** Fraction of the hourly threshold above which requests are paced. Default 0.5. */
  slowDownAt?: number;
  /**
   * Re-read ThresholdInformation after this many of our calls. Default: adaptive — a quarter of the calls
   * left before the slow-down line (at least 100), so other integrations spending three times as many calls
   * as we do in between are still noticed before it; 100 once past the line, 25 past 90 %.
   */
  checkEveryCalls?: number;
  /** Re-read ThresholdInformation after this much time. Default 5 minutes. */
  checkEveryMs?: number;
}

export interface RetryOptions {
  /** Attempts per request, first one included. Default 6. */
  maxAttempts?: number;
  /** Give up when the next wait would end later than this after the first attempt. Default 120 s. */
  maxTotalMs?: number;
  /** First backoff ceiling. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 30 s. */
  maxDelayMs?: number;
}

export interface TlsOptions {
  /**
   * Allow legacy (insecure) TLS renegotiation with the server, i.e. OpenSSL's
   * `SSL_OP_LEGACY_SERVER_CONNECT`. Node ≥ 17 refuses Autotask's old IIS renegotiation on some zones;
   * one Node client had to switch this on in 2023. Off by default: only enable it when a connection
   * fails with "unsafe legacy renegotiation disabled".
   */
  legacyServerConnect?: boolean;
}

export interface AutotaskClientOptions {
  credentials: AutotaskCredentials;
  /** Base of the zone lookup. Default `https://webservices.autotask.net/ATServicesRest/`. */
  zoneLookupUrl?: string;
  /** Default: in-memory. Entries older than 24 h are ignored whatever the cache holds. */
  zoneCache?: ZoneCache;
  /** Requests in flight per entity endpoint (Autotask allows 3 per integration; others share it). Default 2. */
  concurrencyPerEntity?: number;
  budget?: BudgetOptions;
  /** Default: none (every client opens with its own reading). The client stores its reading on close. */
  thresholdCache?: ThresholdCache;
  /** Default: none (each client fetches an entity's field list the first time it needs it, once). */
  fieldListCache?: FieldListCache;
  retry?: RetryOptions;
  /** Timeout per attempt, headers and body together. Default 120 s. */
  requestTimeoutMs?: number;
  /** Hard cap of pages per query, reported as a `page-cap` error. Default 1000 (500,000 rows). */
  maxPages?: number;
  clock?: ClientClock;
  random?: () => number;
  signal?: AbortSignal;
  onEvent?: (e: ClientEvent) => void;
  tls?: TlsOptions;
  /** Custom undici dispatcher (tests). When given, the client does not own or close it. */
  dispatcher?: Dispatcher;
}

export type ClientEvent =
  | { type: 'zone-discovered'; zoneName: string; url: string; ci: number; fromCache: boolean }
  | { type: 'zone-rediscovered'; changed: boolean; from: string; to: string }
  | {
      type: 'retry';
      attempt: number;
      delayMs: number;
      kind: string;
      status?: number;
      method: string;
      url: string;
      message: string;
    }
  | { type: 'throttle-wait'; reason: 'pacing' | 'rate-limit'; ms: number; usedFraction?: number }
  | { type: 'threshold'; used: number; limit: number; timeframeMinutes: number }
  | { type: 'threshold-unavailable'; message: string }
  | { type: 'page'; entity: EntityName; page: number; rows: number };

export interface PicklistValue {
  value: string;
  label: string;
  isActive?: boolean;
  [k: string]: unknown;
}

export interface FieldInfo {
  name: string;
  dataType: string;
  isQueryable?: boolean;
  isPickList?: boolean;
  picklistValues?: PicklistValue[] | null;
  [k: string]: unknown;
}

// The connection test's result is part of the IPC contract (the UI shows it), so it is declared once, there.
export type { ConnectionCheck, TestConnectionResult };

export interface ClientAccounting {
  /** HTTP attempts per entity endpoint, plus `zone` and `threshold`. */
  calls: Record<string, number>;
  totalCalls: number;
  retries: number;
  throttleWaits: number;
  throttleWaitMs: number;
  bytesReceived: number;
  pages: number;
  rows: number;
}

export interface QuerySpec {
  filter: Filter[];
  includeFields?: string[];
}

export interface QueryOptions {
  paging?: 'keyset' | 'next-page-url';
  /** 1..500, default 500. */
  pageSize?: number;
}

export interface AutotaskClient {
  zone(): Promise<ZoneInfo>;
  query<T = Record<string, unknown>>(entity: EntityName, q: QuerySpec, opts?: QueryOptions): AsyncIterable<T[]>;
  queryByIds<T = Record<string, unknown>>(entity: EntityName, field: string, ids: readonly number[], q?: IdQuery): AsyncIterable<T[]>;
  count(entity: EntityName, filter: Filter[]): Promise<number>;
  get<T = Record<string, unknown>>(entity: EntityName, id: number): Promise<T | null>;
  fields(entity: EntityName): Promise<FieldInfo[]>;
  threshold(): Promise<{ limit: number; timeframeMinutes: number; used: number }>;
  testConnection(): Promise<TestConnectionResult>;
  accounting(): ClientAccounting;
  /** Closes the keep-alive connection pool (no-op for an injected dispatcher). */
  close(): Promise<void>;
}
