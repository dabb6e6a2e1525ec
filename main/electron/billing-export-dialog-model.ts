import path from 'node:path';

// Pure (no 'electron' import): the save dialog for a billing export (docs/product-rules.md#accounting-exports). The dialog suggests the
// first file's name (docs/product-rules.md#accounting-exports) in the Downloads folder; a split export is saved next to the chosen name with
// its numbered suffixes (main/billing/export-files.ts).

export function suggestedBillingPath(opts: { downloadsDir: string | null; homeDir: string; fileName: string }): string {
  return path.join(opts.downloadsDir || opts.homeDir, opts.fileName);
}

export function billingExportDialog(opts: { format: string; extension: string; draft: boolean; files: number }) {
  const kind = opts.extension === 'iif' ? 'IIF files' : 'CSV files';
  return {
    title: `Export ${opts.draft ? 'draft ' : ''}billing (${opts.format})${opts.files > 1 ? ` — ${opts.files} numbered files` : ''}`,
    buttonLabel: 'Export',
    filters: [
      { name: kind, extensions: [opts.extension] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}
