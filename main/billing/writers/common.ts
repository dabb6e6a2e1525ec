// Helpers every accounting writer shares (docs/product-rules.md#accounting-exports): money and quantity text, export dates, the
// "quantity × unit price = amount" rule of the import files, per-file splitting, and CSV bytes through
// csv-stringify. Pure: the same input always gives the same output.
import { stringify } from 'csv-stringify/sync';
import { formatExportDate, type ExportDateFormat } from '../../../shared/locale-defaults';
import type { ExportDocument, ExportSettings, InvoiceLine } from '../model';

export type DocInvoice = ExportDocument['invoices'][number];

/** Integer cents → "1234.50" / "-0.05": no currency symbol, no thousands separator (what every importer takes). */
export function moneyText(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`Amount in cents must be a whole number, got ${cents}`);
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${whole}.${frac}`;
}

export function exportDate(date: string, format: ExportDateFormat): string {
  return formatExportDate(date, format);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Decimal text → an exact scaled integer (value = units / 10^scale); null when it is not plain decimal text. */
export function parseDecimal(text: string): { units: bigint; scale: number } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(`${m[2]}${frac}`);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

/** "5.00" → "-5.00", "-2" → "2"; zero stays unsigned. */
export function negateDecimal(text: string): string {
  const t = text.trim();
  if (t.startsWith('-')) return t.slice(1);
  const d = parseDecimal(t);
  if (d && d.units === 0n) return t;
  return `-${t}`;
}

/** Importers take at most 4 decimal places of quantity (Xero's limit; QuickBooks shows fewer). */
export const MAX_QUANTITY_DECIMALS = 4;

/** Whether quantity × unit price is exactly the amount, in whole cents, with a quantity an importer can hold. */
export function isExactLine(quantity: string, unitPriceCents: number, amountCents: number): boolean {
  const q = parseDecimal(quantity);
  if (!q || q.scale > MAX_QUANTITY_DECIMALS) return false;
  return q.units * BigInt(unitPriceCents) === BigInt(amountCents) * 10n ** BigInt(q.scale);
}

/** A line's dates for a description: "03/11/2026" or "01/11/2026–30/11/2026". */
export function lineDates(line: InvoiceLine, format: ExportDateFormat): string {
  const from = exportDate(line.date, format);
  return line.dateTo && line.dateTo !== line.date ? `${from}–${exportDate(line.dateTo, format)}` : from;
}

export interface ImportLine {
  quantity: string;
  unitPrice: string;
  description: string;
}

/**
 * A line as an import file writes it (docs/product-rules.md#accounting-exports): its own quantity and unit price when their product is the
 * amount exactly; otherwise (proration, rounding) quantity 1 at the amount, with the real quantity, price
 * and dates in the description, so the importer's own quantity × price never changes the total.
 */
export function importLine(line: InvoiceLine, format: ExportDateFormat): ImportLine {
  if (isExactLine(line.quantity, line.unitPriceCents, line.amountCents)) {
    return { quantity: line.quantity.trim(), unitPrice: moneyText(line.unitPriceCents), description: line.description };
  }
  const detail = `${line.quantity.trim()} × ${moneyText(line.unitPriceCents)}, ${lineDates(line, format)}`;
  return { quantity: '1', unitPrice: moneyText(line.amountCents), description: `${line.description} (${detail})` };
}

/** The item name a line is booked to: time lines (and adjustments of time) to `timeItem`, the rest to `recurringItem`. */
export function itemFor(line: InvoiceLine, settings: ExportSettings): string {
  if (line.kind === 'time') return settings.timeItem;
  if (line.kind === 'adjustment' && line.source.timeEntryId !== undefined) return settings.timeItem;
  return settings.recurringItem;
}

/** The csv working file's Source / Source ID: which Autotask or local record a line came from. */
export function sourceOf(line: InvoiceLine): { source: string; id: string } {
  const s = line.source;
  let source = '';
  let id = '';
  if (s.timeEntryId !== undefined) [source, id] = ['TimeEntry', String(s.timeEntryId)];
  else if (s.unitRowId !== undefined) [source, id] = ['ContractServiceUnit', String(s.unitRowId)];
  else if (s.contractServiceId !== undefined) [source, id] = ['ContractService', String(s.contractServiceId)];
  else if (s.itemId !== undefined) [source, id] = ['Item', String(s.itemId)];
  else if (s.serviceId !== undefined) [source, id] = ['Service', String(s.serviceId)];
  if (s.correctsInvoice) source = source ? `${source} (corrects ${s.correctsInvoice})` : `corrects ${s.correctsInvoice}`;
  return { source, id };
}

/** Refuses a document whose invoice totals are not the sum of their lines (a file would then disagree with the run). */
export function assertTotals(doc: ExportDocument): void {
  for (const inv of doc.invoices) {
    const sum = inv.lines.reduce((acc, l) => acc + l.amountCents, 0);
    if (sum !== inv.totalCents) {
      throw new Error(`Invoice ${inv.invoiceNumber} totals ${moneyText(inv.totalCents)} but its lines add up to ${moneyText(sum)}`);
    }
  }
}

export type LineEnding = '\r\n' | '\n';

/**
 * Rows → CSV bytes: UTF-8 with a byte-order mark (docs/product-rules.md#accounting-exports), RFC 4180 quoting by csv-stringify. Cells are
 * written as given (callers decide about formula signs); any cell holding a delimiter, a quote, a CR, an LF
 * or a NUL is quoted. `quote_record_delimiter` is set explicitly because csv-stringify turns it off once a
 * record delimiter is chosen, which would leave a bare CR or LF in a cell unquoted.
 */
export function csvBytes(rows: ReadonlyArray<ReadonlyArray<string>>, eol: LineEnding): Buffer {
  const text = stringify(rows as string[][], {
    bom: true,
    record_delimiter: eol,
    quote_record_delimiter: true,
    quoted_match: /\u0000/,
    eof: true,
  });
  return Buffer.from(text, 'utf8');
}

/**
 * Splits invoices into files under a target's per-file limits, never splitting one invoice. An invoice
 * with more lines than a file may hold cannot be imported at all and comes back in `tooBig`.
 */
export function splitInvoices(invoices: readonly DocInvoice[], limits: { maxInvoices: number; maxRows?: number }): { chunks: DocInvoice[][]; tooBig: DocInvoice[] } {
  const chunks: DocInvoice[][] = [];
  const tooBig: DocInvoice[] = [];
  let current: DocInvoice[] = [];
  let rows = 0;
  for (const inv of invoices) {
    const n = inv.lines.length;
    if (limits.maxRows !== undefined && n > limits.maxRows) {
      tooBig.push(inv);
      continue;
    }
    const overRows = limits.maxRows !== undefined && rows + n > limits.maxRows;
    if (current.length > 0 && (current.length >= limits.maxInvoices || overRows)) {
      chunks.push(current);
      current = [];
      rows = 0;
    }
    current.push(inv);
    rows += n;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return { chunks, tooBig };
}

/** '' for one file, '-1', '-2'… when split. */
export function suffixFor(index: number, count: number): string {
  return count > 1 ? `-${index + 1}` : '';
}
