import type Database from 'better-sqlite3';
import { cachedStatement } from './statement-cache';
import { countBetween } from './log-counts';
import { hourOf, hourStartIso, isHourAligned, logsSource, whereOf, type ResolvedLogFilter } from './log-filter';
import { LOG_LIST_COLUMNS, type RawLogRow } from './log-rows';

// Reading one page of the log viewer (newest first: created_at DESC, id DESC) in a table of millions of
// rows without paying for a deep OFFSET, which SQLite walks row by row.
//
// Any instant b splits the ordered rows in two: the A(b) rows with created_at >= b come first, the rest
// after. Given A(b), the page at positions [offset, offset + limit) is read as
//   - the part at or after b: ascending from b, skipping A(b) - offset - n rows, reversed; and
//   - the part before b: descending from b, skipping offset - A(b) rows,
// so the cost is the distance between A(b) and the page. The first and last pages use the ends of the
// range (b = +∞ with A = 0, or b = the start with A = total: the Last page is read in reverse). Deeper
// pages look for an hour boundary close to the page by bisection, counting with the trigger-maintained
// hourly summary (see log-counts.ts): each step counts only the half it discards, so the whole search
// reads about one pass over the summary rows of the range, and the remaining skip is bounded by the rows
// of one hour. A run filter has no summary; its pages read a bounded range of the (run_id, created_at)
// index directly.

export interface PageReadOptions {
  /** Skips up to this many rows are read directly, without the boundary search. */
  directOffsetMax?: number;
}

const DEFAULT_DIRECT_OFFSET_MAX = 5_000;

interface Boundary {
  /** undefined: the end of the range on that side (top: newest end, bottom: oldest end). */
  at: string | undefined;
  /** Rows of the filter with created_at >= at. */
  newer: number;
}

function readDescending(sqlite: Database.Database, r: ResolvedLogFilter, hi: string | undefined, skip: number, take: number): RawLogRow[] {
  const where = whereOf(r, { lo: r.lo, hi });
  return cachedStatement(sqlite, `SELECT ${LOG_LIST_COLUMNS} FROM ${logsSource(r)} ${where.sql} ORDER BY created_at DESC, id DESC LIMIT @take OFFSET @skip`).all({
    ...where.params,
    take,
    skip,
  }) as RawLogRow[];
}

function readAscending(sqlite: Database.Database, r: ResolvedLogFilter, lo: string | undefined, skip: number, take: number): RawLogRow[] {
  const where = whereOf(r, { lo, hi: r.hi });
  return cachedStatement(sqlite, `SELECT ${LOG_LIST_COLUMNS} FROM ${logsSource(r)} ${where.sql} ORDER BY created_at ASC, id ASC LIMIT @take OFFSET @skip`).all({
    ...where.params,
    take,
    skip,
  }) as RawLogRow[];
}

/** Rows taken from each side of a boundary, and how many rows SQLite must skip to reach them. */
function split(b: Boundary, offset: number, limit: number) {
  const newerTake = Math.min(Math.max(b.newer - offset, 0), limit);
  const olderTake = limit - newerTake;
  const newerSkip = newerTake > 0 ? b.newer - offset - newerTake : 0;
  const olderSkip = olderTake > 0 ? Math.max(0, offset - b.newer) : 0;
  return { newerTake, olderTake, newerSkip, olderSkip, cost: newerSkip + olderSkip };
}

function readAround(sqlite: Database.Database, r: ResolvedLogFilter, b: Boundary, offset: number, limit: number): RawLogRow[] {
  const s = split(b, offset, limit);
  const newer = s.newerTake > 0 ? readAscending(sqlite, r, b.at ?? r.lo, s.newerSkip, s.newerTake).reverse() : [];
  const older = s.olderTake > 0 ? readDescending(sqlite, r, b.at ?? r.hi, s.olderSkip, s.olderTake) : [];
  return newer.concat(older);
}

function summaryHourSpan(sqlite: Database.Database): { min: string; max: string } | null {
  // Two statements: SQLite answers a lone MIN() or MAX() from the primary-key index in O(log n), but
  // scans the table when one query asks for both.
  const min = (cachedStatement(sqlite, 'SELECT MIN(hour) AS h FROM sync_log_counts').get() as { h: string | null }).h;
  const max = (cachedStatement(sqlite, 'SELECT MAX(hour) AS h FROM sync_log_counts').get() as { h: string | null }).h;
  return min && max ? { min, max } : null;
}

/** First aligned hour strictly after an instant, and last aligned hour strictly before one. */
const firstHourAfter = (iso: string) => hourOf(iso) + 1;
const lastHourBefore = (iso: string) => (isHourAligned(iso) ? hourOf(iso) - 1 : hourOf(iso));

/** Bisects hour boundaries between the ends of the range for one close to the page. */
function findBoundary(sqlite: Database.Database, r: ResolvedLogFilter, total: number, offset: number, limit: number): Boundary {
  const span = summaryHourSpan(sqlite);
  if (!span) return { at: undefined, newer: 0 };
  let low: Boundary = { at: r.lo ?? `${span.min}:00:00.000Z`, newer: total };
  let high: Boundary = { at: r.hi ?? hourStartIso(hourOf(`${span.max}:00:00.000Z`) + 1), newer: 0 };
  // Invariant: low.newer >= offset + limit (the page is after low), high.newer <= offset (before high).
  for (let step = 0; step < 64; step++) {
    const from = firstHourAfter(low.at!);
    const to = lastHourBefore(high.at!);
    if (from > to) break;
    const mid = Math.floor((from + to) / 2);
    const at = hourStartIso(mid);
    const newer = high.newer + countBetween(sqlite, r, at, high.at);
    if (newer >= offset + limit) low = { at, newer };
    else if (newer <= offset) high = { at, newer };
    else return { at, newer }; // the page straddles this boundary: nothing to skip
  }
  return split(low, offset, limit).cost <= split(high, offset, limit).cost ? low : high;
}

/**
 * The rows at positions [offset, offset + limit) of the filtered log in viewer order, given the filter's
 * total (from countResolved). Costs O(hours in the range) summary reads plus a skip bounded by one hour.
 */
export function readLogPage(sqlite: Database.Database, r: ResolvedLogFilter, total: number, offset: number, limit: number, opts: PageReadOptions = {}): RawLogRow[] {
  const take = Math.min(limit, total - offset);
  if (take <= 0) return [];
  // The two ends: descending from the newest row, or ascending from the oldest (then reversed).
  const top: Boundary = { at: undefined, newer: 0 };
  const bottom: Boundary = { at: undefined, newer: total };
  const topCost = split(top, offset, take).cost;
  const bottomCost = split(bottom, offset, take).cost;
  const direct = topCost <= bottomCost ? top : bottom;
  const directMax = opts.directOffsetMax ?? DEFAULT_DIRECT_OFFSET_MAX;
  if (r.runId !== undefined || Math.min(topCost, bottomCost) <= directMax) return readAround(sqlite, r, direct, offset, take);
  const b = findBoundary(sqlite, r, total, offset, take);
  const best = split(b, offset, take).cost < Math.min(topCost, bottomCost) ? b : direct;
  return readAround(sqlite, r, best, offset, take);
}
