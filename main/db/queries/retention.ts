import type Database from 'better-sqlite3';
import { deleteLogRows } from './log-writes';

// Log retention (setting `logRetentionDays`, default 180): the sync engine calls cleanupOldLogs after each
// run. Rows are deleted oldest first in small batches, each its own short transaction, so the database's
// single writer lock is never held for long and another process (the CLI, the app) can write in between.
// Each batch subtracts its rows from sync_log_counts in the same transaction (deleteLogRows); the hourly
// buckets that reach zero are then dropped so the summary table does not grow forever.

const DAY_MS = 86_400_000;
const DEFAULT_BATCH = 5_000;

export interface CleanupOptions {
  /** Rows per delete transaction. */
  batchSize?: number;
  /** Stop after this many batches (the next call continues); default: until done. */
  maxBatches?: number;
}

export interface CleanupResult {
  deleted: number;
  /** Rows created before this instant are removed. */
  cutoff: string;
  /** False when maxBatches stopped the cleanup before every old row was gone. */
  complete: boolean;
}

/** The instant before which log rows are older than `retentionDays` days at `now`. */
export function retentionCutoff(retentionDays: number, now: Date): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

export function cleanupOldLogs(sqlite: Database.Database, retentionDays: number, now: Date, opts: CleanupOptions = {}): CleanupResult {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError(`Log retention must be a whole number of days ≥ 1, got ${retentionDays}`);
  const cutoff = retentionCutoff(retentionDays, now);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  // The created_at index gives the oldest rows first; deleting by id then touches only those rows.
  // (created_at, id) is the index's own order, so the count and the delete pick the same rows.
  const batchRows = 'id IN (SELECT id FROM sync_logs INDEXED BY sync_logs_created_idx WHERE created_at < ? ORDER BY created_at, id LIMIT ?)';
  const pruneBuckets = sqlite.prepare('DELETE FROM sync_log_counts WHERE hour < ? AND count = 0');
  const deleteBatch = () => deleteLogRows(sqlite, batchRows, [cutoff, batchSize]);
  let deleted = 0;
  let complete = false;
  // Bounded: every pass removes a full batch or ends the loop.
  for (let n = 0; opts.maxBatches === undefined || n < opts.maxBatches; n++) {
    const changes = deleteBatch();
    deleted += changes;
    if (changes < batchSize) {
      complete = true;
      break;
    }
  }
  // A bucket's hour key is the first 13 characters of created_at; every bucket before the cutoff's hour
  // is fully past the cutoff.
  if (deleted > 0) pruneBuckets.run(cutoff.slice(0, 13));
  return { deleted, cutoff, complete };
}
