// The accounting export writers (docs/product-rules.md#accounting-exports, issue #19): one pure function per format over the one invoice
// document model, the settings each format requires, and the names of the files they produce.
import type { BillingExportFormat } from '../../../shared/settings';
import type { ExportWriter } from '../model';
import { writeCsv } from './csv';
import { writeIif } from './iif';
import { writeQbo } from './qbo';
import { writeXero } from './xero';

export { requiredSettings } from './requirements';

export const exportWriters: Record<BillingExportFormat, ExportWriter> = {
  csv: writeCsv,
  xero: writeXero,
  qbo: writeQbo,
  iif: writeIif,
};

/**
 * `invoices-2026-11-xero.csv`, or `invoices-2026-11-qbo-2.csv` for the second file of a split export.
 * The parts are checked so nothing but a plain file name can come out of it.
 */
export function exportFileName(period: string, format: BillingExportFormat, suffix: string, ext: 'csv' | 'iif'): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new Error(`Billing period must be YYYY-MM, got ${JSON.stringify(period)}`);
  if (!(format in exportWriters)) throw new Error(`Unknown export format ${JSON.stringify(format)}`);
  if (!/^(-[1-9]\d{0,3})?$/.test(suffix)) throw new Error(`File suffix must be '' or -N, got ${JSON.stringify(suffix)}`);
  if (ext !== 'csv' && ext !== 'iif') throw new Error(`File extension must be csv or iif, got ${JSON.stringify(ext)}`);
  return `invoices-${period}-${format}${suffix}.${ext}`;
}
