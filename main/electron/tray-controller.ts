import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { buildTrayModel, type TrayAction, type TrayMenuItem, type TrayState } from './tray-menu-model';
import { trayIconPng, type TrayIconState } from './tray-icon-png';

export interface TrayController {
  update(state: TrayState): void;
  destroy(): void;
  /** The context menu last set and the tooltip (read by the end-to-end test hook). */
  menu(): Electron.Menu | null;
  tooltip(): string;
}

function menuItem(item: TrayMenuItem, onAction: (a: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'info':
      return { label: item.label, enabled: false };
    case 'checkbox':
      return { label: item.label, type: 'checkbox', checked: item.checked, enabled: item.enabled, click: () => onAction(item.id) };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => onAction(item.id) };
  }
}

/** The tray icon; the pure model decides labels, enabled states, tooltip and icon colour. */
export function createTrayController(onAction: (action: TrayAction) => void, onClick: () => void): TrayController {
  const icons = new Map<TrayIconState, Electron.NativeImage>();
  const icon = (s: TrayIconState) => {
    let img = icons.get(s);
    if (!img) {
      img = nativeImage.createFromBuffer(trayIconPng(s, 32), { scaleFactor: 2 });
      icons.set(s, img);
    }
    return img;
  };
  const tray = new Tray(icon('idle'));
  tray.setToolTip('Autotask Billing Sync');
  // Windows and most Linux trays open the menu on right-click; a left click opens the window.
  tray.on('click', onClick);
  let lastIcon: TrayIconState = 'idle';
  let lastMenu: Electron.Menu | null = null;
  let lastTooltip = 'Autotask Billing Sync';
  return {
    update(state) {
      if (tray.isDestroyed()) return;
      const model = buildTrayModel(state);
      lastMenu = Menu.buildFromTemplate(model.items.map((i) => menuItem(i, onAction)));
      tray.setContextMenu(lastMenu);
      tray.setToolTip(model.tooltip);
      lastTooltip = model.tooltip;
      if (model.icon !== lastIcon) {
        tray.setImage(icon(model.icon));
        lastIcon = model.icon;
      }
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
    menu: () => (tray.isDestroyed() ? null : lastMenu),
    tooltip: () => lastTooltip,
  };
}
