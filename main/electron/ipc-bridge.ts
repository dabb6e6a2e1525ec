import { ipcMain, type BrowserWindow } from 'electron';
import { API_CHANNELS, type ApiResult } from '../../shared/api-contract';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { isTrustedSender } from './trusted-sender';

const REFUSED: ApiResult<never> = { ok: false, error: { code: 'invalid-argument', message: 'Request refused: it did not come from the app window.' } };

/**
 * One ipcMain.handle per listed channel (nothing else is reachable), each checking that the message
 * came from the main window's top frame on app://app before the validated dispatch.
 */
export function registerIpc(handlers: Handlers, mainWindow: () => BrowserWindow | null): () => void {
  for (const channel of API_CHANNELS) {
    ipcMain.handle(channel, (event, arg: unknown) => {
      const win = mainWindow();
      const frame = event.senderFrame;
      const trusted = isTrustedSender({
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame.parent === null,
        fromMainWindow: win !== null && !win.isDestroyed() && event.sender.id === win.webContents.id,
      });
      if (!trusted) return REFUSED;
      return dispatch(handlers, channel, arg);
    });
  }
  return () => {
    for (const channel of API_CHANNELS) ipcMain.removeHandler(channel);
  };
}
