// A small factory of billing snapshots for the pure computation's tables of cases. Ids are assigned in
// order; Autotask ids are derived from them (company 1000+id, contract line 5000+id, time entry 9000+id)
// so a test can name them. `close()` imitates the ledger's close: it computes the month, numbers the
// invoices (ATS-0001, …) and records every line as a billed line, exactly as invoice_lines would store it.
import { amountCents } from '../../../main/sync/money';
import { computeInvoices } from '../../../main/billing/compute';
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
} from '../../../main/billing/snapshot';

export const RATE = 15000; // $150.00 an hour

export class SnapshotBuilder {
  readonly snap: BillingSnapshot;
  private nextId = { customer: 1, service: 1, row: 1, item: 1, hold: 1, line: 1, posting: 1 };
  private invoiceCounter = 0;

  constructor(today = '2026-12-02') {
    this.snap = {
      today,
      closedPeriods: [],
      customers: [],
      services: [],
      unitRows: [],
      items: [],
      postings: [],
      holds: [],
      billedLines: [],
    };
  }

  customer(over: Partial<SnapshotCustomer> = {}): SnapshotCustomer {
    const id = over.id ?? this.nextId.customer++;
    const c: SnapshotCustomer = { id, autotaskCompanyId: 1000 + id, name: `Customer ${id}`, accountingName: null, ...over };
    this.snap.customers.push(c);
    return c;
  }

  service(customer: SnapshotCustomer, over: Partial<SnapshotService> = {}): SnapshotService {
    const id = over.id ?? this.nextId.service++;
    const s: SnapshotService = {
      id,
      customerId: customer.id,
      autotaskContractId: 3000 + id,
      autotaskContractServiceId: 5000 + id,
      contractName: `SKU-Contract ${id}`,
      serviceName: `Service ${id}`,
      invoiceDescription: null,
      serviceNum: `SN-${id}`,
      unitPriceCents: 3000,
      startDate: '2020-01-01',
      endDate: null,
      ended: false,
      endedAt: null,
      ...over,
    };
    this.snap.services.push(s);
    return s;
  }

  unitRow(service: SnapshotService, units: number, startDate: string, endDate: string, over: Partial<SnapshotUnitRow> = {}): SnapshotUnitRow {
    const id = over.id ?? 70_000 + this.nextId.row++;
    const r: SnapshotUnitRow = {
      id,
      autotaskContractServiceId: service.autotaskContractServiceId,
      units,
      startDate,
      endDate,
      approveAndPostDate: null,
      removedAt: null,
      ...over,
    };
    this.snap.unitRows.push(r);
    return r;
  }

  item(service: SnapshotService, dateWorked: string, hours = '1.00', over: Partial<SnapshotItem> = {}): SnapshotItem {
    const id = over.id ?? this.nextId.item++;
    const rateCents = over.rateCents ?? RATE;
    const i: SnapshotItem = {
      id,
      serviceId: service.id,
      autotaskTimeEntryId: 9000 + id,
      dateWorked,
      hours,
      rateCents,
      amountCents: amountCents(hours, rateCents),
      summary: `Work ${id}`,
      flagged: false,
      flagReason: null,
      ...over,
    };
    this.snap.items.push(i);
    return i;
  }

  /** Edit an item's hours as a sync would (re-priced at its rate). */
  setHours(item: SnapshotItem, hours: string): void {
    item.hours = hours;
    item.amountCents = amountCents(hours, item.rateCents);
  }

  posting(item: SnapshotItem, over: Partial<SnapshotPosting> = {}): SnapshotPosting {
    const p: SnapshotPosting = {
      billingItemId: 88_000 + this.nextId.posting++,
      autotaskTimeEntryId: item.autotaskTimeEntryId,
      postedDate: '2026-11-03T10:00:00Z',
      autotaskInvoiceId: null,
      ...over,
    };
    this.snap.postings.push(p);
    return p;
  }

  hold(over: Partial<SnapshotHold>): SnapshotHold {
    const h: SnapshotHold = {
      id: this.nextId.hold++,
      kind: 'hold',
      itemId: null,
      customerId: null,
      serviceId: null,
      note: null,
      createdAt: '2026-11-20T09:00:00Z',
      ...over,
    };
    this.snap.holds.push(h);
    return h;
  }

  release(hold: SnapshotHold): void {
    this.snap.holds = this.snap.holds.filter((h) => h !== hold);
  }

  compute(month: string): ComputedMonth {
    return computeInvoices(this.snap, month);
  }

  /** Closes a month as the ledger does: numbers the invoices and stores every line as billed. */
  close(month: string): ComputedMonth {
    const result = this.compute(month);
    if (!result.closable.ok) throw new Error(`not closable: ${result.closable.reason}`);
    for (const inv of result.invoices) {
      const invoiceNumber = `ATS-${String(++this.invoiceCounter).padStart(4, '0')}`;
      for (const l of inv.lines) {
        const billed: SnapshotBilledLine = {
          lineId: this.nextId.line++,
          invoiceNumber,
          period: month,
          customerId: inv.customerId,
          kind: l.kind,
          date: l.date,
          dateTo: l.dateTo,
          quantity: l.quantity,
          unitPriceCents: l.unitPriceCents,
          amountCents: l.amountCents,
          itemId: l.source.itemId ?? null,
          autotaskTimeEntryId: l.source.timeEntryId ?? null,
          serviceId: l.source.serviceId ?? null,
          unitRowId: l.source.unitRowId ?? null,
          correctsInvoice: l.source.correctsInvoice ?? null,
          billedQuantity: l.billedQuantity ?? null,
        };
        this.snap.billedLines.push(billed);
      }
    }
    this.snap.closedPeriods.push(month);
    this.snap.closedPeriods.sort();
    return result;
  }

  /** Reopens the latest closed month: its lines are no longer billed. */
  reopen(month: string): void {
    this.snap.closedPeriods = this.snap.closedPeriods.filter((p) => p !== month);
    this.snap.billedLines = this.snap.billedLines.filter((l) => l.period !== month);
  }
}

/** All lines of a computed month, flattened. */
export function allLines(m: ComputedMonth) {
  return m.invoices.flatMap((i) => i.lines.map((l) => ({ ...l, customerId: i.customerId })));
}

/** Deterministic PRNG (mulberry32) for the property-style tests. */
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

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

/** A random month around November 2026 (seeded): customers, services, unit rows, items, postings, holds, maybe a closed October with changes after it. */
export function randomSnapshot(seed: number) {
  const rnd = prng(seed);
  const b = new SnapshotBuilder('2026-11-02');
  const days = ['01', '02', '15', '28', '30', '31'];
  const customers = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => b.customer({ name: pick(rnd, ['Acme', 'acme', 'Zulu', `C${i}`]) }));
  for (const c of customers) {
    for (let k = Math.floor(rnd() * 3); k > 0; k -= 1) {
      const s = b.service(c, {
        startDate: pick(rnd, [null, '2026-09-10', '2026-11-16']),
        endDate: pick(rnd, [null, null, '2026-11-20']),
        unitPriceCents: 1 + Math.floor(rnd() * 10_000),
      });
      if (rnd() < 0.6)
        b.unitRow(s, Math.floor(rnd() * 20), '2026-11-01', pick(rnd, ['2026-11-14', '2026-11-30']), { approveAndPostDate: rnd() < 0.2 ? '2026-11-05T00:00:00Z' : null });
      if (rnd() < 0.3) b.hold({ serviceId: s.id });
      for (let n = Math.floor(rnd() * 6); n > 0; n -= 1) {
        const month = pick(rnd, ['2026-09', '2026-10', '2026-11', '2026-12']);
        const day = pick(rnd, days);
        const date = `${month}-${month === '2026-11' && day === '31' ? '30' : day}`;
        const item = b.item(s, date, pick(rnd, ['0.25', '1.00', '2.50', '7.75']), { flagged: rnd() < 0.15, flagReason: 'x' });
        if (rnd() < 0.2) b.posting(item);
        if (rnd() < 0.1) b.hold({ kind: 'release-posted', itemId: item.id });
        if (rnd() < 0.15) b.hold({ itemId: item.id });
      }
    }
    if (rnd() < 0.15) b.hold({ customerId: c.id });
  }
  const closeOctober = rnd() < 0.5;
  if (closeOctober) b.close('2026-10');
  b.snap.today = '2026-12-05';
  // Changes after the close: some October items change or get released.
  for (const item of b.snap.items) if (rnd() < 0.2) b.setHours(item, '3.00');
  if (rnd() < 0.5) b.snap.holds = b.snap.holds.filter(() => rnd() < 0.7);
  return { b, closeOctober };
}
