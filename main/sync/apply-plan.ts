// Executes a page plan in ONE transaction with the statements of main/db/queries/sync-writes.ts: data changes, log rows, skip
// memory and the run's counts land together or not at all, so a crash between pages leaves the
// database consistent and the next run simply plans the rest. A dry run writes only the log rows.
import type Database from 'better-sqlite3';
import type { Counts } from '../../shared/domain';
import { decimalToCents } from '../../shared/money';
import { prepareSyncWrites, type ItemWrite, type ServiceWrite } from '../db/queries/sync-writes';
import { decimalTextCents } from './money';
import type { RunRecorder } from './run-recorder';
import { planCounts, type ItemValues, type PagePlan, type ServiceValues } from './plan';

export interface PlanApplier {
  /** Applies (or, in a dry run, only logs) one page plan; returns its counts. */
  apply(plan: PagePlan, pageDurationMs: number): Counts;
}

const b = (v: boolean): 0 | 1 => (v ? 1 : 0);

export function createPlanApplier(sqlite: Database.Database, recorder: RunRecorder, now: () => Date): PlanApplier {
  const db = prepareSyncWrites(sqlite);

  const serviceParams = (s: ServiceValues, nowIso: string): ServiceWrite => ({
    customerAutotaskId: s.customerAutotaskId,
    autotaskContractId: s.autotaskContractId,
    autotaskContractServiceId: s.autotaskContractServiceId,
    autotaskServiceId: s.autotaskServiceId,
    contractName: s.contractName,
    serviceName: s.serviceName,
    unitPriceCents: decimalToCents(s.unitPrice),
    invoiceDescription: s.invoiceDescription,
    serviceNum: s.serviceNum,
    startDate: s.startDate,
    endDate: s.endDate,
    ended: b(s.ended),
    endedReason: s.endedReason,
    now: nowIso,
  });
  const itemParams = (i: ItemValues, nowIso: string): ItemWrite => ({
    serviceId: i.serviceId,
    autotaskTimeEntryId: i.autotaskTimeEntryId,
    autotaskContractId: i.autotaskContractId,
    dateWorked: i.dateWorked,
    hours: i.hours,
    rateCents: decimalTextCents(i.rate),
    amountCents: decimalTextCents(i.amount),
    summary: i.summary,
    autotaskLastModified: i.autotaskLastModified,
    flagged: b(i.flagged),
    flagReason: i.flagReason,
    now: nowIso,
  });

  const write = (plan: PagePlan, perRowMs: number) => {
    const nowIso = now().toISOString();
    for (const a of plan.actions) {
      switch (a.kind) {
        case 'create-customer':
          db.insertCustomer({ ...a.customer, isActive: b(a.customer.isActive), now: nowIso });
          break;
        case 'create-service':
          db.upsertService(serviceParams(a.service, nowIso));
          break;
        case 'update-service':
        case 'end-service':
          db.updateService({ ...serviceParams(a.next, nowIso), id: a.serviceId });
          break;
        case 'create-item':
          db.upsertItem(itemParams(a.item, nowIso));
          break;
        case 'update-item':
          db.updateItem({ ...itemParams(a.next, nowIso), id: a.itemId });
          break;
        case 'flag-item':
          db.flagItem(a.itemId, a.reason, nowIso);
          break;
        case 'skip':
          if (a.log) db.rememberSkip(a.stateKey, a.stateValue, nowIso);
          break;
        case 'update-customer':
          db.updateCustomer({ ...a.next, isActive: b(a.next.isActive), now: nowIso, id: a.customerId });
          break;
        case 'upsert-unit-row':
          db.upsertUnitRow({ ...a.row, now: nowIso });
          break;
        case 'remove-unit-row':
          db.removeUnitRow(a.autotaskId, nowIso);
          break;
        case 'set-posting':
          db.upsertPosting({ ...a.posting, now: nowIso });
          break;
        case 'clear-posting':
          db.deletePosting(a.autotaskId);
          break;
        case 'error':
        case 'note':
        case 'warning':
          break;
      }
      // The page's rows carry the page's time (one clock read per page, not per row).
      if (a.log) recorder.log(a.log, perRowMs, nowIso);
    }
    for (const key of plan.clearSkipKeys) db.forgetSkip(key);
  };

  const logOnly = (plan: PagePlan, perRowMs: number) => {
    for (const a of plan.actions) if (a.log) recorder.log(a.log, perRowMs);
  };

  return {
    apply(plan, pageDurationMs) {
      const counts = planCounts(plan);
      const logged = plan.actions.filter((a) => a.log).length;
      const perRowMs = logged ? pageDurationMs / logged : 0;
      const tx = sqlite.transaction(() => {
        if (recorder.dryRun) logOnly(plan, perRowMs);
        else write(plan, perRowMs);
        recorder.add(counts);
        // The page's log rows counted in sync_log_counts, one upsert per hour × type × status.
        recorder.flushLogCounts();
      });
      try {
        tx.immediate();
      } catch (err) {
        recorder.discardLogCounts();
        throw err;
      }
      return counts;
    },
  };
}
