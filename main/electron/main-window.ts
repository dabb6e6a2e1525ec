import { BrowserWindow, screen } from 'electron';
import { APP_START_URL } from './trusted-sender';
import { hardenWebContents } from './window-security';
import { clampToVisibleDisplay, MIN_SIZE, type WindowState } from './window-state-model';
import { readWindowState, writeWindowState } from './window-state-store';

export interface MainWindowOptions {
  preloadFile: string;
  stateFile: string;
  show: boolean;
  /** Decides what the close button does (hide to tray or really close). */
  onClose: (event: Electron.Event, window: BrowserWindow) => void;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays().filter((d) => d.id !== screen.getPrimaryDisplay().id)].map((d) => d.workArea);
  const placed = clampToVisibleDisplay(readWindowState(opts.stateFile), workAreas);
  const win = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Autotask Billing Sync',
    backgroundColor: '#f8fafc',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  hardenWebContents(win.webContents);
  if (placed.maximized) win.maximize();
  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });

  // Remember size and position (the normal bounds, also when maximized), written when they settle.
  let saveTimer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeWindowState(opts.stateFile, state);
    } catch {
      // a read-only profile folder: the window simply opens at the default place next time
    }
  };
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', saveSoon);
  win.on('close', (event) => {
    save();
    opts.onClose(event, win);
  });
  void win.loadURL(APP_START_URL);
  return win;
}

export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
