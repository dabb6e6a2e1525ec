import { describe, expect, it } from 'vitest';
import type { ExportDocument } from '../../../../main/billing/model';
import { isExactLine } from '../../../../main/billing/writers/common';
import { decodeWindows1252 } from '../../../../main/billing/writers/iif';
import { exportFileName, exportWriters, requiredSettings } from '../../../../main/billing/writers';
import { BILLING_EXPORT_FORMATS } from '../../../../shared/settings';
import { doc, goldenDoc, invoice, line, settings } from './doc';
import { cents, parseCsv, records } from './parse';
import { randomSnapshot } from '../snapshot-factory';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const manyInvoices = (n: number, linesEach = 1) =>
  doc(
    Array.from({ length: n }, (_, i) =>
      invoice(
        i + 1,
        `Customer ${i + 1}`,
        Array.from({ length: linesEach }, () => line({ quantity: '1', unitPriceCents: 100, amountCents: 100 })),
      ),
    ),
  );

describe('split at each target limit', () => {
  it('Xero: 500 invoices in one file, 501 in two (500 + 1)', () => {
    expect(exportWriters.xero(manyInvoices(500)).files.map((f) => [f.suffix, f.invoices])).toEqual([['', 500]]);
    const out = exportWriters.xero(manyInvoices(501));
    expect(out.files.map((f) => [f.suffix, f.invoices])).toEqual([
      ['-1', 500],
      ['-2', 1],
    ]);
    expect(new Set(records(out.files[0]!.bytes).map((r) => r['*InvoiceNumber'])).size).toBe(500);
    expect(records(out.files[1]!.bytes).map((r) => r['*InvoiceNumber'])).toEqual(['ATS-0501']);
  });
  it('QBO: 100 invoices in one file, 101 in two', () => {
    expect(exportWriters.qbo(manyInvoices(100)).files).toHaveLength(1);
    expect(exportWriters.qbo(manyInvoices(101)).files.map((f) => [f.suffix, f.invoices])).toEqual([
      ['-1', 100],
      ['-2', 1],
    ]);
  });
  it('QBO: 1,000 rows in one file, 1,001 rows in two, never splitting an invoice', () => {
    expect(exportWriters.qbo(manyInvoices(100, 10)).files.map((f) => f.rows)).toEqual([1000]);
    const d = manyInvoices(91, 11); // 1,001 rows
    const out = exportWriters.qbo(d);
    expect(out.files.map((f) => f.rows)).toEqual([990, 11]);
    expect(records(out.files[1]!.bytes).every((r) => r['Invoice number'] === 'ATS-0091')).toBe(true);
    for (const f of out.files) expect(parseCsv(f.bytes).length - 1).toBeLessThanOrEqual(1000);
  });
  it('QBO: an invoice of more than 1,000 lines is left out, named, not split', () => {
    const out = exportWriters.qbo(manyInvoices(1, 1001));
    expect(out.leftOut.map((l) => l.invoiceNumber)).toEqual(['ATS-0001']);
    expect(out.files).toHaveLength(1);
    expect(out.files[0]!.rows).toBe(0);
  });
});

describe('QBO credits', () => {
  it('leaves out invoices whose total is below zero and keeps negative lines of positive invoices', () => {
    const out = exportWriters.qbo(goldenDoc());
    expect(out.leftOut).toEqual([expect.objectContaining({ invoiceNumber: 'ATS-0003', customer: '=cmd', totalCents: -9000 })]);
    const rows = records(out.files[0]!.bytes);
    expect(rows.some((r) => r['Invoice number'] === 'ATS-0003')).toBe(false);
    expect(rows.find((r) => r['Item Amount'] === '-75.00')?.['Invoice number']).toBe('ATS-0002');
  });
});

describe('names and text', () => {
  it('import files keep formula-like names exactly; the csv working file escapes them, numbers stay numbers', () => {
    const d = goldenDoc();
    const xero = records(exportWriters.xero(d).files[0]!.bytes);
    expect(xero.map((r) => r['*ContactName'])).toContain('@Home Networks');
    expect(xero.map((r) => r['*ContactName'])).toContain('=cmd');
    expect(xero.map((r) => r['*Description'])).toContain('=cmd|calc');
    const qbo = records(exportWriters.qbo(d).files[0]!.bytes);
    expect(qbo.map((r) => r.Customer)).toContain('@Home Networks');
    const iif = decodeWindows1252(exportWriters.iif(d).files[0]!.bytes);
    expect(iif).toContain('\t@Home Networks\t');
    expect(iif).toContain('\t=cmd\t');
    const csv = records(exportWriters.csv(d).files[0]!.bytes);
    expect(csv.map((r) => r.Customer)).toEqual(expect.arrayContaining(["'@Home Networks", "'=cmd"]));
    expect(csv.map((r) => r.Description)).toContain("'=cmd|calc");
    expect(csv.map((r) => r['Service Number'])).toContain(`'=HYPERLINK("x")`);
    expect(csv.map((r) => r.Amount)).toContain('-75.00');
    expect(csv.map((r) => r.Quantity)).toContain('-0.50');
  });
  it('the service number appears only in the csv working file', () => {
    const d = goldenDoc();
    for (const f of ['xero', 'qbo', 'iif'] as const) {
      expect(exportWriters[f](d).files[0]!.bytes.toString('latin1')).not.toContain('0412 555 010');
    }
    expect(exportWriters.csv(d).files[0]!.bytes.toString('utf8')).toContain('0412 555 010');
  });
  it('every CSV is UTF-8 with a BOM and keeps "Café Müller & Söhne"; IIF is Windows-1252 without a BOM', () => {
    for (const f of ['csv', 'xero', 'qbo'] as const) {
      const bytes = exportWriters[f](goldenDoc()).files[0]!.bytes;
      expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
      expect(bytes.toString('utf8')).toContain('Café Müller & Söhne');
    }
    const iif = exportWriters.iif(goldenDoc()).files[0]!.bytes;
    expect(iif.subarray(0, 5).toString('latin1')).toBe('!TRNS');
    expect(iif.includes(Buffer.from('Caf\xe9 M\xfcller & S\xf6hne', 'latin1'))).toBe(true);
  });
  it('CR, LF and NUL inside a cell are quoted in CSV; IIF turns tabs and line breaks into spaces', () => {
    const d = doc([invoice(1, 'A\tB', [line({ description: 'one\rtwo\u0000three\nfour', quantity: '1', unitPriceCents: 100, amountCents: 100 })])]);
    for (const f of ['csv', 'xero', 'qbo'] as const) {
      const rows = parseCsv(exportWriters[f](d).files[0]!.bytes);
      expect(rows).toHaveLength(2);
      expect(rows[1]!.some((c) => c.includes('one\rtwo\u0000three\nfour'))).toBe(true);
    }
    const iif = decodeWindows1252(exportWriters.iif(d).files[0]!.bytes).split('\r\n');
    expect(iif.find((l) => l.startsWith('SPL'))).toContain('\tone two three four\t');
    expect(iif.find((l) => l.startsWith('TRNS'))).toContain('\tA B\t');
    expect(iif.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
  });
  it('dates follow exportDateFormat, except IIF which is always MM/DD/YYYY', () => {
    const d = goldenDoc({ dateFormat: 'YYYY-MM-DD' });
    expect(records(exportWriters.xero(d).files[0]!.bytes)[0]!['*InvoiceDate']).toBe('2026-11-30');
    expect(records(exportWriters.qbo(d).files[0]!.bytes)[0]!['Due date']).toBe('2026-12-14');
    expect(records(exportWriters.csv(d).files[0]!.bytes)[0]!['Invoice Date']).toBe('2026-11-30');
    expect(decodeWindows1252(exportWriters.iif(d).files[0]!.bytes)).toContain('\t11/30/2026\t');
  });
  it('refuses a document whose invoice total differs from its lines', () => {
    const d = doc([invoice(1, 'A', [line({ quantity: '1', unitPriceCents: 100, amountCents: 100 })], { totalCents: 101 })]);
    for (const f of BILLING_EXPORT_FORMATS) expect(() => exportWriters[f](d)).toThrow(/lines add up/);
  });
});

describe('requiredSettings and exportFileName', () => {
  it('names the missing config set keys per format', () => {
    const empty = settings({ incomeAccount: '', taxType: ' ' });
    expect(requiredSettings('xero', empty)).toEqual(['incomeAccount', 'taxType']);
    expect(requiredSettings('iif', empty)).toEqual(['incomeAccount']);
    expect(requiredSettings('qbo', empty)).toEqual([]);
    expect(requiredSettings('csv', empty)).toEqual([]);
    expect(requiredSettings('xero', settings())).toEqual([]);
    expect(requiredSettings('iif', settings({ arAccount: '' }))).toEqual(['arAccount']);
  });
  it('builds plain file names and refuses anything else', () => {
    expect(exportFileName('2026-11', 'xero', '', 'csv')).toBe('invoices-2026-11-xero.csv');
    expect(exportFileName('2026-11', 'qbo', '-2', 'csv')).toBe('invoices-2026-11-qbo-2.csv');
    expect(exportFileName('2026-11', 'iif', '', 'iif')).toBe('invoices-2026-11-iif.iif');
    expect(() => exportFileName('../x', 'csv', '', 'csv')).toThrow();
    expect(() => exportFileName('2026-11', 'csv', '/../a', 'csv')).toThrow();
  });
});

// Seeded PRNG (mulberry32): bounded, reproducible random months.
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDoc(seed: number): ExportDocument {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const names = ['Café Müller & Söhne', '@Home Networks', '=cmd', '+plus', '-minus', 'Plain Pty Ltd', 'Tab\tCo', '"Quoted", Inc'];
  const invoices = Array.from({ length: int(1, 12) }, (_, i) => {
    const lines = Array.from({ length: int(1, 6) }, () => {
      const unit = int(0, 50000);
      const hundredths = int(-400, 2000);
      const quantity = (hundredths < 0 ? '-' : '') + (Math.abs(hundredths) / 100).toFixed(2);
      const exact = Math.round((hundredths * unit) / 100);
      // Half the lines are exact, the rest prorated or rounded so quantity × price ≠ amount.
      const amount = r() < 0.5 && (hundredths * unit) % 100 === 0 ? exact : Math.round((exact * int(1, 30)) / 30);
      return line({
        kind: (['time', 'recurring', 'adjustment'] as const)[int(0, 2)]!,
        date: `2026-11-${String(int(1, 30)).padStart(2, '0')}`,
        dateTo: r() < 0.5 ? '2026-11-30' : null,
        description: names[int(0, names.length - 1)]!,
        quantity,
        unitPriceCents: unit,
        amountCents: amount,
      });
    });
    return invoice(i + 1, names[int(0, names.length - 1)]!, lines);
  });
  return doc(invoices, { dateFormat: (['DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'] as const)[int(0, 2)]! });
}

const qtyTimesPrice = (q: string, p: string, amount: string) => {
  const c = (s: string) => s.trim();
  expect(isExactLine(c(q), cents(p), cents(amount))).toBe(true);
};

/** Every format's totals equal the document's to the cent; import lines exact; IIF transactions net to zero. */
function checkAllFormats(d: ExportDocument, seed: number): void {
  const total = d.invoices.reduce((s, i) => s + i.totalCents, 0);
  const byInvoice = new Map(d.invoices.map((i) => [i.invoiceNumber, i.totalCents]));

  const csv = records(exportWriters.csv(d).files[0]!.bytes);
  expect(csv.reduce((s, r) => s + cents(r.Amount!), 0)).toBe(total);

  const xero = exportWriters.xero(d).files.flatMap((f) => records(f.bytes));
  const xeroTotals = new Map<string, number>();
  for (const r of xero) {
    const amount = cents(r['*UnitAmount']!) * Number(r['*Quantity']!);
    qtyTimesPrice(r['*Quantity']!, r['*UnitAmount']!, (Math.round(amount) / 100).toFixed(2));
    xeroTotals.set(r['*InvoiceNumber']!, (xeroTotals.get(r['*InvoiceNumber']!) ?? 0) + Math.round(amount));
    for (const k of ['*ContactName', '*InvoiceNumber', '*InvoiceDate', '*DueDate', '*Description', '*Quantity', '*UnitAmount', '*AccountCode', '*TaxType']) {
      expect(r[k], `${k} filled (seed ${seed})`).not.toBe('');
    }
  }
  expect(xeroTotals).toEqual(byInvoice);

  const qbo = exportWriters.qbo(d);
  const qboRows = qbo.files.flatMap((f) => records(f.bytes));
  for (const r of qboRows) qtyTimesPrice(r['Item Quantity']!, r['Item Rate']!, r['Item Amount']!);
  const credits = d.invoices.filter((i) => i.totalCents < 0);
  expect(qbo.leftOut.map((l) => l.invoiceNumber).sort()).toEqual(credits.map((i) => i.invoiceNumber).sort());
  expect(qboRows.reduce((s, r) => s + cents(r['Item Amount']!), 0)).toBe(total - credits.reduce((s, i) => s + i.totalCents, 0));

  const iif = decodeWindows1252(exportWriters.iif(d).files[0]!.bytes)
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  let open: number | null = null;
  let trnsTotal = 0;
  let transactions = 0;
  for (const cells of iif) {
    if (cells[0] === 'TRNS') {
      open = cents(cells[5]!);
      trnsTotal += open;
      transactions++;
    } else if (cells[0] === 'SPL') {
      open! += cents(cells[4]!);
      qtyTimesPrice(cells[7]!, cells[8]!, cells[4]!);
      expect(cells[1]).toBe(iif.find((c) => c[0] === 'TRNS' && c[6] === cells[5])![1]);
    } else if (cells[0] === 'ENDTRNS') {
      expect(open, `seed ${seed}`).toBe(0);
      open = null;
    }
  }
  expect(transactions).toBe(d.invoices.length);
  expect(trnsTotal).toBe(total);
}

describe('property: totals agree with the document, every import line is exact, IIF nets to zero', () => {
  it('holds for 60 seeded random months', () => {
    for (let seed = 1; seed <= 60; seed++) checkAllFormats(randomDoc(seed), seed);
  });

  it("holds for 60 months computed by computeInvoices from random snapshots: every format's totals equal the computation's", () => {
    let invoices = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { b } = randomSnapshot(seed);
      const m = b.compute('2026-11');
      const d = doc(m.invoices.map((inv, i) => ({ ...inv, invoiceNumber: `DRAFT-${String(i + 1).padStart(4, '0')}` })));
      expect(d.invoices.reduce((s, i) => s + i.totalCents, 0)).toBe(m.totalCents);
      checkAllFormats(d, seed);
      invoices += d.invoices.length;
    }
    expect(invoices).toBeGreaterThan(30); // the months are not empty (59 invoices over the 60 seeds)
  });
});
