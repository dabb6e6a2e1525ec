// The app's version has one source: package.json. The CLI's `--version` reads it here; the desktop app's
// About (app:info) gets the same number from Electron's app.getVersion(), which reads the same file;
// electron-builder names the installers after it.
import { version } from '../package.json';

export const APP_VERSION: string = version;
