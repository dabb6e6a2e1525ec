// The time-entry sync's SQL (main/sync/time-entry-sync.ts): the items a run may flag, the "seen" set of a
// full read kept in a temporary table, the reconciliation's missing items, remembered skips that a full
// read did not see again, and what the database accounts for in the nightly completeness check.
import type Database from 'better-sqlite3';

const SKIP_PREFIX = 'skip:time_entry:';

/** Unflagged items dated from … to: the population the mass-change guard measures flags against. */
export function countUnflaggedItems(sqlite: Database.Database, from: string, to: string): number {
  return (sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_items WHERE flagged = 0 AND date_worked BETWEEN ? AND ?').get(from, to) as { n: number }).n;
}

export interface SeenEntries {
  /** Adds ids (one transaction). */
  mark(ids: readonly number[]): void;
  /** Empties the set (also done when it is opened). */
  clear(): void;
}

/** The ids a full read returned, in a temporary table rather than in memory (200,000 entries). */
export function openSeenEntries(sqlite: Database.Database): SeenEntries {
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen_entries (id INTEGER PRIMARY KEY)');
  sqlite.exec('DELETE FROM temp.sync_seen_entries');
  const insert = sqlite.prepare('INSERT OR IGNORE INTO temp.sync_seen_entries (id) VALUES (?)');
  const markAll = sqlite.transaction((ids: readonly number[]) => {
    for (const id of ids) insert.run(id);
  });
  return {
    mark: (ids) => markAll(ids),
    clear: () => sqlite.exec('DELETE FROM temp.sync_seen_entries'),
  };
}

/**
 * Time entry ids of items dated from … to that the full read did not return, ascending. Flagged items
 * too: the read asks only for synced contracts, so a flagged item whose entry qualifies again on another
 * contract (or was deleted since) is learnt about only by this re-check.
 */
export function unseenItemEntryIds(sqlite: Database.Database, from: string, to: string): number[] {
  return (
    sqlite
      .prepare(
        `SELECT autotask_time_entry_id AS id FROM engineering_items i
          WHERE date_worked BETWEEN ? AND ?
            AND NOT EXISTS (SELECT 1 FROM temp.sync_seen_entries s WHERE s.id = i.autotask_time_entry_id)
          ORDER BY autotask_time_entry_id`,
      )
      .all(from, to) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * Remembered time-entry skips (`skip:time_entry:<id>` = `date|reason`) dated from … to whose entry the
 * full read did not return: the entry is no longer a candidate (un-approved, non-billable, deleted, moved
 * to a contract that is not synced), so its skip no longer stands for an entry Autotask counts.
 */
export function unseenSkipKeys(sqlite: Database.Database, from: string, to: string): string[] {
  return (
    sqlite
      .prepare(
        `SELECT key FROM sync_state
          WHERE key LIKE '${SKIP_PREFIX}%' AND substr(value, 1, 10) BETWEEN ? AND ?
            AND NOT EXISTS (SELECT 1 FROM temp.sync_seen_entries s WHERE s.id = CAST(substr(key, ${SKIP_PREFIX.length + 1}) AS INTEGER))
          ORDER BY key`,
      )
      .all(from, to) as { key: string }[]
  ).map((r) => r.key);
}

export interface AccountedRules {
  /** Flag reasons of items whose entry Autotask no longer counts (deleted, non-billable, un-approved, on no contract). */
  notCounted: readonly string[];
  /** LIKE pattern of flag reasons of items whose entry moved to a contract outside the synced set. */
  movedAwayLike: string;
}

/**
 * What the billing database accounts for among billable, approved entries dated from … to on synced
 * contracts: items (except those flagged because their entry left that set) plus remembered skips.
 */
export function accountedQualifying(sqlite: Database.Database, from: string, to: string, rules: AccountedRules): number {
  const reasons = rules.notCounted.map((_, i) => `@r${i}`).join(', ');
  const params: Record<string, string> = { from, to, moved: rules.movedAwayLike };
  rules.notCounted.forEach((r, i) => (params[`r${i}`] = r));
  const row = sqlite
    .prepare(
      `SELECT (SELECT COUNT(*) FROM engineering_items
                WHERE date_worked BETWEEN @from AND @to
                  AND (flagged = 0 OR (flag_reason NOT IN (${reasons || "''"}) AND flag_reason NOT LIKE @moved)))
            + (SELECT COUNT(*) FROM sync_state WHERE key LIKE '${SKIP_PREFIX}%' AND substr(value, 1, 10) BETWEEN @from AND @to) AS n`,
    )
    .get(params) as { n: number };
  return row.n;
}
