// Electron main process: the thin shell around the Electron-free core. Only main/electron/** and
// preload/** may import 'electron' (checked by `npm run lint`). This file only boots: one instance,
// the app:// scheme, the paths, then DesktopApp wires everything.
import { app, dialog } from 'electron';
import { userDataDir } from '../paths';
import { registerAppScheme } from './app-protocol';
import { DesktopApp } from './desktop-app';
import { startsHidden } from './lifecycle-model';
import { openedAtLogin } from './login-item';
import { desktopLayout } from './desktop-paths';

// Same folder as the CLI's default database (main/paths.ts), including its AUTOTASK_BILLING_SYNC_HOME override.
app.setPath('userData', userDataDir(process.env));
if (process.platform === 'win32') app.setAppUserModelId('com.example.autotask-billing-sync');
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // A second start (double click while it runs in the tray) shows the first instance instead.
  app.quit();
} else {
  const layout = desktopLayout({ appRoot: app.getAppPath(), mainBundleDir: __dirname, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });
  const desktop = new DesktopApp({ ...layout, userData: app.getPath('userData') });

  app.on('second-instance', () => desktop.showDashboard());
  app.on('activate', () => desktop.showDashboard());
  app.on('before-quit', () => desktop.prepareQuit());
  app.on('will-quit', () => desktop.shutdown());
  // With close-to-tray off (or no tray) the last window closing ends the app, schedule included.
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(() => desktop.start({ startHidden: startsHidden(process.argv, openedAtLogin()) }))
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('Autotask Billing Sync could not start:', message);
      dialog.showErrorBox('Autotask Billing Sync could not start', message);
      app.exit(1);
    });
}
