import path from 'node:path';
import { logExportFileName } from '../../shared/export-name';

// Pure (no 'electron' import): the save dialog's suggestion and the path it returns, made safe.

/** docs/product-rules.md#log-csv file name, in the Downloads folder (falls back to the home folder when there is none). */
export function suggestedExportPath(opts: { downloadsDir: string | null; homeDir: string; departmentId: string; now: Date }): string {
  return path.join(opts.downloadsDir || opts.homeDir, logExportFileName(opts.departmentId, opts.now));
}

/** The user may type a name without an extension: the file is a CSV either way. */
export function withCsvExtension(chosen: string): string {
  return path.extname(chosen).toLowerCase() === '.csv' ? chosen : `${chosen}.csv`;
}

export const EXPORT_DIALOG = {
  title: 'Export logs as CSV',
  buttonLabel: 'Export',
  filters: [
    { name: 'CSV files', extensions: ['csv'] },
    { name: 'All files', extensions: ['*'] },
  ],
} as const;
