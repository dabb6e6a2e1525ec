// The one billing computation (docs/product-rules.md#billing-period, #billing-adjustments): a snapshot of the billing database in, one month's
// invoices and exclusions out. Preview, close and draft export all call it, so what the preview shows is
// exactly what closing locks. Pure: no SQLite, no clock (the snapshot carries `today`), no network; the
// same snapshot and month give the same (deep-equal) answer.
//
// Months: E = the earliest open month (the month after the last closed period; before any close, the
// month asked for). S = the month billing started (the first closed month; before any close, the month
// asked for). Nothing dated before S is billed (listed in E as 'before-billing-started'); what is dated in
// a closed month and billable now becomes a late line of E; adjustments (§5.4) go into E only. A month
// after E shows only its own lines and is not closable. A closed month, or one before S, is not computed
// here: `computeInvoices` throws a `BillingPeriodError` (a closed month is read back from its run).
import type { BillingLineKind, BillingLineSource, ExclusionReason } from '../../shared/billing';
import { amountCents, prorateCents, quantityText, sameQuantity, subtractQuantity } from './amounts';
import { assertMonth, dateOf, daysInclusive, daysInMonth, earliestOpenMonth, maxDate, minDate, monthOf, nextMonth, periodOf, type Period } from './dates';
import type { Exclusion, Invoice, InvoiceLine } from './model';
import type {
  BillingSnapshot,
  ComputedMonth,
  SnapshotBilledLine,
  SnapshotCustomer,
  SnapshotHold,
  SnapshotItem,
  SnapshotPosting,
  SnapshotService,
  SnapshotUnitRow,
} from './snapshot';

export { prorateCents } from './amounts';
export { daysInMonth, earliestOpenMonth, nextMonth, periodOf, previousMonth } from './dates';
export type { Period } from './dates';

export type BillingPeriodErrorCode = 'bad-month' | 'closed' | 'before-billing-started';

/** The month cannot be computed from the open data (the caller reads a closed run instead, or refuses). */
export class BillingPeriodError extends Error {
  constructor(
    readonly code: BillingPeriodErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingPeriodError';
  }
}

interface Block {
  reason: ExclusionReason;
  reasonText: string;
}

/** What the month would bill, before deciding whether it is billed, held or excluded. */
interface Candidate {
  customerId: number;
  line: InvoiceLine;
  block: Block | null;
}

const KIND_ORDER: Record<BillingLineKind, number> = { recurring: 0, time: 1, adjustment: 2 };

/** Deterministic, locale-independent-enough name order: case/accent-insensitive, then exact code units. */
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
function compareNames(a: string, b: string): number {
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}
const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hoursLabel(hours: string): string {
  return `${quantityText(hours, 2)} h`;
}

function unitsLabel(units: number | string): string {
  return `${String(units)} ${Number(units) === 1 ? 'unit' : 'units'}`;
}

/** Indexes over the snapshot, built once per computation. */
class Index {
  readonly customers = new Map<number, SnapshotCustomer>();
  readonly services = new Map<number, SnapshotService>();
  readonly items = new Map<number, SnapshotItem>();
  readonly itemsByTimeEntry = new Map<number, SnapshotItem>();
  /** Live (not removed) unit rows per Autotask contract line, by start date then id. */
  readonly rowsByContractService = new Map<number, SnapshotUnitRow[]>();
  readonly rowsById = new Map<number, SnapshotUnitRow>();
  /** The first posting of a time entry (by posted date, then BillingItems id). */
  readonly postingByTimeEntry = new Map<number, SnapshotPosting>();
  readonly itemHolds = new Map<number, SnapshotHold[]>();
  readonly serviceHolds = new Map<number, SnapshotHold[]>();
  readonly customerHolds = new Map<number, SnapshotHold[]>();
  readonly releasedItems = new Set<number>();
  /** Billed time lines and time adjustments per engineering item (or 'te:<id>' when the item is gone). */
  readonly billedTime = new Map<string, SnapshotBilledLine[]>();
  /** Billed recurring lines and recurring adjustments per 'row:<id>|YYYY-MM' or 'svc:<id>|YYYY-MM'. */
  readonly billedRecurring = new Map<string, SnapshotBilledLine[]>();
  /** Per 'serviceId|YYYY-MM': whether unit-row lines and/or a no-row (1 unit) line were billed. */
  readonly billedServiceMonths = new Map<string, { rows: boolean; fallback: boolean }>();

  constructor(readonly snap: BillingSnapshot) {
    for (const c of snap.customers) this.customers.set(c.id, c);
    for (const s of snap.services) this.services.set(s.id, s);
    for (const i of snap.items) {
      this.items.set(i.id, i);
      this.itemsByTimeEntry.set(i.autotaskTimeEntryId, i);
    }
    for (const r of snap.unitRows) {
      this.rowsById.set(r.id, r);
      if (r.removedAt === null) pushTo(this.rowsByContractService, r.autotaskContractServiceId, r);
    }
    for (const rows of this.rowsByContractService.values()) rows.sort((a, b) => cmp(a.startDate, b.startDate) || a.id - b.id);
    const postings = [...snap.postings].sort((a, b) => cmp(a.postedDate ?? '\uffff', b.postedDate ?? '\uffff') || a.billingItemId - b.billingItemId);
    for (const p of postings) if (!this.postingByTimeEntry.has(p.autotaskTimeEntryId)) this.postingByTimeEntry.set(p.autotaskTimeEntryId, p);
    const holds = [...snap.holds].sort((a, b) => a.id - b.id);
    for (const h of holds) {
      if (h.kind === 'release-posted') {
        if (h.itemId !== null) this.releasedItems.add(h.itemId);
        continue;
      }
      if (h.itemId !== null) pushTo(this.itemHolds, h.itemId, h);
      if (h.serviceId !== null) pushTo(this.serviceHolds, h.serviceId, h);
      if (h.customerId !== null) pushTo(this.customerHolds, h.customerId, h);
    }
    for (const l of snap.billedLines) {
      const itemId = l.itemId ?? (l.autotaskTimeEntryId !== null ? (this.itemsByTimeEntry.get(l.autotaskTimeEntryId)?.id ?? null) : null);
      if (itemId !== null || l.autotaskTimeEntryId !== null) {
        if (l.kind === 'recurring') continue; // not a time source
        pushTo(this.billedTime, itemId !== null ? `item:${itemId}` : `te:${String(l.autotaskTimeEntryId)}`, l);
        continue;
      }
      if (l.kind === 'time' || l.serviceId === null) continue;
      const month = monthOf(l.date);
      pushTo(this.billedRecurring, recurringKey(l.serviceId, l.unitRowId, month), l);
      if (l.kind === 'recurring') {
        const key = `${l.serviceId}|${month}`;
        const sm = this.billedServiceMonths.get(key) ?? { rows: false, fallback: false };
        if (l.unitRowId !== null) sm.rows = true;
        else sm.fallback = true;
        this.billedServiceMonths.set(key, sm);
      }
    }
  }

  customer(id: number): SnapshotCustomer {
    const c = this.customers.get(id);
    if (!c) throw new Error(`Billing snapshot is inconsistent: customer ${id} is not in it.`);
    return c;
  }

  service(id: number): SnapshotService {
    const s = this.services.get(id);
    if (!s) throw new Error(`Billing snapshot is inconsistent: engineering service ${id} is not in it.`);
    return s;
  }

  isItemBilled(item: SnapshotItem): boolean {
    return (this.billedTime.get(`item:${item.id}`) ?? []).some((l) => l.kind === 'time');
  }

  /** An active hold on the item, its service (recurring only) or its customer: item first, then service, customer. */
  holdFor(opts: { itemId?: number; serviceId?: number; customerId: number }): Block | null {
    const hold =
      (opts.itemId !== undefined ? this.itemHolds.get(opts.itemId)?.[0] : undefined) ??
      (opts.serviceId !== undefined ? this.serviceHolds.get(opts.serviceId)?.[0] : undefined) ??
      this.customerHolds.get(opts.customerId)?.[0];
    if (!hold) return null;
    const on = hold.itemId !== null && hold.itemId === opts.itemId ? 'item' : hold.serviceId !== null && hold.serviceId === opts.serviceId ? 'contract line' : 'customer';
    const note = hold.note?.trim();
    return { reason: 'held', reasonText: note ? `held: ${note}` : `held (${on} on hold)` };
  }

  /** Why a time item is not billable now (flagged, posted in Autotask and not released, held), or null. */
  itemBlock(item: SnapshotItem, service: SnapshotService): Block | null {
    if (item.flagged) {
      const why = item.flagReason?.trim();
      return { reason: 'flagged', reasonText: why ? `flagged: ${why}` : 'flagged: no longer qualifies in Autotask' };
    }
    const posting = this.postingByTimeEntry.get(item.autotaskTimeEntryId);
    if (posting && !this.releasedItems.has(item.id)) {
      const on = posting.postedDate ? ` on ${dateOf(posting.postedDate)}` : '';
      const inv = posting.autotaskInvoiceId !== null ? `, Autotask invoice ${posting.autotaskInvoiceId}` : '';
      return { reason: 'posted-in-autotask', reasonText: `posted in Autotask${on} (BillingItem ${posting.billingItemId}${inv})` };
    }
    return this.holdFor({ itemId: item.id, customerId: service.customerId });
  }
}

function recurringKey(serviceId: number, unitRowId: number | null, month: string): string {
  return unitRowId !== null ? `row:${unitRowId}|${month}` : `svc:${serviceId}|${month}`;
}

/** The days a service is active: [from, to] with null = open-ended; `empty` when it never is. */
function activeWindow(s: SnapshotService): { from: string | null; to: string | null; empty: boolean } {
  const from = s.startDate ? dateOf(s.startDate) : null;
  let to = s.endDate ? dateOf(s.endDate) : null;
  let empty = false;
  if (to === null && s.ended) {
    if (s.endedAt) to = dateOf(s.endedAt);
    else empty = true; // ended, with neither an end date nor the day it was marked ended: bill nothing
  }
  if (from !== null && to !== null && to < from) empty = true;
  return { from, to, empty };
}

function timeLine(item: SnapshotItem, service: SnapshotService, late: boolean): InvoiceLine {
  const what = item.summary?.trim() ? item.summary.trim() : `Autotask time entry ${item.autotaskTimeEntryId}`;
  return {
    kind: 'time',
    date: item.dateWorked,
    dateTo: null,
    description: `${service.serviceName}, ${item.dateWorked}, ${hoursLabel(item.hours)}: ${what}`,
    serviceNum: service.serviceNum,
    quantity: item.hours,
    unitPriceCents: item.rateCents,
    amountCents: item.amountCents,
    late,
    source: {
      itemId: item.id,
      timeEntryId: item.autotaskTimeEntryId,
      serviceId: service.id,
      contractServiceId: service.autotaskContractServiceId,
    },
    billedQuantity: item.hours,
  };
}

interface RecurringCandidate {
  line: InvoiceLine;
  row: SnapshotUnitRow | null;
}

/** The recurring lines of one service in one month, before billed/held/posted are decided. */
function recurringLines(ix: Index, service: SnapshotService, period: Period, late: boolean): RecurringCandidate[] {
  const win = activeWindow(service);
  if (win.empty) return [];
  const from = win.from ? maxDate(period.from, win.from) : period.from;
  const to = win.to ? minDate(period.to, win.to) : period.to;
  if (from > to) return [];
  const dim = daysInMonth(period.month);
  const make = (row: SnapshotUnitRow | null, units: number, a: string, b: string): RecurringCandidate => ({
    row,
    line: {
      kind: 'recurring',
      date: a,
      dateTo: b,
      description: `${service.serviceName}, ${unitsLabel(units)}, ${a} to ${b}`,
      serviceNum: service.serviceNum,
      quantity: String(units),
      unitPriceCents: service.unitPriceCents,
      amountCents: prorateCents(units, service.unitPriceCents, daysInclusive(a, b), dim),
      late,
      source: {
        serviceId: service.id,
        contractServiceId: service.autotaskContractServiceId,
        ...(row ? { unitRowId: row.id } : {}),
      },
      billedQuantity: String(units),
    },
  });
  const rows = (ix.rowsByContractService.get(service.autotaskContractServiceId) ?? []).filter((r) => dateOf(r.startDate) <= period.to && dateOf(r.endDate) >= period.from);
  if (rows.length === 0) return [make(null, 1, from, to)];
  const out: RecurringCandidate[] = [];
  for (const r of rows) {
    const a = maxDate(from, dateOf(r.startDate));
    const b = minDate(to, dateOf(r.endDate));
    if (a > b || r.units === 0) continue;
    out.push(make(r, r.units, a, b));
  }
  return out;
}

/** Recurring candidates of a month that are not billed yet, with why each is not billable now. */
function recurringCandidates(ix: Index, service: SnapshotService, period: Period, late: boolean): Candidate[] {
  const sm = ix.billedServiceMonths.get(`${service.id}|${period.month}`);
  const out: Candidate[] = [];
  for (const { line, row } of recurringLines(ix, service, period, late)) {
    // A service-month billed as 1 unit (no rows then) is not billed again from rows found later, and a
    // month billed from rows is not billed again as 1 unit when its rows disappear.
    if (row === null ? sm !== undefined : sm?.fallback === true || ix.billedRecurring.has(recurringKey(service.id, row.id, period.month))) continue;
    let block: Block | null = null;
    if (row?.approveAndPostDate) {
      block = {
        reason: 'posted-in-autotask',
        reasonText: `posted in Autotask on ${dateOf(row.approveAndPostDate)} (ContractServiceUnits ${row.id})`,
      };
    } else {
      block = ix.holdFor({ serviceId: service.id, customerId: service.customerId });
    }
    out.push({ customerId: service.customerId, line, block });
  }
  return out;
}

function latestBilledQuantity(lines: SnapshotBilledLine[], original: SnapshotBilledLine): string {
  const latest = [...lines].sort((a, b) => cmp(b.period, a.period) || b.lineId - a.lineId);
  for (const l of latest) if (l.billedQuantity !== null) return l.billedQuantity;
  const lastOriginal = latest.find((l) => l.kind === original.kind);
  return (lastOriginal ?? original).quantity;
}

function originalOf(lines: SnapshotBilledLine[], kind: BillingLineKind): SnapshotBilledLine | undefined {
  return lines.filter((l) => l.kind === kind).sort((a, b) => cmp(a.period, b.period) || a.lineId - b.lineId)[0];
}

/** §5.4 adjustments of billed items and unit-row months, against the current snapshot (E only). */
function adjustmentCandidates(ix: Index): Candidate[] {
  const out: Candidate[] = [];
  for (const [key, lines] of ix.billedTime) {
    const orig = originalOf(lines, 'time');
    if (!orig) continue;
    const item = key.startsWith('item:') ? ix.items.get(Number(key.slice(5))) : undefined;
    const billedQty = latestBilledQuantity(lines, orig);
    const nowQty = item && !item.flagged ? item.hours : '0';
    if (sameQuantity(nowQty, billedQty)) continue;
    const net = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const amount = amountCents(nowQty, orig.unitPriceCents) - net;
    if (amount === 0) continue;
    const serviceId = item?.serviceId ?? orig.serviceId;
    const service = serviceId !== null ? ix.services.get(serviceId) : undefined;
    const te = item?.autotaskTimeEntryId ?? orig.autotaskTimeEntryId;
    const what = !item
      ? `no longer in Autotask (billed ${hoursLabel(billedQty)})`
      : item.flagged
        ? `no longer billable${item.flagReason?.trim() ? ` (${item.flagReason.trim()})` : ''}, billed ${hoursLabel(billedQty)}`
        : `hours ${quantityText(billedQty, 2)} → ${quantityText(nowQty, 2)}`;
    const source: BillingLineSource = { correctsInvoice: orig.invoiceNumber };
    if (item ?? orig.itemId !== null) source.itemId = item?.id ?? (orig.itemId as number);
    if (te !== null) source.timeEntryId = te;
    if (service) {
      source.serviceId = service.id;
      source.contractServiceId = service.autotaskContractServiceId;
    } else if (orig.serviceId !== null) source.serviceId = orig.serviceId;
    const line: InvoiceLine = {
      kind: 'adjustment',
      date: orig.date,
      dateTo: null,
      description: `Adjustment to ${orig.invoiceNumber}: time entry ${te ?? '?'} of ${orig.date}, ${what}`,
      serviceNum: service?.serviceNum ?? null,
      quantity: subtractQuantity(nowQty, billedQty, 2),
      unitPriceCents: orig.unitPriceCents,
      amountCents: amount,
      late: false,
      source,
      billedQuantity: quantityText(nowQty, 2),
    };
    const block = ix.holdFor({ ...(item ? { itemId: item.id } : {}), customerId: orig.customerId });
    out.push({ customerId: orig.customerId, line, block });
  }
  for (const [key, lines] of ix.billedRecurring) {
    if (!key.startsWith('row:')) continue; // a 1-unit (no-row) month has no units to change
    const orig = originalOf(lines, 'recurring');
    if (!orig || orig.unitRowId === null) continue;
    const row = ix.rowsById.get(orig.unitRowId);
    if (!row || row.removedAt !== null) continue;
    const billedQty = latestBilledQuantity(lines, orig);
    const nowQty = String(row.units);
    if (sameQuantity(nowQty, billedQty)) continue;
    const month = monthOf(orig.date);
    const to = orig.dateTo ?? periodOf(month).to;
    const net = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const amount = prorateCents(row.units, orig.unitPriceCents, daysInclusive(orig.date, to), daysInMonth(month)) - net;
    if (amount === 0) continue;
    const service = orig.serviceId !== null ? ix.services.get(orig.serviceId) : undefined;
    const name = service?.serviceName ?? `contract line ${row.autotaskContractServiceId}`;
    const line: InvoiceLine = {
      kind: 'adjustment',
      date: orig.date,
      dateTo: null,
      description: `Adjustment to ${orig.invoiceNumber}: ${name}, ${orig.date} to ${to}, units ${billedQty} → ${nowQty}`,
      serviceNum: service?.serviceNum ?? null,
      quantity: subtractQuantity(nowQty, billedQty, 0),
      unitPriceCents: orig.unitPriceCents,
      amountCents: amount,
      late: false,
      source: {
        ...(orig.serviceId !== null ? { serviceId: orig.serviceId } : {}),
        contractServiceId: row.autotaskContractServiceId,
        unitRowId: row.id,
        correctsInvoice: orig.invoiceNumber,
      },
      billedQuantity: nowQty,
    };
    const block = ix.holdFor({ ...(orig.serviceId !== null ? { serviceId: orig.serviceId } : {}), customerId: orig.customerId });
    out.push({ customerId: orig.customerId, line, block });
  }
  return out;
}

function lineOrder(a: InvoiceLine, b: InvoiceLine): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    cmp(a.date, b.date) ||
    (a.source.serviceId ?? -1) - (b.source.serviceId ?? -1) ||
    (a.source.unitRowId ?? -1) - (b.source.unitRowId ?? -1) ||
    (a.source.itemId ?? -1) - (b.source.itemId ?? -1) ||
    (a.source.timeEntryId ?? -1) - (b.source.timeEntryId ?? -1) ||
    cmp(a.source.correctsInvoice ?? '', b.source.correctsInvoice ?? '') ||
    cmp(a.dateTo ?? '', b.dateTo ?? '') ||
    cmp(a.description, b.description) ||
    a.amountCents - b.amountCents
  );
}

/** One month's invoices, exclusions and closability. Throws `BillingPeriodError` for a closed month or one before billing started. */
export function computeInvoices(snapshot: BillingSnapshot, month: string): ComputedMonth {
  try {
    assertMonth(month);
  } catch (e) {
    throw new BillingPeriodError('bad-month', (e as Error).message);
  }
  const closed = [...new Set(snapshot.closedPeriods)].sort();
  const first = closed[0] ?? null;
  const last = closed.at(-1) ?? null;
  if (first !== null && month < first) {
    throw new BillingPeriodError('before-billing-started', `${month} is before billing started (${first} is the first closed month); nothing in it is billed here.`);
  }
  if (last !== null && month <= last) {
    throw new BillingPeriodError('closed', `${month} is closed: its invoices are read from its billing run.`);
  }
  const period = periodOf(month);
  const earliest = earliestOpenMonth(closed, month);
  const isEarliest = earliest === month;
  const start = periodOf(first ?? month).from; // billing started on this day
  const earliestFrom = periodOf(earliest).from;
  const ix = new Index(snapshot);

  const candidates: Candidate[] = [];
  /** Listed, never billed: before billing started. */
  const beforeStart: Candidate[] = [];

  // Time items.
  const items = [...snapshot.items].sort((a, b) => cmp(a.dateWorked, b.dateWorked) || a.id - b.id);
  for (const item of items) {
    const d = item.dateWorked;
    const own = d >= period.from && d <= period.to;
    const earlier = isEarliest && d < earliestFrom;
    if (!own && !earlier) continue;
    if (ix.isItemBilled(item)) continue;
    const service = ix.service(item.serviceId);
    if (d < start) {
      beforeStart.push({
        customerId: service.customerId,
        line: timeLine(item, service, false),
        block: { reason: 'before-billing-started', reasonText: `dated before billing started (${start})` },
      });
      continue;
    }
    const block = ix.itemBlock(item, service);
    // Dated in a closed month: left out then and still flagged/posted → not listed again; held → listed.
    if (!own && block && block.reason !== 'held') continue;
    candidates.push({ customerId: service.customerId, line: timeLine(item, service, !own), block });
  }

  // Recurring lines: the month's own, and in E those of every closed month not billed yet.
  const services = [...snapshot.services].sort((a, b) => a.id - b.id);
  const months: Array<{ p: Period; late: boolean }> = [{ p: period, late: false }];
  if (isEarliest && first !== null) {
    for (let m = first, guard = 0; m < earliest && guard < 1200; m = nextMonth(m), guard += 1) months.push({ p: periodOf(m), late: true });
  }
  for (const { p, late } of months) {
    for (const service of services) {
      ix.customer(service.customerId);
      for (const c of recurringCandidates(ix, service, p, late)) {
        if (late && c.block && c.block.reason !== 'held') continue;
        candidates.push(c);
      }
    }
  }

  if (isEarliest) candidates.push(...adjustmentCandidates(ix));

  // Split into invoices and exclusions.
  const linesByCustomer = new Map<number, InvoiceLine[]>();
  const excluded: Exclusion[] = [];
  const exclude = (c: Candidate, block: Block) => {
    const customer = ix.customer(c.customerId);
    excluded.push({
      kind: c.line.kind,
      customerId: customer.id,
      customerName: customer.name,
      description: c.line.description,
      date: c.line.date,
      amountCents: c.line.amountCents,
      reason: block.reason,
      reasonText: block.reasonText,
      source: c.line.source,
    });
  };
  for (const c of candidates) {
    if (c.block) exclude(c, c.block);
    else pushTo(linesByCustomer, c.customerId, c.line);
  }
  for (const c of beforeStart) if (c.block) exclude(c, c.block);

  const invoices: Invoice[] = [];
  for (const [customerId, lines] of linesByCustomer) {
    const customer = ix.customer(customerId);
    lines.sort(lineOrder);
    invoices.push({
      customerId,
      customerName: customer.name,
      accountingName: customer.accountingName ?? customer.name,
      autotaskCompanyId: customer.autotaskCompanyId,
      invoiceNumber: null,
      lines,
      totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    });
  }
  invoices.sort((a, b) => compareNames(a.accountingName, b.accountingName) || a.customerId - b.customerId);

  const nameOf = (id: number) => {
    const c = ix.customer(id);
    return c.accountingName ?? c.name;
  };
  excluded.sort(
    (a, b) =>
      compareNames(nameOf(a.customerId), nameOf(b.customerId)) ||
      a.customerId - b.customerId ||
      lineOrder(
        { ...a, dateTo: null, serviceNum: null, quantity: '0', unitPriceCents: 0, late: false },
        { ...b, dateTo: null, serviceNum: null, quantity: '0', unitPriceCents: 0, late: false },
      ) ||
      cmp(a.reason, b.reason),
  );

  let closable: ComputedMonth['closable'];
  if (!isEarliest) closable = { ok: false, reason: `Close ${earliest} first: months close in order.` };
  else if (period.to >= snapshot.today) {
    closable = {
      ok: false,
      reason: `${month} has not ended yet: it can be closed from ${nextMonth(month)}-01 (today is ${snapshot.today}).`,
    };
  } else closable = { ok: true, reason: null };

  return {
    period,
    invoices,
    excluded,
    totalCents: invoices.reduce((sum, i) => sum + i.totalCents, 0),
    closable,
  };
}
