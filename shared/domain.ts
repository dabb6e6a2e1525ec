// Domain types shared by the core and the renderer. Money crosses every boundary as a decimal string
// with two places ("750.00"); calendar dates as 'YYYY-MM-DD'; instants as ISO-8601 UTC strings.

export const SYNC_TYPES = ['contract', 'time_entry', 'company'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

export const RUN_TYPES = ['contract', 'time_entry'] as const;
export type RunType = (typeof RUN_TYPES)[number];

export const OPERATIONS = ['create', 'update', 'skip', 'error'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const LOG_STATUSES = ['success', 'warning', 'error', 'skip'] as const;
export type LogStatus = (typeof LOG_STATUSES)[number];

/** `cancelled`: stopped on request between pages (issue #16); pages applied before the stop are kept. */
export const RUN_STATUSES = ['running', 'success', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TRIGGERS = ['manual', 'schedule', 'catch-up', 'tray', 'cli'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface LogRow {
  id: number;
  runId: number | null;
  syncType: SyncType;
  operation: Operation;
  status: LogStatus;
  message: string;
  durationMs: number;
  /** Parsed JSON details, or null. Only `logs:get` returns them; lists leave them out for speed. */
  details: unknown;
  hasDetails: boolean;
  createdAt: string;
}

export interface LogFilter {
  type?: SyncType;
  status?: LogStatus;
  /** Inclusive local calendar dates. */
  from?: string;
  to?: string;
  runId?: number;
}

export interface LogPage {
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  rows: LogRow[];
}

export interface Counts {
  create: number;
  update: number;
  unchanged: number;
  skip: number;
  error: number;
  warning: number;
}

export interface RunSummary {
  runId: number;
  type: RunType;
  trigger: Trigger;
  status: RunStatus;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  counts: Counts;
  apiCalls: number;
  durationMs: number | null;
  message: string | null;
  /** Set on the `sync:finished` event of a run the mass-change guard stopped (the UI offers its preview). */
  massChangeStop?: boolean;
}

export interface BreakdownRow {
  type: SyncType;
  success: number;
  error: number;
  warning: number;
  total: number;
}

export interface DashboardData {
  lastSyncAt: string | null;
  lastRun: RunSummary | null;
  totalSyncs: number;
  /** Runs that finished without a record error. */
  successful: number;
  /** Runs that finished with record errors (status `partial`), counted apart from successful ones. */
  partial: number;
  failed: number;
  cancelled: number;
  breakdown: BreakdownRow[];
  recent: LogRow[];
  running: SyncProgress | null;
}

export interface SyncProgress {
  runId: number;
  type: RunType;
  trigger: Trigger;
  phase: string;
  /** Records processed so far and, when known, the expected total. */
  done: number;
  total: number | null;
  counts: Counts;
  startedAt: string;
  /** When the current phase began (the remaining-time estimate uses the rate within the phase). */
  phaseStartedAt?: string;
  message: string;
  /**
   * Set while the Autotask client waits before retrying (HTTP 429, a thread limit, a network fault):
   * when it retries and why. Cleared by the next page.
   */
  waiting?: { until: string; reason: string } | null;
  /** Set once a cancel was asked for: the run stops at the next page boundary. */
  cancelling?: boolean;
}

/** One local calendar day of run history (Statistics chart and its table alternative). */
export interface RunDay {
  day: string;
  runs: number;
  success: number;
  partial: number;
  failed: number;
  cancelled: number;
  created: number;
  updated: number;
  errors: number;
  apiCalls: number;
  durationMs: number;
}

/** `allowMassChange` lets a run end/flag more than the mass-change limit (settings massChangeRatio/MinCount). */
export type SyncRequest =
  | { type: 'contract'; endExpired: boolean; dryRun?: boolean; allowMassChange?: boolean }
  | { type: 'time_entry'; from: string; to: string; dryRun?: boolean; allowMassChange?: boolean };

export interface CustomerRow {
  id: number;
  name: string;
  autotaskCompanyId: number;
  companyNumber: string | null;
  phone: string | null;
  city: string | null;
  serviceCount: number;
  createdAt: string;
  /** The name invoices carry (docs/product-rules.md#accounting-exports); null or absent: the Autotask name. */
  accountingName?: string | null;
}

export interface ServiceRow {
  id: number;
  customerId: number;
  customerName: string;
  autotaskContractId: number;
  autotaskContractServiceId: number;
  contractName: string;
  serviceName: string;
  unitPrice: string;
  invoiceDescription: string | null;
  serviceNum: string | null;
  startDate: string | null;
  endDate: string | null;
  ended: boolean;
}

export interface ItemRow {
  id: number;
  serviceId: number;
  serviceName: string;
  contractName: string;
  customerName: string;
  autotaskTimeEntryId: number;
  dateWorked: string;
  hours: string;
  rate: string;
  amount: string;
  flagged: boolean;
  flagReason: string | null;
}

export interface ListQuery {
  search?: string;
  page: number;
  perPage: number;
}

export interface Paged<T> {
  total: number;
  page: number;
  perPage: number;
  rows: T[];
}

export interface ConnectionCheck {
  name: string;
  ok: boolean;
  message: string;
}

export interface TestConnectionResult {
  ok: boolean;
  zone: { zoneName: string; url: string; webUrl: string; ci: number } | null;
  checks: ConnectionCheck[];
  message: string;
}

export interface CredentialStatus {
  username: string;
  integrationCode: string;
  secretSaved: boolean;
  /** Where the secret lives: the OS keychain, the environment (read-only), or nowhere. */
  source: 'keychain' | 'environment' | 'none';
  /** Set when the keychain cannot be used (e.g. no Secret Service on Linux), with what to do. */
  problem: string | null;
}

export type ExportResult = { status: 'saved'; path: string; rows: number; fileName: string } | { status: 'download'; url: string; fileName: string } | { status: 'cancelled' };

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser' | 'cli' | 'test';
  demo: boolean;
  databaseFile: string;
}
