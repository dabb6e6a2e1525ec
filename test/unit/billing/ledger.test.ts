// The billing ledger over a real migrated database and the real computation (docs/product-rules.md#billing-close, #accounting-exports):
// close/reopen/numbering, order of closes, preview == close, immutable billed lines with adjustments, audit.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDatabase } from '../../helpers/test-database';
import { createBillingService } from '../../../main/billing/billing-service';
import type { BillingLedger } from '../../../main/billing/ledger';
import { BillingRefusal } from '../../../main/billing/billing-refusal';
import { updateSettings } from '../../../main/config/settings-store';
import type { AppDatabase } from '../../../main/db/open-database';

let db: ReturnType<typeof makeTestDatabase>;
let ledger: BillingLedger;
let clock: Date;

function seed(database: AppDatabase) {
  const s = database.sqlite;
  s.prepare("INSERT INTO customers (id, autotask_company_id, name) VALUES (1, 101, 'Acme Corporation'), (2, 102, '@Home Networks')").run();
  s.prepare(
    `INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents, start_date)
     VALUES (10, 1, 900, 9001, 'PRACBILL-Acme', 'Managed Services', 10000, '2026-01-01'),
            (20, 2, 901, 9002, 'PRACBILL-Home', 'Backup', 5000, '2026-01-01')`,
  ).run();
  const item = s.prepare('INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents) VALUES (?, ?, ?, ?, ?, 15000, ?)');
  item.run(100, 10, 5000, '2026-09-10', '5.00', 75000);
  item.run(101, 10, 5001, '2026-10-05', '2.00', 30000);
  item.run(102, 20, 5002, '2026-10-20', '1.00', 15000);
}

beforeEach(() => {
  db = makeTestDatabase();
  seed(db.database);
  clock = new Date('2026-12-02T10:00:00Z');
  ledger = createBillingService({ database: db.database, now: () => clock, osUser: () => 'bookkeeper' });
});
afterEach(() => db.cleanup());

const rows = (sql: string, ...p: unknown[]) => db.database.sqlite.prepare(sql).all(...p) as any[];

describe('billing ledger', () => {
  it('preview == close: the closed run holds exactly what the preview showed, with numbers', () => {
    const preview = ledger.preview('2026-10');
    expect(preview.state).toBe('open');
    expect(preview.closable.ok).toBe(true);
    const closed = ledger.close('2026-10');
    expect(closed.total).toBe(preview.total);
    expect(closed.invoices.map((i) => i.invoiceNumber)).toEqual(['ATS-0001', 'ATS-0002']);
    const after = ledger.preview('2026-10');
    expect(after.state).toBe('closed');
    expect(after.runId).toBe(closed.runId);
    const strip = (p: typeof preview) => p.invoices.map(({ invoiceNumber: _n, previousTotal: _p, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(preview));
    expect(after.invoices.map((i) => i.invoiceNumber)).toEqual(['ATS-0001', 'ATS-0002']);
    // Every line keeps its sources and what its source stood at.
    const lines = rows("SELECT kind, item_id, service_id, billed_quantity FROM invoice_lines WHERE kind = 'time' ORDER BY item_id");
    expect(lines).toEqual([
      { kind: 'time', item_id: 101, service_id: 10, billed_quantity: '2.00' },
      { kind: 'time', item_id: 102, service_id: 20, billed_quantity: '1.00' },
    ]);
    expect(rows("SELECT value FROM sync_state WHERE key = 'billing:lastInvoiceNumber'")[0].value).toBe('2');
  });

  it('refuses a second close, a month out of order, and a month that has not ended; nothing is written', () => {
    ledger.close('2026-10');
    expect(() => ledger.close('2026-10')).toThrow(BillingRefusal);
    expect(() => ledger.close('2026-10')).toThrow(/already closed/);
    expect(() => ledger.close('2026-12')).toThrow(/Close November 2026 \(2026-11\) first/);
    expect(() => ledger.close('2026-09')).toThrow(BillingRefusal);
    ledger.close('2026-11');
    expect(() => ledger.close('2026-12')).toThrow(/has not ended yet/);
    expect(rows('SELECT COUNT(*) AS n FROM billing_runs')[0].n).toBe(2);
  });

  it('reopen: only the latest run; numbers are retired and never reissued', () => {
    ledger.close('2026-10');
    ledger.close('2026-11');
    expect(() => ledger.reopen('2026-10')).toThrow(/Only the most recent closed month \(2026-11\)/);
    expect(() => ledger.reopen('2026-08')).toThrow(BillingRefusal);
    const nov = rows("SELECT invoice_number FROM invoices i JOIN billing_runs r ON r.id = i.run_id WHERE r.period = '2026-11'").map((r) => r.invoice_number);
    const r = ledger.reopen('2026-11');
    expect(r.retired).toEqual(nov);
    expect(ledger.preview('2026-11').state).toBe('open');
    const again = ledger.close('2026-11');
    const reissued = again.invoices.map((i) => i.invoiceNumber);
    for (const n of reissued) expect(nov).not.toContain(n);
    expect(new Set(rows('SELECT invoice_number FROM invoices').map((x) => x.invoice_number)).size).toBe(rows('SELECT * FROM invoices').length);
    const runs = ledger.runs();
    expect(runs.map((x) => [x.period, x.reopenedAt !== null])).toEqual([
      ['2026-10', false],
      ['2026-11', true],
      ['2026-11', false],
    ]);
  });

  it('billed lines stay as billed; a later change becomes an adjustment in the next open month naming the invoice', () => {
    const closed = ledger.close('2026-10');
    const acme = closed.invoices.find((i) => i.customer === 'Acme Corporation')!.invoiceNumber;
    const before = rows('SELECT * FROM invoice_lines ORDER BY id');
    // A sync-like edit: the billed entry's hours change in Autotask.
    db.database.sqlite.prepare("UPDATE engineering_items SET hours = '3.00', amount_cents = 45000 WHERE id = 101").run();
    expect(rows('SELECT * FROM invoice_lines ORDER BY id')).toEqual(before);
    expect(ledger.preview('2026-10').total).toBe(closed.total);
    const nov = ledger.preview('2026-11');
    const adjustments = nov.invoices.flatMap((i) => i.lines).filter((l) => l.kind === 'adjustment');
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0]).toMatchObject({ amount: '150.00', source: { correctsInvoice: acme } });
    ledger.close('2026-11');
    const adj = rows("SELECT billed_quantity, corrects_invoice, corrects_line_id FROM invoice_lines WHERE kind = 'adjustment'");
    expect(adj).toEqual([{ billed_quantity: '3.00', corrects_invoice: acme, corrects_line_id: expect.any(Number) }]);
    // Made once: December has no second adjustment for it.
    clock = new Date('2027-01-05T10:00:00Z');
    expect(
      ledger
        .preview('2026-12')
        .invoices.flatMap((i) => i.lines)
        .filter((l) => l.kind === 'adjustment'),
    ).toEqual([]);
  });

  it('holds keep a customer out of the close until released; every decision is audited', () => {
    const held = ledger.hold({ customerId: 2, note: 'disputed' });
    expect(held.ok).toBe(true);
    const oct = ledger.preview('2026-10');
    expect(oct.invoices.map((i) => i.customer)).toEqual(['Acme Corporation']);
    expect(oct.excluded.some((e) => e.reason === 'held' && e.customerId === 2)).toBe(true);
    ledger.close('2026-10');
    expect(() => ledger.hold({ itemId: 999 })).toThrow(/does not exist/);
    ledger.hold({ customerId: 2, release: true });
    expect(rows('SELECT released_by FROM billing_holds')).toEqual([{ released_by: 'bookkeeper' }]);
    const nov = ledger.preview('2026-11');
    const home = nov.invoices.find((i) => i.customerId === 2)!;
    expect(home.lines.some((l) => l.late && l.source.itemId === 102)).toBe(true);
    expect(rows('SELECT action, os_user FROM billing_audit ORDER BY id').map((r) => r.action)).toEqual(['hold', 'close', 'release']);
  });

  it('export: refuses an open month without --draft and a missing setting; records sha256; closed month re-export is byte-identical', () => {
    expect(() => ledger.exportMonth('2026-10', 'csv', false)).toThrow(/not closed/);
    const draft = ledger.exportMonth('2026-10', 'csv', true);
    expect(draft.draft).toBe(true);
    expect(draft.files[0]!.bytes.toString('utf8')).toContain('DRAFT-0001');
    ledger.close('2026-10');
    expect(() => ledger.exportMonth('2026-10', 'xero', false)).toThrow(/incomeAccount/);
    const a = ledger.exportMonth('2026-10', 'csv', false);
    const b = ledger.exportMonth('2026-10', 'csv', false);
    expect(Buffer.compare(a.files[0]!.bytes, b.files[0]!.bytes)).toBe(0);
    expect(a.files[0]!.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(a.files[0]!.sha256).toBe(createHash('sha256').update(a.files[0]!.bytes).digest('hex'));
    ledger.recordExport(a, [{ file: a.files[0]!.fileName, sha256: a.files[0]!.sha256 }]);
    expect(ledger.runs()[0]!.exports).toEqual([{ format: 'csv', file: a.files[0]!.fileName, sha256: a.files[0]!.sha256, at: clock.toISOString() }]);
    updateSettings(db.database.db, { incomeAccount: '200', taxType: 'OUTPUT' });
    expect(ledger.exportMonth('2026-10', 'xero', false).files).toHaveLength(1);
  });

  it('preflight names what each format needs and the formula-like names', () => {
    const p = ledger.preview('2026-10');
    expect(p.preflight.missingForFormat.xero).toEqual(expect.arrayContaining(['incomeAccount', 'taxType']));
    expect(p.preflight.missingForFormat.csv).toEqual([]);
    expect(p.preflight.formulaLikeNames).toEqual(['@Home Networks']);
    expect(p.preflight.dateSample).toMatch(/31|10/);
  });
});
