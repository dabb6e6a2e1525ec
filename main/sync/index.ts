// The sync engine: contracts + on-demand customers, time entries, runs and their log rows.
export { runSync, manualWindow, scheduledWindow, SyncSetupError, type RunRequest, type RunResult, type SyncEnvironment, type RunHooks } from './run-sync';
export { runScheduledSequence, type ScheduledOptions } from './scheduled-run';
export { createSyncService, QUEUED_MESSAGES, type SyncService, type SyncServiceOptions } from './sync-service';
export { acquireRunLock, SyncBusyError, type RunLock } from './run-lock';
export { MassChangeError, massChangeProblem } from './mass-change-guard';
export type { PlanSummary, PlanAction, PagePlan } from './plan';
