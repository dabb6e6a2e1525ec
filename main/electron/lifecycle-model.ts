// Pure (no 'electron' import): what closing the window means, and how the app was started.

export interface CloseFacts {
  closeToTray: boolean;
  closeToTrayAnnounced: boolean;
  /** Quit was chosen (tray "Quit", app menu, OS shutdown): the window really closes. */
  quitting: boolean;
  /** A tray icon exists (some Linux desktops have no tray; then hiding would lose the window). */
  trayAvailable: boolean;
}

export type CloseDecision = { action: 'close' } | { action: 'hide'; announce: boolean };

export function decideOnClose(f: CloseFacts): CloseDecision {
  if (f.quitting || !f.closeToTray || !f.trayAvailable) return { action: 'close' };
  return { action: 'hide', announce: !f.closeToTrayAnnounced };
}

export const CLOSE_TO_TRAY_NOTICE = {
  title: 'Autotask Billing Sync is still running',
  body: 'The app keeps running in the tray so scheduled syncs happen. Use the tray icon to open it again or to quit. You can change this in Configuration.',
} as const;

/** The command-line flag autostart entries pass, so a login start goes to the tray without a window. */
export const HIDDEN_FLAG = '--hidden';

export function startsHidden(argv: readonly string[], openedAtLogin: boolean): boolean {
  return openedAtLogin || argv.includes(HIDDEN_FLAG);
}
