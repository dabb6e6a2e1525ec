import { app, dialog, type BrowserWindow } from 'electron';
import type { SaveBillingFiles } from '../api/billing-handlers';
import { saveExportFiles, suggestedName } from '../billing/export-files';
import { billingExportDialog, suggestedBillingPath } from './billing-export-dialog-model';

function downloadsDir(): string | null {
  try {
    return app.getPath('downloads');
  } catch {
    return null;
  }
}

/** CoreDeps.saveBillingFiles for the desktop: the native save dialog, then the safe file writer. */
export function createBillingSaveDialog(opts: { databaseFile: () => string; window: () => BrowserWindow | null }): SaveBillingFiles {
  return async (files, about) => {
    const first = files[0];
    if (!first) return { status: 'saved', files: [] };
    const options = {
      ...billingExportDialog({ format: about.format, extension: first.extension, draft: about.draft, files: files.length }),
      defaultPath: suggestedBillingPath({ downloadsDir: downloadsDir(), homeDir: app.getPath('home'), fileName: suggestedName(files) }),
    };
    const win = opts.window();
    const choice = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
    return { status: 'saved', files: await saveExportFiles(choice.filePath, files, opts.databaseFile()) };
  };
}
