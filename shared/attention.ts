import type { RunSummary } from './domain';

// "Needs attention" (issue #16 point 5): engineering items a sync flagged (un-approved, non-billable,
// deleted… in Autotask after import) and failed or partial runs. An acknowledgement belongs to one flag
// episode (the reason and the moment it was raised): a flag cleared by a later sync, or raised again with
// another reason, is a new episode and is open again; the old acknowledgement stays as history.

export interface Acknowledgement {
  /** OS user who acknowledged. */
  by: string;
  /** ISO instant. */
  at: string;
  /** The flag reason that was acknowledged. */
  reason: string;
}

export interface FlaggedItem {
  itemId: number;
  autotaskTimeEntryId: number;
  customerId: number;
  customerName: string;
  contractName: string;
  serviceName: string;
  dateWorked: string;
  hours: string;
  /** Decimal string with two places. */
  amount: string;
  flagReason: string;
  /** ISO instant, or null for an item flagged before the flag time was recorded. */
  flaggedAt: string | null;
  /** The acknowledgement of this flag as it stands now (acknowledged list), or null (open list). */
  acknowledged: Acknowledgement | null;
  /** The latest acknowledgement of an earlier flag of the same item (a re-raised flag), or null. */
  previous: Acknowledgement | null;
}

/** A failed or partial run; `resolved` once a later run of the same type succeeded. */
export interface AttentionRun extends RunSummary {
  resolved: boolean;
}

export interface AttentionQueue {
  /** Open flagged items (no acknowledgement of the current flag), newest flag first. */
  open: FlaggedItem[];
  openTotal: number;
  /** Acknowledged flagged items, latest acknowledgement first. */
  acknowledged: FlaggedItem[];
  acknowledgedTotal: number;
  /** Recent failed and partial runs, newest first. */
  runs: AttentionRun[];
  /** Failed/partial runs not followed by a successful run of the same type. */
  unresolvedRuns: number;
  /** At most this many rows of each list are returned. */
  limit: number;
}

/** What the navigation shows: open flagged items plus unresolved failing runs. */
export interface AttentionCount {
  openItems: number;
  unresolvedRuns: number;
  total: number;
}
