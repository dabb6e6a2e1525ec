// The "Excluded" view (issue #15 point 3): what the sync leaves out, read on demand from Autotask and cached
// with its timestamp. The same shape is the CLI's `list excluded --json` and the `excluded:*` channels.

/** A contract the contract sync does not import: outside the SKU prefix, or not active. */
export interface ExcludedContract {
  autotaskContractId: number;
  contractName: string;
  /** The customer's name (local customer first, else the Autotask company); null when unknown. */
  customer: string | null;
  /** The contract's status label from the tenant's picklist (or the number when it has no label). */
  status: string;
  /** Why the sync leaves it out, in the contract sync's own words. */
  reason: string;
}

/**
 * Billable, approved time in the sync window on a contract that is not synced: one without a local service
 * line (outside the prefix, inactive, or without service lines), the same set the time sync leaves out.
 */
export interface ExcludedTime {
  autotaskContractId: number;
  /** null when the contract was not returned by Autotask (deleted, or not readable). */
  contractName: string | null;
  customer: string | null;
  entries: number;
  /** Exact decimal hours (hoursToBill, else hoursWorked), e.g. "418.50". */
  hours: string;
}

export interface ExcludedReport {
  /** ISO instant the report was read from Autotask. */
  readAt: string;
  /** The sync window of a scheduled run (local calendar dates) the time figures cover. */
  window: { from: string; to: string };
  contracts: ExcludedContract[];
  timeByContract: ExcludedTime[];
  /** Billable, approved time on no contract at all: revenue nobody invoices. */
  noContract: { entries: number; hours: string };
}

/** The cached report, or null when nothing was read yet. */
export type ExcludedCache = ExcludedReport | null;
