// Electron main process: the thin shell around the Electron-free core. Only main/electron/** and
// preload/** may import 'electron' (checked by `npm run lint`).
import path from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import { openDatabase } from '../db/open-database';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { API_CHANNELS, type Events } from '../../shared/api-contract';
import { createKeychainSecretStore } from '../secrets/keychain-store';
import { isTrustedSenderUrl } from './trusted-sender';

const appRoot = app.getAppPath();
const migrationsFolder = app.isPackaged ? path.join(process.resourcesPath, 'drizzle') : path.join(appRoot, 'drizzle');
const rendererIndex = path.join(appRoot, 'out', 'renderer', 'index.html');

let mainWindow: BrowserWindow | null = null;

function emit<K extends keyof Events>(channel: K, payload: Events[K]): void {
  mainWindow?.webContents.send(channel, payload);
}

async function start(): Promise<void> {
  await app.whenReady();
  const database = openDatabase(path.join(app.getPath('userData'), 'billing.db'), {
    migrationsFolder,
    // Set by scripts/start.mjs in development: better-sqlite3 compiled for Electron's ABI, kept apart from
    // the Node build that the tests use. A packaged app has it rebuilt in place by electron-builder.
    nativeBinding: process.env.BETTER_SQLITE3_ELECTRON_BINDING || undefined,
  });
  const handlers = createHandlers({
    database,
    secrets: createKeychainSecretStore(),
    env: process.env,
    mode: 'electron',
    demo: false,
    version: app.getVersion(),
    now: () => new Date(),
    emit,
  });
  for (const channel of API_CHANNELS) {
    ipcMain.handle(channel, (event, arg) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'invalid-argument', message: 'Request refused: it did not come from the app window.' } };
      }
      return dispatch(handlers, channel, arg);
    });
  }
  mainWindow = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Autotask Billing Sync',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  await mainWindow.loadFile(rendererIndex);
  app.on('window-all-closed', () => {
    database.close();
    app.quit();
  });
}

start().catch((error: unknown) => {
  console.error('Autotask Billing Sync could not start:', error instanceof Error ? error.message : error);
  app.exit(1);
});
