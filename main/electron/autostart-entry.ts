import path from 'node:path';
import { HIDDEN_FLAG } from './lifecycle-model';

// Pure (no 'electron' import): "launch at login" on Linux is an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/<id>.desktop, Desktop Entry Specification 1.5); macOS and Windows use
// app.setLoginItemSettings instead.

export const AUTOSTART_FILE_NAME = 'autotask-billing-sync.desktop';

export function autostartFilePath(env: Record<string, string | undefined>, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * The program to start. An AppImage runs from a temporary mount that changes on every start, so the
 * entry must name the .AppImage file itself ($APPIMAGE), not process.execPath.
 */
export function autostartExecutable(execPath: string, env: Record<string, string | undefined>): string {
  return env.APPIMAGE && path.isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath;
}

/** Quotes one Exec argument (spec: "Exec key"), then escapes it as a desktop-file string value. */
export function quoteExecArgument(arg: string): string {
  // Reserved characters force quoting; inside quotes, " ` $ \ are backslash-escaped.
  const needsQuotes = arg === '' || /[\s"'\\><~|&;$*?#()`]/.test(arg);
  let quoted = needsQuotes ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  // A literal % must be written %% (field codes), and the string value escaping doubles backslashes.
  quoted = quoted.replace(/%/g, '%%');
  return quoted.replace(/\\/g, '\\\\');
}

function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export interface AutostartEntryOptions {
  executable: string;
  name?: string;
  comment?: string;
  icon?: string;
}

export function autostartDesktopEntry(opts: AutostartEntryOptions): string {
  const exec = [opts.executable, HIDDEN_FLAG].map(quoteExecArgument).join(' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${escapeValue(opts.name ?? 'Autotask Billing Sync')}`,
    `Comment=${escapeValue(opts.comment ?? 'Runs the daily Autotask billing sync from the tray')}`,
    `Exec=${exec}`,
    ...(opts.icon ? [`Icon=${escapeValue(opts.icon)}`] : []),
    'Terminal=false',
    'Categories=Office;Finance;',
    'X-GNOME-Autostart-enabled=true',
    'X-GNOME-Autostart-Delay=10',
  ];
  return `${lines.join('\n')}\n`;
}

/** What to do to the file system to reach the wanted state (kept pure so the decision is tested). */
export function autostartPlan(enabled: boolean, current: string | null, wanted: string): { action: 'write'; content: string } | { action: 'remove' } | { action: 'none' } {
  if (enabled) return current === wanted ? { action: 'none' } : { action: 'write', content: wanted };
  return current === null ? { action: 'none' } : { action: 'remove' };
}
