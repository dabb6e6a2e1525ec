// The billing `csv` working file (docs/product-rules.md#accounting-exports): one row per invoice line, for the bookkeeper's spreadsheet.
// It is the only file that carries the service number (the contract line's internal description).
// Formula-safe: every text cell goes through main/export/spreadsheet-cell.ts `neutraliseCell` (a cell
// starting with = + - @, a tab, CR or NUL gets a leading '), while numeric cells (quantity, money, company
// id) are written as plain numbers and stay numbers, negative ones included.
//
// Line endings: CRLF. The file is opened in Excel (mostly on Windows) or LibreOffice, both of which read
// either; CRLF is RFC 4180's record separator and keeps the file intact in Windows tools that show a
// bare LF as one long line. Embedded CR/LF inside a description are quoted, so they never end a row.
import { neutraliseCell } from '../../export/spreadsheet-cell';
import type { ExportDocument, ExportOutput } from '../model';
import { csvBytes, exportDate, moneyText, parseDecimal, sourceOf } from './common';
import { assertTotals } from './common';

export const CSV_HEADER = [
  'Invoice Number',
  'Customer',
  'Invoice Date',
  'Due Date',
  'Line Type',
  'Description',
  'Service Number',
  'Quantity',
  'Unit Price',
  'Amount',
  'Currency',
  'Autotask Company ID',
  'Source',
  'Source ID',
] as const;

const text = (v: string | null | undefined): string => neutraliseCell(v ?? '');

/** A quantity is numeric text already; anything else is treated as text (and neutralised). */
const quantityCell = (q: string): string => (parseDecimal(q) ? q.trim() : text(q));

export function writeCsv(doc: ExportDocument): ExportOutput {
  assertTotals(doc);
  const s = doc.settings;
  const invoiceDate = text(exportDate(doc.invoiceDate, s.dateFormat));
  const dueDate = text(exportDate(doc.dueDate, s.dateFormat));
  const rows: string[][] = [[...CSV_HEADER]];
  for (const inv of doc.invoices) {
    for (const line of inv.lines) {
      const src = sourceOf(line);
      rows.push([
        text(inv.invoiceNumber),
        text(inv.accountingName),
        invoiceDate,
        dueDate,
        text(line.kind),
        text(line.description),
        text(line.serviceNum),
        quantityCell(line.quantity),
        moneyText(line.unitPriceCents),
        moneyText(line.amountCents),
        text(s.currency),
        String(inv.autotaskCompanyId),
        text(src.source),
        src.id,
      ]);
    }
  }
  return {
    files: [{ suffix: '', extension: 'csv', bytes: csvBytes(rows, '\r\n'), invoices: doc.invoices.length, rows: rows.length - 1 }],
    leftOut: [],
  };
}
