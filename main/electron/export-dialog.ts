import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type Database from 'better-sqlite3';
import type { ExportResult, LogFilter } from '../../shared/domain';
import type { ItemFilter } from '../../shared/items';
import { itemExportFileName } from '../../shared/export-name';
import { exportLogsToFile } from '../export/log-csv';
import { exportItemsToFile } from '../export/item-csv';
import { EXPORT_DIALOG, suggestedExportPath, withCsvExtension } from './export-dialog-model';

function downloadsDir(): string | null {
  try {
    return app.getPath('downloads');
  } catch {
    return null;
  }
}

/** The native save dialog for a CSV, then `write` to the chosen file (".csv" added when missing). */
async function saveCsvWithDialog(
  win: BrowserWindow | null,
  about: { title: string; defaultPath: string },
  write: (file: string) => Promise<{ rows: number }>,
): Promise<ExportResult> {
  const options = {
    ...EXPORT_DIALOG,
    title: about.title,
    filters: EXPORT_DIALOG.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
    defaultPath: about.defaultPath,
  };
  const choice = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
  const file = withCsvExtension(choice.filePath);
  const { rows } = await write(file);
  return { status: 'saved', path: file, rows, fileName: path.basename(file) };
}

/** CoreDeps.exportLogs for the desktop: the native save dialog, then the streaming CSV writer. */
export function createDialogExport(opts: { sqlite: () => Database.Database; departmentId: () => string; window: () => BrowserWindow | null }) {
  return async (filter: LogFilter): Promise<ExportResult> => {
    const defaultPath = suggestedExportPath({ downloadsDir: downloadsDir(), homeDir: app.getPath('home'), departmentId: opts.departmentId(), now: new Date() });
    return saveCsvWithDialog(opts.window(), { title: EXPORT_DIALOG.title, defaultPath }, (file) => exportLogsToFile(opts.sqlite(), filter, file));
  };
}

/** CoreDeps.exportItems for the desktop (issue #14): the same dialog, then the Engineering Items CSV writer. */
export function createItemsDialogExport(opts: { sqlite: () => Database.Database; window: () => BrowserWindow | null }) {
  return async (filter: ItemFilter): Promise<ExportResult> => {
    const defaultPath = path.join(downloadsDir() || app.getPath('home'), itemExportFileName(new Date()));
    return saveCsvWithDialog(opts.window(), { title: 'Export engineering items as CSV', defaultPath }, (file) => exportItemsToFile(opts.sqlite(), filter, file));
  };
}
