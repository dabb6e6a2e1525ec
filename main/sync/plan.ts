// The plan: what one page of a run would change, computed before anything is written. `apply-plan.ts`
// executes it in one transaction; `--dry-run` prints it instead; the mass-change guard reads it.
import type { Counts, LogStatus, Operation, SyncType } from '../../shared/domain';
import type { PlanSummary } from '../../shared/sync-preview';
import type { CustomerValues } from '../db/queries/customers';
import type { ItemValues } from '../db/queries/items';
import type { PostingValues } from '../db/queries/labour-postings';
import type { ServiceValues } from '../db/queries/services';
import type { StoredUnitRow } from '../db/queries/unit-rows';

// The values a plan action carries are the rows it writes, typed from the schema beside their SQL (main/db/queries).
export type { CustomerValues, ItemValues, PlanSummary, PostingValues, ServiceValues };

export interface LogSpec {
  syncType: SyncType;
  operation: Operation;
  status: LogStatus;
  message: string;
  details?: unknown;
}

export type Change = { before: unknown; after: unknown };
export type Changes = Record<string, Change>;

/** A ContractServiceUnits row as stored (docs/product-rules.md#billing-sync), without its removal mark. Dates are calendar dates; price in cents. */
export type UnitRowValues = Omit<StoredUnitRow, 'removedAt'>;

export type PlanAction =
  | { kind: 'create-customer'; autotaskId: number; customer: CustomerValues; log: LogSpec }
  | { kind: 'update-customer'; autotaskId: number; customerId: number; next: CustomerValues; changes: Changes; log: LogSpec }
  /** New rows are counted, not logged one by one (a summary `note` says how many); changes are logged. */
  | { kind: 'upsert-unit-row'; autotaskId: number; isNew: boolean; row: UnitRowValues; log: LogSpec | null }
  | { kind: 'remove-unit-row'; autotaskId: number; log: LogSpec }
  | { kind: 'set-posting'; autotaskId: number; posting: PostingValues; log: LogSpec }
  | { kind: 'clear-posting'; autotaskId: number; log: LogSpec }
  /** A log row only (e.g. a summary); adds to no count. */
  | {
      kind: 'note';
      log: LogSpec;
      /** listed as a create in a dry run's plan */ creates?: { syncType: SyncType; autotaskId: number };
      /** records this summary row stands for, counted as skips (entries counted, not read) */ skips?: number;
    }
  | { kind: 'create-service'; autotaskId: number; service: ServiceValues; log: LogSpec }
  | { kind: 'update-service'; autotaskId: number; serviceId: number; next: ServiceValues; changes: Changes; log: LogSpec }
  | {
      kind: 'end-service';
      autotaskId: number;
      serviceId: number;
      contractId: number;
      reason: string;
      next: ServiceValues;
      changes: Changes;
      log: LogSpec;
    }
  | { kind: 'create-item'; autotaskId: number; item: ItemValues; log: LogSpec }
  | { kind: 'update-item'; autotaskId: number; itemId: number; next: ItemValues; changes: Changes; log: LogSpec }
  | { kind: 'flag-item'; autotaskId: number; itemId: number; reason: string; log: LogSpec }
  | {
      kind: 'skip';
      syncType: SyncType;
      autotaskId: number;
      reason: string;
      /** sync_state key remembering the last logged skip reason, so nightly runs do not repeat it. */
      stateKey: string;
      stateValue: string;
      /** null when the same reason was logged before: counted, not logged again. */
      log: LogSpec | null;
    }
  | { kind: 'error'; syncType: SyncType; autotaskId: number | null; message: string; log: LogSpec }
  /** Only a log row, counted as a warning (e.g. Autotask text clipped to its maximum length, field-bounds.ts). */
  | { kind: 'warning'; syncType: SyncType; autotaskId: number | null; message: string; log: LogSpec };

export interface PagePlan {
  actions: PlanAction[];
  /** Records that match the local row exactly: no write, only counted. */
  unchanged: number;
  /** sync_state keys of records that are no longer skipped (their remembered skip reason is cleared). */
  clearSkipKeys: string[];
}

export const emptyPlan = (): PagePlan => ({ actions: [], unchanged: 0, clearSkipKeys: [] });

export const zeroCounts = (): Counts => ({ create: 0, update: 0, unchanged: 0, skip: 0, error: 0, warning: 0 });

/** Which run count an action adds to. */
export function countOf(action: PlanAction): keyof Counts | null {
  switch (action.kind) {
    case 'note':
      return null;
    case 'upsert-unit-row':
      return action.isNew ? 'create' : action.log?.status === 'warning' ? 'warning' : 'update';
    case 'remove-unit-row':
    case 'set-posting':
    case 'clear-posting':
    case 'update-customer':
      return action.log.status === 'warning' ? 'warning' : 'update';
    case 'update-item':
      return action.log.status === 'warning' ? 'warning' : 'update';
    case 'create-customer':
    case 'create-service':
    case 'create-item':
      return 'create';
    case 'update-service':
    case 'end-service':
      return 'update';
    case 'flag-item':
    case 'warning':
      return 'warning';
    case 'skip':
      return 'skip';
    case 'error':
      return 'error';
  }
}

export function planCounts(plan: PagePlan): Counts {
  const counts = zeroCounts();
  counts.unchanged = plan.unchanged;
  for (const a of plan.actions) {
    const k = countOf(a);
    if (k) counts[k] += 1;
    if (a.kind === 'note' && a.skips) counts.skip += a.skips;
  }
  return counts;
}

export function addCounts(into: Counts, more: Counts): void {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += more[k];
}

export const emptySummary = (): PlanSummary => ({ creates: [], updates: [], ends: [], skips: [], flags: [], errors: [], unchanged: 0 });

export function summarise(plan: PagePlan, into: PlanSummary): void {
  into.unchanged += plan.unchanged;
  for (const a of plan.actions) {
    switch (a.kind) {
      case 'create-customer':
        into.creates.push({ syncType: 'company', autotaskId: a.autotaskId, message: a.log.message });
        break;
      case 'create-service':
        into.creates.push({ syncType: 'contract', autotaskId: a.autotaskId, message: a.log.message });
        break;
      case 'create-item':
        into.creates.push({ syncType: 'time_entry', autotaskId: a.autotaskId, message: a.log.message });
        break;
      case 'update-service':
        into.updates.push({ syncType: 'contract', autotaskId: a.autotaskId, message: a.log.message, changed: a.changes });
        break;
      case 'update-item':
        into.updates.push({ syncType: 'time_entry', autotaskId: a.autotaskId, message: a.log.message, changed: a.changes });
        break;
      case 'update-customer':
        into.updates.push({ syncType: 'company', autotaskId: a.autotaskId, message: a.log.message, changed: a.changes });
        break;
      // Unit rows are listed by their contract line, as they are logged; new ones through their line's note.
      case 'upsert-unit-row':
        if (!a.isNew) into.updates.push({ syncType: 'contract', autotaskId: a.row.autotaskContractServiceId, message: a.log?.message ?? '', changed: {} });
        break;
      case 'remove-unit-row':
        into.updates.push({
          syncType: 'contract',
          autotaskId: Number((a.log.details as { autotaskContractServiceId?: number })?.autotaskContractServiceId ?? a.autotaskId),
          message: a.log.message,
          changed: {},
        });
        break;
      // Listed by the time entry they mark, as they are logged.
      case 'set-posting':
        into.updates.push({ syncType: 'time_entry', autotaskId: a.posting.autotaskTimeEntryId, message: a.log.message, changed: {} });
        break;
      case 'clear-posting':
        into.updates.push({
          syncType: 'time_entry',
          autotaskId: Number((a.log.details as { autotaskTimeEntryId?: number })?.autotaskTimeEntryId ?? a.autotaskId),
          message: a.log.message,
          changed: {},
        });
        break;
      case 'note':
        if (a.creates) into.creates.push({ ...a.creates, message: a.log.message });
        break;
      case 'end-service':
        into.ends.push({ autotaskId: a.autotaskId, contractId: a.contractId, reason: a.reason });
        break;
      case 'flag-item':
        into.flags.push({ autotaskId: a.autotaskId, reason: a.reason });
        break;
      case 'skip':
        into.skips.push({ syncType: a.syncType, autotaskId: a.autotaskId, reason: a.reason, logged: a.log !== null });
        break;
      case 'error':
        into.errors.push({ syncType: a.syncType, autotaskId: a.autotaskId, message: a.message });
        break;
      case 'warning':
        break; // a log row only (the dry run writes it too); the documented plan shape has no place for it
    }
  }
}

/** Field-by-field differences between two value objects (only the keys listed). */
export function diff<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): Changes {
  const out: Changes = {};
  for (const k of keys) {
    if (before[k] !== after[k]) out[String(k)] = { before: before[k], after: after[k] };
  }
  return out;
}

/** An error action: counted as an error and logged with these details. */
export function errorAction(syncType: SyncType, autotaskId: number | null, message: string, details?: unknown): PlanAction {
  return { kind: 'error', syncType, autotaskId, message, log: { syncType, operation: 'error', status: 'error', message, details } };
}
