import type Database from 'better-sqlite3';
import type { Acknowledgement, AttentionRun, FlaggedItem } from '../../../shared/attention';
import { centsToDecimal } from '../../../shared/money';
import { toRunSummary, type RawRunRow } from './runs';

// SQL behind "Needs attention" (main/attention): flagged engineering items, open or acknowledged, and
// failed/partial runs. An acknowledgement matches the item's current flag episode only: the same reason
// and the same flagged_at ('' stands for an unknown flagged_at, e.g. items flagged by older versions).

const CURRENT_REASON = "COALESCE(i.flag_reason, '')";
const CURRENT_FLAGGED_AT = "COALESCE(i.flagged_at, '')";
const MATCHES_CURRENT = (a: string) => `${a}.item_id = i.id AND ${a}.flagged_at = ${CURRENT_FLAGGED_AT} AND ${a}.flag_reason = ${CURRENT_REASON}`;

const FLAGGED_FROM = `engineering_items i
  JOIN engineering_services s ON s.id = i.service_id
  JOIN customers c ON c.id = s.customer_id
  LEFT JOIN flag_acknowledgements a ON ${MATCHES_CURRENT('a')}`;

const FLAGGED_SELECT = `i.id, i.autotask_time_entry_id, c.id AS customer_id, c.name AS customer_name, s.contract_name, s.service_name,
  i.date_worked, i.hours, i.amount_cents, i.flag_reason, i.flagged_at,
  a.acknowledged_by, a.acknowledged_at, a.flag_reason AS ack_reason,
  (SELECT json_object('by', p.acknowledged_by, 'at', p.acknowledged_at, 'reason', p.flag_reason)
     FROM flag_acknowledgements p WHERE p.item_id = i.id AND NOT (${MATCHES_CURRENT('p')})
     ORDER BY p.acknowledged_at DESC, p.id DESC LIMIT 1) AS previous`;

interface RawFlagged {
  id: number;
  autotask_time_entry_id: number;
  customer_id: number;
  customer_name: string;
  contract_name: string;
  service_name: string;
  date_worked: string;
  hours: string;
  amount_cents: number;
  flag_reason: string | null;
  flagged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  ack_reason: string | null;
  previous: string | null;
}

function toFlaggedItem(r: RawFlagged): FlaggedItem {
  const acknowledged: Acknowledgement | null =
    r.acknowledged_by !== null && r.acknowledged_at !== null ? { by: r.acknowledged_by, at: r.acknowledged_at, reason: r.ack_reason ?? '' } : null;
  return {
    itemId: r.id,
    autotaskTimeEntryId: r.autotask_time_entry_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    contractName: r.contract_name,
    serviceName: r.service_name,
    dateWorked: r.date_worked,
    hours: r.hours,
    amount: centsToDecimal(r.amount_cents),
    flagReason: r.flag_reason ?? '',
    flaggedAt: r.flagged_at,
    acknowledged,
    previous: r.previous ? (JSON.parse(r.previous) as Acknowledgement) : null,
  };
}

export type FlagState = 'open' | 'acknowledged';

const WHERE: Record<FlagState, string> = { open: 'i.flagged = 1 AND a.id IS NULL', acknowledged: 'i.flagged = 1 AND a.id IS NOT NULL' };
const ORDER: Record<FlagState, string> = {
  open: "COALESCE(i.flagged_at, '') DESC, i.id DESC",
  acknowledged: 'a.acknowledged_at DESC, a.id DESC',
};

/** Flagged items in one state: at most `limit` rows (open: newest flag first; acknowledged: latest first). */
export function flaggedItems(sqlite: Database.Database, state: FlagState, limit: number): FlaggedItem[] {
  const rows = sqlite.prepare(`SELECT ${FLAGGED_SELECT} FROM ${FLAGGED_FROM} WHERE ${WHERE[state]} ORDER BY ${ORDER[state]} LIMIT ?`).all(limit) as RawFlagged[];
  return rows.map(toFlaggedItem);
}

export function countFlagged(sqlite: Database.Database, state: FlagState): number {
  return (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${FLAGGED_FROM} WHERE ${WHERE[state]}`).get() as { n: number }).n;
}

/** One flagged-or-not item with its acknowledgement state, or null when there is no such item. */
export function flaggedItem(sqlite: Database.Database, itemId: number): (FlaggedItem & { flagged: boolean }) | null {
  const row = sqlite.prepare(`SELECT ${FLAGGED_SELECT}, i.flagged FROM ${FLAGGED_FROM} WHERE i.id = ?`).get(itemId) as (RawFlagged & { flagged: number }) | undefined;
  return row ? { ...toFlaggedItem(row), flagged: row.flagged === 1 } : null;
}

/** Records an acknowledgement of the item's current flag; false when that flag was already acknowledged. */
export function insertAcknowledgement(sqlite: Database.Database, itemId: number, by: string, at: string): boolean {
  const r = sqlite
    .prepare(
      `INSERT INTO flag_acknowledgements (item_id, flag_reason, flagged_at, acknowledged_by, acknowledged_at)
       SELECT i.id, ${CURRENT_REASON}, ${CURRENT_FLAGGED_AT}, ?, ? FROM engineering_items i WHERE i.id = ? AND i.flagged = 1
       ON CONFLICT (item_id, flagged_at, flag_reason) DO NOTHING`,
    )
    .run(by, at, itemId);
  return r.changes === 1;
}

const LATER_SUCCESS = `EXISTS (SELECT 1 FROM sync_runs l WHERE l.type = r.type AND l.status = 'success' AND l.dry_run = 0
  AND (l.started_at > r.started_at OR (l.started_at = r.started_at AND l.id > r.id)))`;
const FAILING = "r.status IN ('failed', 'partial') AND r.dry_run = 0";

/** Recent failed and partial runs (dry runs left out), newest first, each saying whether a later run succeeded. */
export function failingRuns(sqlite: Database.Database, limit: number): AttentionRun[] {
  const rows = sqlite
    .prepare(`SELECT r.*, ${LATER_SUCCESS} AS resolved FROM sync_runs r WHERE ${FAILING} ORDER BY r.started_at DESC, r.id DESC LIMIT ?`)
    .all(limit) as (RawRunRow & { resolved: number })[];
  return rows.map((r) => ({ ...toRunSummary(r), resolved: r.resolved === 1 }));
}

/** Failed/partial runs that no later successful run of the same type followed. */
export function countUnresolvedRuns(sqlite: Database.Database): number {
  return (sqlite.prepare(`SELECT COUNT(*) AS n FROM sync_runs r WHERE ${FAILING} AND NOT ${LATER_SUCCESS}`).get() as { n: number }).n;
}

/** The newest unflagged items worked on or after `since`: their Autotask time-entry ids (the demo flags a few). */
export function recentUnflaggedEntryIds(sqlite: Database.Database, since: string, limit: number): number[] {
  const rows = sqlite
    .prepare('SELECT autotask_time_entry_id AS id FROM engineering_items WHERE date_worked >= ? AND flagged = 0 ORDER BY date_worked DESC, id DESC LIMIT ?')
    .all(since, limit) as { id: number }[];
  return rows.map((r) => r.id);
}
