// QuickBooks Online invoice import (reference/billing.md §1.2, docs/product-rules.md#accounting-exports): one row per line, rows sharing an
// invoice number form one invoice. Column names are the ones QBO's import wizard maps by itself (Intuit,
// "Import invoices in batches"). Names are written exactly (QBO needs an exact customer match), never
// formula-escaped.
// - At most 100 invoices and 1,000 rows (lines; the header row not counted) per file: larger months split
//   into numbered files, never splitting an invoice.
// - QBO imports no credit memos: an invoice whose total is below zero is left out and returned in
//   `leftOut` for entry by hand. A negative line inside a positive invoice is written as it is.
// - An invoice with more than 1,000 lines fits in no file QBO accepts; it is left out too, with that reason.
//
// Line endings: CRLF (RFC 4180). QBO's wizard is a web upload that also takes the file after the bookkeeper
// opened it in Excel, which writes CRLF; nothing in the reference asks for LF.
import type { ExportDocument, ExportOutput } from '../model';
import { csvBytes, exportDate, importLine, itemFor, moneyText, splitInvoices, suffixFor, type DocInvoice } from './common';
import { assertTotals } from './common';

export const QBO_HEADER = [
  'Invoice number',
  'Customer',
  'Invoice date',
  'Due date',
  'Terms',
  'Memo',
  'Item (Product/Service)',
  'Item Description',
  'Item Quantity',
  'Item Rate',
  'Item Amount',
  'Item tax code',
  'Service Date',
  'Currency',
] as const;

export const QBO_MAX_INVOICES = 100;
export const QBO_MAX_ROWS = 1000;

export function writeQbo(doc: ExportDocument): ExportOutput {
  assertTotals(doc);
  const s = doc.settings;
  const invoiceDate = exportDate(doc.invoiceDate, s.dateFormat);
  const dueDate = exportDate(doc.dueDate, s.dateFormat);
  const leftOut: ExportOutput['leftOut'] = [];
  const importable: DocInvoice[] = [];
  for (const inv of doc.invoices) {
    if (inv.totalCents < 0) {
      leftOut.push({
        invoiceNumber: inv.invoiceNumber,
        customer: inv.accountingName,
        totalCents: inv.totalCents,
        reason: 'QuickBooks Online cannot import a credit: enter it as a credit memo by hand',
      });
    } else importable.push(inv);
  }
  const { chunks, tooBig } = splitInvoices(importable, { maxInvoices: QBO_MAX_INVOICES, maxRows: QBO_MAX_ROWS });
  for (const inv of tooBig) {
    leftOut.push({
      invoiceNumber: inv.invoiceNumber,
      customer: inv.accountingName,
      totalCents: inv.totalCents,
      reason: `QuickBooks Online imports at most ${QBO_MAX_ROWS} lines per file and this invoice has ${inv.lines.length}: enter it by hand`,
    });
  }
  const files = chunks.map((invoices, i) => {
    const rows: string[][] = [[...QBO_HEADER]];
    for (const inv of invoices) {
      for (const line of inv.lines) {
        const l = importLine(line, s.dateFormat);
        rows.push([
          inv.invoiceNumber,
          inv.accountingName,
          invoiceDate,
          dueDate,
          // Terms must name a QBO terms list entry; the due date says it already.
          '',
          `Autotask ${doc.period.month}`,
          itemFor(line, s),
          l.description,
          l.quantity,
          l.unitPrice,
          moneyText(line.amountCents),
          s.taxType,
          exportDate(line.date, s.dateFormat),
          s.currency,
        ]);
      }
    }
    return {
      suffix: suffixFor(i, chunks.length),
      extension: 'csv' as const,
      bytes: csvBytes(rows, '\r\n'),
      invoices: invoices.length,
      rows: rows.length - 1,
    };
  });
  return { files, leftOut };
}
