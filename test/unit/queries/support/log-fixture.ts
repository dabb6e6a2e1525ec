import type Database from 'better-sqlite3';
import { LOG_STATUSES, OPERATIONS, SYNC_TYPES } from '../../../../shared/domain';
import { toLocalDate } from '../../../../shared/dates';
import { insertLogRows, type NewLogRow } from '../../../../main/db/queries/log-writes';

// A generated log with the awkward instants on purpose: exact UTC hour and day boundaries and the
// millisecond before them, local midnights of +05:30 and of a DST zone, many rows in one instant (ties are
// broken by id), a dense hour, and random rows in between. The rows go in through insertLogRows, which keeps sync_log_counts as the sync does.

export interface FixtureRow {
  id: number;
  runId: number | null;
  syncType: string;
  operation: string;
  status: string;
  message: string;
  durationMs: number;
  createdAt: string;
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-01T00:00Z; the span crosses the US DST change of 2026-03-08. */
export const FIXTURE_START = Date.UTC(2026, 2, 1);
export const FIXTURE_DAYS = 12;

export function fixtureInstants(seed: number, randomRows: number): number[] {
  const rand = prng(seed);
  const out: number[] = [];
  for (let d = 0; d < FIXTURE_DAYS; d++) {
    const day = FIXTURE_START + d * DAY;
    // UTC midnight and the millisecond before; +05:30 midnight (18:30Z) and before; New York midnights
    // (04:00Z / 05:00Z) and before; a random whole hour and its last millisecond.
    for (const t of [day, day - 1, day + 18.5 * HOUR, day + 18.5 * HOUR - 1, day + 4 * HOUR, day + 5 * HOUR - 1, day + 5 * HOUR]) out.push(t);
    const h = Math.floor(rand() * 24);
    out.push(day + h * HOUR, day + (h + 1) * HOUR - 1);
  }
  // Ties: 30 rows in one instant.
  for (let i = 0; i < 30; i++) out.push(FIXTURE_START + 3 * DAY + 7 * HOUR);
  // A dense hour (more rows than a page, so a boundary search must skip inside it).
  for (let i = 0; i < 400; i++) out.push(FIXTURE_START + 5 * DAY + 2 * HOUR + Math.floor(rand() * HOUR));
  for (let i = 0; i < randomRows; i++) out.push(FIXTURE_START - DAY + Math.floor(rand() * (FIXTURE_DAYS + 1) * DAY));
  return out;
}

/** Inserts the rows in a shuffled order (ids do not follow time), returns them as stored. */
export function insertFixtureLogs(sqlite: Database.Database, seed = 7, randomRows = 2500): FixtureRow[] {
  const rand = prng(seed + 1);
  const instants = fixtureInstants(seed, randomRows);
  for (let i = instants.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [instants[i], instants[j]] = [instants[j]!, instants[i]!];
  }
  const runs = [1, 2, 3].map((n) => {
    const info = sqlite
      .prepare("INSERT INTO sync_runs (type, trigger, started_at, finished_at, status) VALUES ('contract', 'cli', ?, ?, 'success')")
      .run(new Date(FIXTURE_START + n * HOUR).toISOString(), new Date(FIXTURE_START + n * HOUR + 60_000).toISOString());
    return Number(info.lastInsertRowid);
  });
  const rows: NewLogRow[] = [];
  for (const t of instants) {
    const type = SYNC_TYPES[Math.floor(rand() * SYNC_TYPES.length)]!;
    const status = LOG_STATUSES[Math.floor(rand() * LOG_STATUSES.length)]!;
    const operation = OPERATIONS[Math.floor(rand() * OPERATIONS.length)]!;
    const runId = rand() < 0.2 ? null : runs[Math.floor(rand() * runs.length)]!;
    rows.push({
      runId,
      syncType: type,
      operation,
      status,
      message: `${type} ${operation} ${status} at ${t}`,
      durationMs: Math.floor(rand() * 500),
      details: rand() < 0.5 ? JSON.stringify({ t }) : null,
      createdAt: new Date(t).toISOString(),
    });
  }
  insertLogRows(sqlite, rows);
  type Raw = { id: number; run_id: number | null; sync_type: string; operation: string; status: string; message: string; duration_ms: number; created_at: string };
  return (sqlite.prepare('SELECT * FROM sync_logs').all() as Raw[]).map((r) => ({
    id: r.id,
    runId: r.run_id,
    syncType: r.sync_type,
    operation: r.operation,
    status: r.status,
    message: r.message,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
  }));
}

/**
 * The brute-force reference: filter by each row's own local calendar date (toLocalDate of its instant —
 * not the day-start instants the queries use), sort newest first with id breaking ties.
 */
export function referenceFilter(rows: FixtureRow[], f: { type?: string; status?: string; from?: string; to?: string; runId?: number }): FixtureRow[] {
  return rows
    .filter((r) => {
      if (f.type && r.syncType !== f.type) return false;
      if (f.status && r.status !== f.status) return false;
      if (f.runId !== undefined && r.runId !== f.runId) return false;
      const local = toLocalDate(new Date(r.createdAt));
      if (f.from && local < f.from) return false;
      if (f.to && local > f.to) return false;
      return true;
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
}

/** The summary table recomputed from the rows, for consistency checks. */
export function recomputedCounts(sqlite: Database.Database): Map<string, number> {
  const rows = sqlite.prepare('SELECT substr(created_at, 1, 13) AS hour, sync_type, status, COUNT(*) AS n FROM sync_logs GROUP BY 1, 2, 3').all() as {
    hour: string;
    sync_type: string;
    status: string;
    n: number;
  }[];
  return new Map(rows.map((r) => [`${r.hour}|${r.sync_type}|${r.status}`, r.n]));
}

export function storedCounts(sqlite: Database.Database): Map<string, number> {
  const rows = sqlite.prepare('SELECT hour, sync_type, status, count FROM sync_log_counts WHERE count <> 0').all() as {
    hour: string;
    sync_type: string;
    status: string;
    count: number;
  }[];
  return new Map(rows.map((r) => [`${r.hour}|${r.sync_type}|${r.status}`, r.count]));
}
