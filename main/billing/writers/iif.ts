// QuickBooks Desktop IIF (reference/billing.md §1.3, docs/product-rules.md#accounting-exports): tab-separated, three header rows (!TRNS,
// !SPL, !ENDTRNS), then per invoice one TRNS row, one SPL row per line and an ENDTRNS row.
// - An invoice (total ≥ 0) is TRNSTYPE INVOICE, a credit (total < 0) CREDIT MEMO, with the same columns.
// - Signs are debits positive, credits negative: TRNS books the total to the A/R account (positive for an
//   invoice, negative for a credit memo), each SPL books the negated line amount to the income account, so
//   every transaction nets to zero. SPL QNTY is negated with the amount (as in Intuit's sample) and PRICE
//   keeps the unit price, so QNTY × PRICE = AMOUNT on every SPL row.
// - DATE and DUEDATE are always MM/DD/YYYY, QuickBooks' own format, whatever exportDateFormat says.
// - Text is written as it is, except that tabs, CR, LF and other control characters (which would split a
//   field or a row; IIF has no quoting for them) become a space.
//
// Encoding: Intuit describes IIF as ASCII text and QuickBooks Desktop (Windows) reads it in the ANSI code
// page, so the file is Windows-1252 without a byte-order mark: a BOM would stick to `!TRNS` and break the
// first header, and UTF-8 would turn "Café" into "CafÃ©", which no longer matches the customer. Characters
// Windows-1252 lacks are written as '?'. Line endings: CRLF, since QuickBooks Desktop is a Windows program
// and Intuit's sample files use it.
import type { ExportDocument, ExportOutput } from '../model';
import { exportDate, importLine, itemFor, moneyText, negateDecimal } from './common';
import { assertTotals } from './common';

export const IIF_HEADERS = [
  ['!TRNS', 'TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'AMOUNT', 'DOCNUM', 'MEMO', 'TOPRINT', 'DUEDATE'],
  ['!SPL', 'TRNSTYPE', 'DATE', 'ACCNT', 'AMOUNT', 'DOCNUM', 'MEMO', 'QNTY', 'PRICE', 'INVITEM'],
  ['!ENDTRNS'],
] as const;

const EOL = '\r\n';
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One IIF field: control characters (which would split the field or the row) become a space. */
export function iifField(value: string): string {
  return value.replace(CONTROL, ' ');
}

// Windows-1252's 0x80–0x9F block; 0x00–0x7F and 0xA0–0xFF are the same code points as Unicode.
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

/** Text → Windows-1252 bytes; a character it cannot hold becomes '?'. */
export function encodeWindows1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else out.push(CP1252_HIGH[cp] ?? 0x3f);
  }
  return Buffer.from(out);
}

/** Windows-1252 bytes → text (for reading a file back). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes);
}

export function writeIif(doc: ExportDocument): ExportOutput {
  assertTotals(doc);
  const s = doc.settings;
  const date = exportDate(doc.invoiceDate, 'MM/DD/YYYY');
  const due = exportDate(doc.dueDate, 'MM/DD/YYYY');
  const memo = `Autotask ${doc.period.month}`;
  const lines: string[][] = IIF_HEADERS.map((h) => [...h]);
  for (const inv of doc.invoices) {
    const type = inv.totalCents < 0 ? 'CREDIT MEMO' : 'INVOICE';
    const total = inv.lines.reduce((sum, l) => sum + l.amountCents, 0);
    lines.push(['TRNS', type, date, s.arAccount, inv.accountingName, moneyText(total), inv.invoiceNumber, memo, 'N', due]);
    for (const line of inv.lines) {
      const l = importLine(line, 'MM/DD/YYYY');
      lines.push(['SPL', type, date, s.incomeAccount, moneyText(-line.amountCents), inv.invoiceNumber, l.description, negateDecimal(l.quantity), l.unitPrice, itemFor(line, s)]);
    }
    lines.push(['ENDTRNS']);
  }
  const text = lines.map((cells) => cells.map(iifField).join('\t') + EOL).join('');
  return {
    files: [{ suffix: '', extension: 'iif', bytes: encodeWindows1252(text), invoices: doc.invoices.length, rows: lines.length - IIF_HEADERS.length }],
    leftOut: [],
  };
}
