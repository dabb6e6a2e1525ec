// Pure (no 'electron' import): the application menu. Electron's default menu offers reload and the
// developer tools to anyone; a packaged app keeps only what a bookkeeper needs (and Edit, so copy/paste
// shortcuts work on macOS).

export type MenuRole =
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize';

export type MenuEntry = { role: MenuRole } | { type: 'separator' };
export interface MenuSection {
  label: string;
  submenu: MenuEntry[];
}

const sep: MenuEntry = { type: 'separator' };

export function applicationMenu(platform: NodeJS.Platform, isPackaged: boolean): MenuSection[] {
  const mac = platform === 'darwin';
  const sections: MenuSection[] = [];
  if (mac)
    sections.push({ label: 'Autotask Billing Sync', submenu: [{ role: 'about' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }] });
  else sections.push({ label: 'File', submenu: [{ role: 'close' }, { role: 'quit' }] });
  sections.push({ label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] });
  const view: MenuEntry[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }];
  if (!isPackaged) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, sep);
  sections.push({ label: 'View', submenu: view });
  if (mac) sections.push({ label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] });
  return sections;
}
