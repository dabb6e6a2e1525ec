import type Database from 'better-sqlite3';
import type { AttentionCount, AttentionQueue, FlaggedItem } from '../../shared/attention';
import { osUserName } from '../billing/os-user';
import { countFlagged, countUnresolvedRuns, failingRuns, flaggedItem, flaggedItems, insertAcknowledgement } from '../db/queries/attention';

// "Needs attention" (issue #16 point 5), the one service behind the `attention:*` channels and the CLI's
// `list flagged` / `flagged ack`. Rules:
// - An acknowledgement records who (the OS user) and when, for the item's current flag episode, and is
//   never deleted.
// - A later sync that clears the flag (the entry qualifies again) takes the item out of both lists; if it
//   is flagged again later, or re-flagged with another reason (a new flagged_at), it is open again and
//   shows the earlier acknowledgement as `previous`, so nothing new hides behind an old acknowledgement.
// - Acknowledging the same flag twice changes nothing and says who did it first.

export const DEFAULT_LIMIT = 200;

/** Why an acknowledgement was refused: no such item, or the item is not flagged (anymore). */
export class AttentionError extends Error {
  constructor(
    readonly kind: 'not-found' | 'not-flagged',
    message: string,
  ) {
    super(message);
    this.name = 'AttentionError';
  }
}

export interface AcknowledgeResult {
  item: FlaggedItem;
  /** False when this flag had already been acknowledged (the first acknowledgement is kept). */
  recorded: boolean;
  message: string;
}

export interface AttentionService {
  queue(limit?: number): AttentionQueue;
  count(): AttentionCount;
  acknowledge(itemId: number): AcknowledgeResult;
}

export function createAttentionService(deps: { sqlite: Database.Database; now: () => Date; user?: () => string }): AttentionService {
  const { sqlite } = deps;
  const user = deps.user ?? osUserName;
  const count = (): AttentionCount => {
    const openItems = countFlagged(sqlite, 'open');
    const unresolvedRuns = countUnresolvedRuns(sqlite);
    return { openItems, unresolvedRuns, total: openItems + unresolvedRuns };
  };
  return {
    queue: (limit = DEFAULT_LIMIT) =>
      sqlite.transaction(() => ({
        open: flaggedItems(sqlite, 'open', limit),
        openTotal: countFlagged(sqlite, 'open'),
        acknowledged: flaggedItems(sqlite, 'acknowledged', limit),
        acknowledgedTotal: countFlagged(sqlite, 'acknowledged'),
        runs: failingRuns(sqlite, limit),
        unresolvedRuns: countUnresolvedRuns(sqlite),
        limit,
      }))(),
    count,
    acknowledge: (itemId) => sqlite.transaction(() => acknowledgeIn(sqlite, itemId, user(), deps.now().toISOString())).immediate(),
  };
}

function acknowledgeIn(sqlite: Database.Database, itemId: number, by: string, at: string): AcknowledgeResult {
  const before = flaggedItem(sqlite, itemId);
  if (!before) throw new AttentionError('not-found', `No engineering item has itemId ${itemId}; \`list flagged\` shows the flagged ones.`);
  if (!before.flagged)
    throw new AttentionError('not-flagged', `The engineering item with itemId ${itemId} is not flagged (a later sync may have cleared it): there is nothing to acknowledge.`);
  const recorded = insertAcknowledgement(sqlite, itemId, by, at);
  const { flagged: _flagged, ...item } = flaggedItem(sqlite, itemId)!;
  const ack = item.acknowledged!;
  const message = recorded
    ? `Acknowledged item ${itemId} (time entry ${item.autotaskTimeEntryId}): ${item.flagReason}. Recorded as ${ack.by} at ${ack.at}.`
    : `Item ${itemId}'s flag was already acknowledged by ${ack.by} at ${ack.at}; nothing changed.`;
  return { item, recorded, message };
}
