/** Public types of the built-in Autotask sandbox (`startSandbox`). */
import type { DateTimeStyle, ZuluStyle } from './date-format';

export type SandboxSize = 'demo' | 'large' | 'empty';

/**
 * Switches for behaviours the reference marks uncertain ([I]). Defaults pick the stricter reading so a
 * client that copes with the sandbox copes with the real API.
 */
export interface SandboxBehaviour {
  /** A filter with an unknown `op`: the real API silently drops the condition (trap) — or reject it. */
  unknownOperator: 'ignore' | 'error';
  /** Missing or empty `filter`: 500 (default) or treat as "all rows". */
  emptyFilter: 'error' | 'allow';
  /** GET `{Entity}/{id}` for a missing id: 404 (default) or 200 `{"item": null}`. */
  missingById: '404' | 'null-item';
  /** Refusal above the hourly request threshold: HTTP 429 (default) or 500, both `{"errors":[…]}`. */
  overLimit: '429' | '500';
  /** When set, 429 responses carry `Retry-After` with this many seconds (Autotask documents none). */
  retryAfterSeconds?: number;
  /** MaxRecords above 500 (or below 1): 500 error (default) or clamp into 1..500. */
  maxRecordsOutOfRange: 'error' | 'clamp';
  /** Fractional digits of emitted date-times: always `.sss` (default), none when zero, or varying 0/2/3/7. */
  dateTimeStyle: DateTimeStyle;
  /** `Z` suffix on emitted date-times: always (default), never, or on roughly two thirds of values. */
  dateTimeZulu: ZuluStyle;
  /** Whether approving/un-approving a time entry bumps `lastModifiedDateTime` (default false: unknown on
   *  the real API, and not bumping is the harder case for an incremental sync). */
  approvalBumpsLastModified: boolean;
  /** Hide TimeEntries with `isNonBillable: true` from queries and GET by id, as the real API does for an
   *  API user without "view non-billable time entries" rights. Default false. */
  hideNonBillable: boolean;
  /** GET URLs longer than this answer 404 with an IIS HTML page (the real limit is about 2048). */
  maxUrlLength: number;
  /** Sending `ImpersonationResourceId` on a read makes the real API judge the impersonated resource's
   *  rights: 500 permission error (default true). */
  impersonationBreaksReads: boolean;
}

export interface SandboxCredentials {
  username: string;
  secret: string;
  integrationCode: string;
}

export interface SandboxOptions {
  port?: number; // 0 = ephemeral (default)
  seed?: number; // default 1
  size?: SandboxSize; // 'empty' = only company 0, for tests that build their own scenario
  /** 'YYYY-MM-DD', the tenant's "today" for generated dates; default today (UTC). When given, the
   *  sandbox clock starts at 12:00 UTC of that day (otherwise at the real time) and then runs with the
   *  wall clock plus whatever `control.clock` adds. */
  anchorDate?: string;
  credentials?: SandboxCredentials; // default demo creds
  behaviour?: Partial<SandboxBehaviour>;
  latencyScale?: number; // multiplies the threshold latencies (0.5 s / 1 s); default 1
  hourlyLimit?: number; // default 10000
  threadLimit?: number; // default 3
  adminToken?: string; // enables the loopback admin route when set
  host?: string; // default 127.0.0.1
  /** Benchmarks: change the generated tenant's sizes (e.g. `{ timeEntries: 50_000 }` on `large`). */
  tenantSpec?: Partial<import('./tenant/tenant-spec').TenantSpec>;
}

export type FaultKind =
  'html502' | 'html503' | 'reset' | 'truncated' | 'slow' | 'stall' | 'dotnet500' | 'validation500' | 'permission500' | 'thread429' | 'overLimit' | 'spoofNextPage' | 'zoneMove';

export interface FaultSpec {
  kind: FaultKind;
  /** REST entity name (`TimeEntries`) or route (`zoneInformation`, `versionInformation`,
   *  `ThresholdInformation`); case-insensitive. Omitted = every route. */
  entity?: string;
  /** HTTP method; omitted = any. */
  method?: string;
  /** How many matching requests it hits. Default 1, or unlimited when `probability` is given. */
  times?: number;
  /** Chance per matching request (seeded PRNG, reproducible). Default 1. */
  probability?: number;
  /** For `slow`: added delay. */
  delayMs?: number;
  /** For `spoofNextPage`: the foreign origin (e.g. `http://127.0.0.1:5555`) to put in `nextPageUrl`. */
  origin?: string;
  /** For `validation500`: the message; a realistic default otherwise. */
  message?: string;
}

export interface SandboxStats {
  /** Requests per entity (REST name) or route (`zoneInformation`, `versionInformation`,
   *  `ThresholdInformation`, `unknown`), then per HTTP method. Admin calls are not counted. */
  requests: Record<string, Record<string, number>>;
  /** Highest number of requests in flight at once per entity/route, counting the one that arrived (so a
   *  client that tried a 4th parallel request shows 4 even though it was refused). */
  peakConcurrency: Record<string, number>;
  refused: {
    threadLimit: number; // 429 thread threshold (real or injected)
    overLimit: number; // hourly threshold refusals (real or injected)
    auth: number; // 401s and "IntegrationCode is invalid." 500s, incl. calls to a moved zone
    other: number; // other injected faults, 404/405 route misses
  };
  requestsWithCredentials: number; // requests carrying any of UserName / Secret / ApiIntegrationCode
  requestsWithoutCredentials: number;
  total: number;
}

/**
 * In-process control and observation of a running sandbox (the admin route exposes the same).
 * Entity names are the REST names (`Companies`, `Contracts`, `ContractServices`, `Services`,
 * `ContractServiceUnits`, `TimeEntries`, `BillingItems`); records are wire-shaped (camelCase, every
 * field, ISO date-time strings with `.sssZ`).
 */
export interface SandboxControl {
  clock: {
    /** The sandbox "now" (wall clock + offset). Drives the hourly window and edit timestamps. */
    now(): Date;
    /** Moves the clock forward (negative = back); returns the new now. */
    advance(ms: number): Date;
    /** Sets the clock to an ISO instant; it keeps running from there. */
    set(iso: string): Date;
  };
  /** Adds a record; unspecified fields are null. `id` is taken from the partial if given (must be free),
   *  else max id + 1. Create/modify timestamps default to the clock. Returns the full wire record. */
  insert(entity: string, partial: Record<string, unknown>): Record<string, unknown>;
  /** Patches a record (wire names, case-insensitive) and bumps its last-modified field(s) unless the patch
   *  sets them. Throws for a missing id. */
  update(entity: string, id: number, patch: Record<string, unknown>): Record<string, unknown>;
  /** Deletes a record; returns false when it did not exist. */
  remove(entity: string, id: number): boolean;
  get(entity: string, id: number): Record<string, unknown> | undefined;
  /** All records ascending by id, optionally filtered by an in-process predicate over wire records. */
  list(entity: string, where?: (record: Record<string, unknown>) => boolean): Record<string, unknown>[];
  count(entity: string): number;
  /** Sets billingApprovalDateTime = now, billingApprovalLevelMostRecent = 1 and an approver. */
  approveTimeEntry(id: number): Record<string, unknown>;
  /** Clears the approval fields. */
  unapproveTimeEntry(id: number): Record<string, unknown>;
  /** Ends a contract: status 0 (inactive) and endDate = the given date (default: today's date on the
   *  sandbox clock, midnight UTC). */
  endContract(id: number, endDate?: string): Record<string, unknown>;
  /** Moves the tenant to the next zone: zone lookup returns the new URL; the old zone answers 401. */
  moveZone(): string;
  zoneUrl(): string;
  /** Registers a fault; returns its id. Faults are consumed in registration order. */
  injectFault(spec: FaultSpec): number;
  clearFaults(): void;
  /** Extra latency for every request (number) or per entity/route (`{TimeEntries: 200}`); 0 clears. */
  setLatency(ms: number | Record<string, number>): void;
  /** Changes behaviour switches at run time (e.g. date-time style). */
  setBehaviour(patch: Partial<SandboxBehaviour>): SandboxBehaviour;
  behaviour(): SandboxBehaviour;
  stats(): SandboxStats;
  resetStats(): void;
  /** Requests counted in the rolling hour ending now (sandbox clock). */
  hourlyCount(): number;
  /** Clears the rolling-hour window (as if an hour had passed for the counter only). */
  resetHourlyCount(): void;
}

export interface SandboxHandle {
  origin: string; // e.g. http://127.0.0.1:43123
  zoneLookupUrl: string; // `${origin}/ATServicesRest/` — the client appends `V1.0/zoneInformation?user=`
  zoneUrl(): string; // current zone base, e.g. `${origin}/zone-a/ATServicesRest/` (changes on moveZone)
  credentials: SandboxCredentials;
  control: SandboxControl;
  close(): Promise<void>;
}
