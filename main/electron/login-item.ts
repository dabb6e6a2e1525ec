import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { autostartDesktopEntry, autostartExecutable, autostartFilePath, autostartPlan } from './autostart-entry';
import { HIDDEN_FLAG } from './lifecycle-model';

/**
 * "Launch at login": the OS login item on macOS/Windows, an XDG autostart entry on Linux. A packaged
 * app only — a development build would register the bare Electron binary.
 */
export function applyLaunchAtLogin(enabled: boolean): void {
  if (!app.isPackaged) return;
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  const file = autostartFilePath(process.env, os.homedir());
  let current: string | null = null;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  const wanted = autostartDesktopEntry({ executable: autostartExecutable(process.execPath, process.env), icon: 'autotask-billing-sync' });
  const plan = autostartPlan(enabled, current, wanted);
  if (plan.action === 'write') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, plan.content, { mode: 0o644 });
  } else if (plan.action === 'remove') {
    fs.rmSync(file, { force: true });
  }
}

export function openedAtLogin(): boolean {
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
