import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clampToVisibleDisplay, DEFAULT_SIZE, parseWindowState, type Rect } from '../../../main/electron/window-state-model';
import { readWindowState, writeWindowState } from '../../../main/electron/window-state-store';
import { decideOnClose, startsHidden } from '../../../main/electron/lifecycle-model';
import { applicationMenu } from '../../../main/electron/app-menu-model';
import { makeTempDir } from '../../helpers/temp-dir';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 900 - 25 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('window state', () => {
  it('keeps a saved position that is on a current display', () => {
    const saved = { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: false };
    expect(clampToVisibleDisplay(saved, [laptop, external])).toEqual(saved);
    const onExternal = { bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, maximized: true };
    expect(clampToVisibleDisplay(onExternal, [laptop, external])).toEqual(onExternal);
  });

  it('moves a window left on an unplugged monitor back to the primary display', () => {
    const onExternal = { bounds: { x: 2000, y: 200, width: 1600, height: 1000 }, maximized: false };
    const placed = clampToVisibleDisplay(onExternal, [laptop]);
    expect(placed.bounds).toEqual({ x: 120, y: 38, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
  });

  it('pulls a window that sticks out back inside and shrinks one larger than the display', () => {
    const half = clampToVisibleDisplay({ bounds: { x: 1000, y: 600, width: 1000, height: 700 }, maximized: false }, [laptop]);
    expect(half.bounds).toEqual({ x: 440, y: 175, width: 1000, height: 700 });
    const huge = clampToVisibleDisplay({ bounds: { x: 0, y: 0, width: 4000, height: 3000 }, maximized: false }, [laptop]);
    expect(huge.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('never trusts a title bar above the screen or a tiny sliver', () => {
    expect(clampToVisibleDisplay({ bounds: { x: 100, y: -600, width: 1000, height: 700 }, maximized: false }, [laptop]).bounds.y).toBeGreaterThanOrEqual(0);
    expect(clampToVisibleDisplay({ bounds: { x: 1430, y: 100, width: 1000, height: 700 }, maximized: false }, [laptop]).bounds).toEqual({
      x: 120,
      y: 38,
      width: 1200,
      height: 800,
    });
  });

  it('parses only sane saved JSON, and round-trips through the file', () => {
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState({ bounds: { x: 'a', y: 0, width: 1, height: 1 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 0, height: 10 } })).toBeNull();
    const t = makeTempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'state', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: true });
    expect(readWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: true });
  });
});

describe('close to tray', () => {
  const f = { closeToTray: true, closeToTrayAnnounced: false, quitting: false, trayAvailable: true };
  it('hides instead of closing, announcing it the first time only', () => {
    expect(decideOnClose(f)).toEqual({ action: 'hide', announce: true });
    expect(decideOnClose({ ...f, closeToTrayAnnounced: true })).toEqual({ action: 'hide', announce: false });
  });
  it('really closes when quitting, when the setting is off, or without a tray', () => {
    expect(decideOnClose({ ...f, quitting: true })).toEqual({ action: 'close' });
    expect(decideOnClose({ ...f, closeToTray: false })).toEqual({ action: 'close' });
    expect(decideOnClose({ ...f, trayAvailable: false })).toEqual({ action: 'close' });
  });
  it('starts hidden when launched at login', () => {
    expect(startsHidden(['/opt/app/autotask-billing-sync', '--hidden'], false)).toBe(true);
    expect(startsHidden(['/opt/app/autotask-billing-sync'], true)).toBe(true);
    expect(startsHidden(['/opt/app/autotask-billing-sync'], false)).toBe(false);
  });
});

describe('application menu', () => {
  const roles = (sections: ReturnType<typeof applicationMenu>) => sections.flatMap((s) => s.submenu.flatMap((e) => ('role' in e ? [e.role] : [])));
  it('a packaged app has no reload or developer tools', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const r = roles(applicationMenu(platform, true));
      expect(r, platform).not.toContain('toggleDevTools');
      expect(r, platform).not.toContain('reload');
      expect(r, platform).toContain('copy');
      expect(r, platform).toContain('quit');
    }
    expect(roles(applicationMenu('linux', false))).toContain('toggleDevTools');
    expect(applicationMenu('darwin', true).map((s) => s.label)).toEqual(['Autotask Billing Sync', 'Edit', 'View', 'Window']);
  });
});
