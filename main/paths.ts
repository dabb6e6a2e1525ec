import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Autotask Billing Sync';

/**
 * The same folder Electron's `app.getPath('userData')` uses for this app, computed without Electron so the
 * CLI and the desktop app share one database by default.
 */
export function userDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  if (env.AUTOTASK_BILLING_SYNC_HOME) return env.AUTOTASK_BILLING_SYNC_HOME;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function defaultDatabaseFile(env: Record<string, string | undefined> = process.env): string {
  return path.join(userDataDir(env), 'billing.db');
}

export function backupDirFor(databaseFile: string): string {
  return path.join(path.dirname(path.resolve(databaseFile)), 'backups');
}
