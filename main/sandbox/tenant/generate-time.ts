/**
 * TimeEntries (ids ascending with the date worked) and BillingItems for the "posted" ones. Mixes in
 * non-billable, unapproved, contract-less and service-less entries, entries crossing UTC midnight,
 * and entries on inactive / expired / non-matching contracts (those come from the contract mix).
 */
import { ENTITIES } from '../entity-schema';
import type { Row } from '../entity-table';
import { emptyRow } from '../record-codec';
import { DAY_MS } from '../date-format';
import { LONG_INTERNAL_NOTES, SHORT_INTERNAL_NOTES, SUMMARY_NOTES } from './name-pools';
import { ROLES, WORK_TYPES, resourceIds, type GenContext } from './tenant-spec';

const MIN = 60_000;
/** Share of approved billable entries of last month and this month that Autotask posted itself. */
const RECENT_POSTED_SHARE = 0.015;
const HOUR = 3_600_000;

export interface TimeEntryPlan {
  contract: Row | null;
  contractServiceID: number | null;
  dateWorked: number; // midnight UTC
  startMs: number | null; // null = entered as a duration only
  hours: number;
  billable: boolean;
  approved: boolean;
}

export class TimeEntryWriter {
  readonly entries: Row[] = [];
  readonly billingItems: Row[] = [];
  private nextEntryId = 100000;
  private nextItemId = 700000;
  private readonly resources: number[];

  constructor(
    private readonly ctx: GenContext,
    private readonly companyOfContract: Map<number, number>,
  ) {
    this.resources = resourceIds(ctx.spec.resources);
  }

  add(plan: TimeEntryPlan, postedOverride?: boolean): Row {
    const { prng: p, anchorMs } = this.ctx;
    const latest = anchorMs - MIN; // nothing generated may be at/after the anchor day
    this.nextEntryId += p.int(1, 3);
    const id = this.nextEntryId;
    const resourceID = p.pick(this.resources);
    const [roleID, rate] = p.pick(ROLES);
    const end = plan.startMs === null ? null : plan.startMs + plan.hours * HOUR;
    const workDone = end ?? plan.dateWorked + 17 * HOUR;
    const created = Math.min(workDone + p.int(0, 180) * MIN, latest);
    let approval: number | null = null;
    if (plan.approved) approval = Math.max(created, Math.min(created + p.int(1, 4) * DAY_MS + p.int(0, 480) * MIN, latest));
    const edited = p.chance(0.1) ? Math.min((approval ?? created) + p.int(5, 3000) * MIN, latest) : (approval ?? created);
    const hoursToBill = plan.billable && p.chance(0.1) ? Math.ceil(plan.hours * 2) / 2 : plan.hours;
    const kind = p.next();
    const timeEntryType = kind < 0.65 ? 2 : kind < 0.85 ? 6 : 7;
    const row = emptyRow(ENTITIES.TimeEntries);
    Object.assign(row, {
      id,
      billingApprovalDateTime: approval,
      billingApprovalLevelMostRecent: approval === null ? 0 : 1,
      billingApprovalResourceID: approval === null ? null : this.resources[0],
      billingCodeID: p.pick(WORK_TYPES),
      contractID: plan.contract ? plan.contract.id : null,
      contractServiceID: plan.contractServiceID,
      createDateTime: created,
      creatorUserID: resourceID,
      dateWorked: plan.dateWorked,
      endDateTime: end,
      hoursToBill,
      hoursWorked: plan.hours,
      internalNotes: p.chance(0.08) ? p.pick(LONG_INTERNAL_NOTES) : p.chance(0.2) ? p.pick(SHORT_INTERNAL_NOTES) : null,
      isNonBillable: !plan.billable,
      lastModifiedDateTime: edited,
      lastModifiedUserID: approval === null ? resourceID : this.resources[0],
      offsetHours: 0,
      resourceID,
      roleID,
      showOnInvoice: plan.billable,
      startDateTime: plan.startMs,
      summaryNotes: p.pick(SUMMARY_NOTES),
      taskID: timeEntryType === 6 ? 4000 + p.int(1, 900) : null,
      ticketID: timeEntryType === 2 ? 10000 + p.int(1, 90000) : null,
      timeEntryType,
    });
    this.entries.push(row);
    // Entries before last month were mostly billed through Autotask before the app was adopted (postedShare);
    // last month and this month have only a handful posted in Autotask, so the billing preview shows the
    // guard ("posted in Autotask") without hiding the month.
    const anchor = new Date(anchorMs);
    const lastMonthStart = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - 1, 1);
    const share = plan.dateWorked >= lastMonthStart ? RECENT_POSTED_SHARE : this.ctx.spec.postedShare;
    const posted = postedOverride ?? (approval !== null && plan.billable && p.chance(share));
    if (posted && approval !== null) this.addBillingItem(row, rate, Math.min(approval + DAY_MS, latest));
    return row;
  }

  private addBillingItem(entry: Row, rate: number, postedMs: number): void {
    const { prng: p } = this.ctx;
    this.nextItemId += p.int(1, 2);
    const quantity = entry.hoursToBill as number;
    const extended = Math.round(quantity * rate * 100) / 100;
    const contractID = entry.contractID as number | null;
    const row = emptyRow(ENTITIES.BillingItems);
    Object.assign(row, {
      id: this.nextItemId,
      billingCodeID: entry.billingCodeID,
      billingItemType: 1,
      companyID: contractID === null ? null : (this.companyOfContract.get(contractID) ?? null),
      contractID,
      description: entry.summaryNotes,
      extendedPrice: extended,
      internalCurrencyExtendedPrice: extended,
      internalCurrencyRate: rate,
      internalCurrencyTaxDollars: 0,
      internalCurrencyTotalAmount: extended,
      itemApproverID: entry.billingApprovalResourceID,
      itemDate: entry.dateWorked,
      itemName: 'Labor',
      nonBillable: 0,
      ourCost: 0,
      postedDate: postedMs,
      postedOnTime: postedMs,
      quantity,
      rate,
      roleID: entry.roleID,
      taskID: entry.taskID,
      taxDollars: 0,
      ticketID: entry.ticketID,
      timeEntryID: entry.id,
      totalAmount: extended,
      webServiceDate: postedMs,
    });
    this.billingItems.push(row);
  }
}

const QUARTERS = [1, 1, 2, 2, 2, 3, 4, 4, 6, 8, 12, 16, 24, 32];

export function generateTimeEntries(ctx: GenContext, contracts: Row[], contractServices: Row[], writer: TimeEntryWriter): void {
  const { prng: p, anchorMs, spec } = ctx;
  const servicesByContract = new Map<number, number[]>();
  for (const cs of contractServices) {
    const list = servicesByContract.get(cs.contractID as number) ?? [];
    list.push(cs.id as number);
    servicesByContract.set(cs.contractID as number, list);
  }
  const firstDay = Math.floor(anchorMs / DAY_MS) * DAY_MS - spec.days * DAY_MS;
  for (let i = 0; i < spec.timeEntries; i++) {
    // Ids grow with the date worked, as they do when people log time as they go.
    const dateWorked = firstDay + Math.floor((i * spec.days) / spec.timeEntries) * DAY_MS;
    const contract = p.chance(0.86) && contracts.length > 0 ? p.pick(contracts) : null;
    const lines = contract ? servicesByContract.get(contract.id as number) : undefined;
    const contractServiceID = lines && p.chance(0.6) ? p.pick(lines) : null;
    const hours = p.pick(QUARTERS) / 4;
    let startMs: number | null = null;
    if (p.chance(0.82)) {
      // ~6 % start late in the evening and run past UTC midnight.
      const startMinute = p.chance(0.06) ? 22 * 60 + p.int(0, 6) * 15 : p.int(28, 72) * 15;
      startMs = dateWorked + startMinute * MIN;
      if (startMs + hours * HOUR >= anchorMs) startMs = null;
    }
    writer.add({ contract, contractServiceID, dateWorked, startMs, hours, billable: p.chance(0.84), approved: p.chance(0.7) });
  }
}
