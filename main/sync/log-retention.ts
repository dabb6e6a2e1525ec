// Log retention after each run (setting logRetentionDays, default 180), through the queries module's
// batched cleanup so the write lock is never held for long. Dry runs clean up too: they write log rows.
import type { Settings } from '../../shared/settings';
import { cleanupOldLogs } from '../db/queries/retention';
import type { SyncEnvironment } from './run-sync';

export function cleanupOldLogRows(env: SyncEnvironment, settings: Settings): void {
  const now = env.now?.() ?? new Date();
  // Bounded per run: a backlog of millions of rows is worked off over several runs.
  cleanupOldLogs(env.database.sqlite, settings.logRetentionDays, now, { maxBatches: 40 });
}
