// Xero sales-invoice import (reference/billing.md §1.1, docs/product-rules.md#accounting-exports): the newer 29-column template, one row per
// line, every row of an invoice repeating its number, contact and dates, every starred column filled.
// Names are written exactly as they are (Xero matches contacts, account codes and tax rates character for
// character), so nothing here is formula-escaped. At most 500 invoices per file; larger months split.
//
// Line endings: CRLF. Xero's importer is a web upload that reads either; CRLF is RFC 4180's record
// separator and what Excel writes when the bookkeeper opens and re-saves the template on Windows, so a file
// that passes through Excel keeps the same bytes per row. (No reference pins Xero to one or the other.)
import type { ExportDocument, ExportOutput } from '../model';
import { csvBytes, exportDate, importLine, splitInvoices, suffixFor } from './common';
import { assertTotals } from './common';

export const XERO_HEADER = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'Total',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TaxAmount',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const;

export const XERO_MAX_INVOICES = 500;

export function writeXero(doc: ExportDocument): ExportOutput {
  assertTotals(doc);
  const s = doc.settings;
  const invoiceDate = exportDate(doc.invoiceDate, s.dateFormat);
  const dueDate = exportDate(doc.dueDate, s.dateFormat);
  const { chunks } = splitInvoices(doc.invoices, { maxInvoices: XERO_MAX_INVOICES });
  const files = chunks.map((invoices, i) => {
    const rows: string[][] = [[...XERO_HEADER]];
    for (const inv of invoices) {
      for (const line of inv.lines) {
        const l = importLine(line, s.dateFormat);
        const row: Record<(typeof XERO_HEADER)[number], string> = {
          '*ContactName': inv.accountingName,
          EmailAddress: '',
          POAddressLine1: '',
          POAddressLine2: '',
          POAddressLine3: '',
          POAddressLine4: '',
          POCity: '',
          PORegion: '',
          POPostalCode: '',
          POCountry: '',
          '*InvoiceNumber': inv.invoiceNumber,
          Reference: `Autotask ${doc.period.month}`,
          '*InvoiceDate': invoiceDate,
          '*DueDate': dueDate,
          // Xero computes Total and TaxAmount itself from Quantity, UnitAmount and TaxType.
          Total: '',
          // Item codes must already exist in Xero (case-sensitive); the account code books the line instead.
          InventoryItemCode: '',
          '*Description': l.description,
          '*Quantity': l.quantity,
          '*UnitAmount': l.unitPrice,
          Discount: '',
          '*AccountCode': s.incomeAccount,
          '*TaxType': s.taxType,
          TaxAmount: '',
          TrackingName1: '',
          TrackingOption1: '',
          TrackingName2: '',
          TrackingOption2: '',
          Currency: s.currency,
          BrandingTheme: '',
        };
        rows.push(XERO_HEADER.map((h) => row[h]));
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
  return { files, leftOut: [] };
}
