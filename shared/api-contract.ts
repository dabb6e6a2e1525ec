import type {
  AppInfo,
  CredentialStatus,
  CustomerRow,
  DashboardData,
  ExportResult,
  ListQuery,
  LogFilter,
  LogPage,
  LogRow,
  Paged,
  RunDay,
  RunSummary,
  ServiceRow,
  SyncProgress,
  SyncRequest,
  TestConnectionResult,
} from './domain';
import type { FieldErrors, Settings, SettingsPatch } from './settings';
import type { SyncPreview } from './sync-preview';
import type { BillingCloseJson, BillingExportRequest, BillingHoldRequest, BillingPreviewJson, BillingRunJson, RateRow } from './billing';
import type { AttentionCount, AttentionQueue, FlaggedItem } from './attention';
import type { ItemFilter, ItemListQuery, ItemPage } from './items';
import type { ExcludedCache, ExcludedReport } from './excluded';

// The one contract between the renderer and the core. `main/api` builds a handler table that satisfies
// `Api`; three transports serve it (Electron IPC, the loopback browser bridge, Playwright bindings in
// tests). Adding a channel means: add it here, to API_CHANNELS, and to the handler table + validator.

export interface Api {
  'app:info': () => Promise<AppInfo>;
  'settings:get': () => Promise<Settings>;
  'settings:update': (patch: SettingsPatch) => Promise<Settings>;
  'credentials:get': () => Promise<CredentialStatus>;
  'credentials:set': (a: { username: string; integrationCode: string; secret?: string }) => Promise<CredentialStatus>;
  'credentials:delete': () => Promise<CredentialStatus>;
  'connection:test': () => Promise<TestConnectionResult>;
  'sync:start': (a: SyncRequest) => Promise<{ queued: true; message: string }>;
  'sync:current': () => Promise<SyncProgress | null>;
  /** Stops the running sync at its next page boundary (recorded `cancelled`) and drops queued runs. */
  'sync:cancel': () => Promise<{ cancelled: boolean; message: string }>;
  /** The plan a run of this request would apply (a dry run through the same planning code), for "Preview". */
  'sync:preview': (a: SyncRequest) => Promise<SyncPreview>;
  /** Stops a preview that is running or waiting (its dialog was closed); real runs are left alone. */
  'sync:preview-cancel': () => Promise<{ cancelled: boolean }>;
  'dashboard:get': () => Promise<DashboardData>;
  'runs:list': (a: { page: number; perPage: number }) => Promise<Paged<RunSummary>>;
  /** Runs per local calendar day for the last `days` days up to today, oldest first (Statistics chart). */
  'runs:daily': (a: { days: number }) => Promise<RunDay[]>;
  'logs:list': (a: LogFilter & { page: number; perPage: number }) => Promise<LogPage>;
  'logs:get': (a: { id: number }) => Promise<LogRow | null>;
  'logs:export': (a: LogFilter) => Promise<ExportResult>;
  'customers:list': (a: ListQuery) => Promise<Paged<CustomerRow>>;
  'services:list': (a: ListQuery) => Promise<Paged<ServiceRow>>;
  /** Filtered by customer, month and billing state (issue #14), with the totals of every matching row. */
  'items:list': (a: ItemListQuery) => Promise<ItemPage>;
  /** The CSV of the filtered items, through the same save path as logs:export (dialog or download). */
  'items:export': (a: ItemFilter) => Promise<ExportResult>;
  'demo:enable': () => Promise<{ ok: boolean; message: string }>;
  // Billing (docs/product-rules.md#billing): the same computation as `billing preview | close`, holds, releases, exports.
  'billing:preview': (a: { period: string }) => Promise<BillingPreviewJson>;
  'billing:hold': (a: BillingHoldRequest) => Promise<{ ok: true; message: string }>;
  /** Bill an item Autotask has already posted anyway (release: false takes that back). */
  'billing:release-posted': (a: { itemId: number; release: boolean; note?: string }) => Promise<{ ok: true; message: string }>;
  'billing:close': (a: { period: string }) => Promise<BillingCloseJson>;
  'billing:reopen': (a: { period: string }) => Promise<{ ok: true; message: string }>;
  'billing:export': (a: BillingExportRequest) => Promise<BillingExportResult>;
  'billing:runs': () => Promise<BillingRunJson[]>;
  'customers:set-accounting-name': (a: { customerId: number; accountingName: string | null }) => Promise<{ ok: true; message: string }>;
  'rates:list': () => Promise<RateRow[]>;
  /** A new hourly rate in force from a date (docs/product-rules.md#billing-sync); unbilled items on or after it are re-priced. */
  'rates:set': (a: { rate: string; from: string }) => Promise<RateRow[]>;
  // Needs attention (issue #16): flagged items (open / acknowledged) and failed or partial runs.
  'attention:get': (a: { limit?: number }) => Promise<AttentionQueue>;
  'attention:count': () => Promise<AttentionCount>;
  /** Acknowledges an item's current flag as the OS user (kept; a re-raised flag is open again). */
  'attention:acknowledge': (a: { itemId: number }) => Promise<{ item: FlaggedItem; recorded: boolean; message: string }>;
  // Excluded (issue #15 point 3): what the sync leaves out. `get` is the cached read (null: never read),
  // without calling Autotask; `refresh` reads Autotask again and replaces the cache when the read succeeds.
  'excluded:get': () => Promise<ExcludedCache>;
  'excluded:refresh': () => Promise<ExcludedReport>;
}

/** A billing export: saved files (Electron, tests) or download links (browser), with what was left out. */
export type BillingExportResult =
  | {
      status: 'saved' | 'download';
      files: Array<{ fileName: string; path?: string; url?: string; sha256: string; invoices: number; rows: number }>;
      /** Invoices the format cannot carry (QuickBooks Online credits), to enter by hand. */
      leftOut: Array<{ invoiceNumber: string; customer: string; total: string; reason: string }>;
    }
  | { status: 'cancelled' };

export interface Events {
  'sync:progress': SyncProgress;
  'sync:finished': RunSummary;
  'settings:changed': Settings;
  /** Ask the renderer to show a page, e.g. the log viewer filtered to errors after a notification click. */
  navigate: { page: 'dashboard' | 'logs' | 'config' | 'customers' | 'services' | 'items' | 'attention' | 'excluded'; filter?: LogFilter };
}

export type Channel = keyof Api;
export type EventChannel = keyof Events;

export const API_CHANNELS = [
  'app:info',
  'settings:get',
  'settings:update',
  'credentials:get',
  'credentials:set',
  'credentials:delete',
  'connection:test',
  'sync:start',
  'sync:current',
  'sync:cancel',
  'sync:preview',
  'sync:preview-cancel',
  'dashboard:get',
  'runs:list',
  'runs:daily',
  'logs:list',
  'logs:get',
  'logs:export',
  'customers:list',
  'services:list',
  'items:list',
  'items:export',
  'demo:enable',
  'billing:preview',
  'billing:hold',
  'billing:release-posted',
  'billing:close',
  'billing:reopen',
  'billing:export',
  'billing:runs',
  'customers:set-accounting-name',
  'rates:list',
  'rates:set',
  'attention:get',
  'attention:count',
  'attention:acknowledge',
  'excluded:get',
  'excluded:refresh',
] as const satisfies readonly Channel[];

export const EVENT_CHANNELS = ['sync:progress', 'sync:finished', 'settings:changed', 'navigate'] as const satisfies readonly EventChannel[];

// Compile-time proof that the runtime lists name every channel exactly once.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allApi: Missing<Channel, (typeof API_CHANNELS)[number]> extends never ? true : never = true;
const _allEvents: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : never = true;
void _allApi;
void _allEvents;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (API_CHANNELS as readonly string[]).includes(value);
}
export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}

export type ArgOf<K extends Channel> = Parameters<Api[K]> extends [infer A] ? A : undefined;
export type ResultOf<K extends Channel> = Awaited<ReturnType<Api[K]>>;

/** What crosses every transport: handlers never throw across it, they return a typed error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: ApiErrorCode; message: string; fieldErrors?: FieldErrors } };

export type ApiErrorCode = 'invalid-argument' | 'unknown-channel' | 'not-configured' | 'busy' | 'unavailable' | 'autotask' | 'internal';

/** The shape both `window.api` implementations (Electron preload, browser bridge) expose. */
export interface ApiBridge {
  invoke<K extends Channel>(channel: K, ...arg: ArgOf<K> extends undefined ? [] : [ArgOf<K>]): Promise<ApiResult<ResultOf<K>>>;
  on<K extends EventChannel>(channel: K, listener: (payload: Events[K]) => void): () => void;
}
