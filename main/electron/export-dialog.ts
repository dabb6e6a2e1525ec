import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type Database from 'better-sqlite3';
import type { ExportResult, LogFilter } from '../../shared/domain';
import { exportLogsToFile } from '../export/log-csv';
import { EXPORT_DIALOG, suggestedExportPath, withCsvExtension } from './export-dialog-model';

function downloadsDir(): string | null {
  try {
    return app.getPath('downloads');
  } catch {
    return null;
  }
}

/** CoreDeps.exportLogs for the desktop: the native save dialog, then the streaming CSV writer. */
export function createDialogExport(opts: { sqlite: () => Database.Database; departmentId: () => string; window: () => BrowserWindow | null }) {
  return async (filter: LogFilter): Promise<ExportResult> => {
    const defaultPath = suggestedExportPath({ downloadsDir: downloadsDir(), homeDir: app.getPath('home'), departmentId: opts.departmentId(), now: new Date() });
    const options = { ...EXPORT_DIALOG, filters: EXPORT_DIALOG.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })), defaultPath };
    const win = opts.window();
    const choice = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
    const file = withCsvExtension(choice.filePath);
    const { rows } = await exportLogsToFile(opts.sqlite(), filter, file);
    return { status: 'saved', path: file, rows, fileName: path.basename(file) };
  };
}
