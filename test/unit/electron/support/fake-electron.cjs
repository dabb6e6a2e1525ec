// A stand-in for the 'electron' module, so the BUILT main bundle (out/main/electron.cjs) can run in plain
// Node where the Electron binary is absent. Loaded with `node --require`; it answers require('electron')
// with recording fakes, runs the app, then plays a scenario and prints one JSON report on stdout.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const path = require('node:path');

const rec = {
  schemes: null,
  protocolHandler: null,
  permissionRequest: null,
  permissionCheck: null,
  ipc: new Map(),
  windows: [],
  trays: [],
  notifications: [],
  saveDialogs: [],
  loginItems: [],
  powerListeners: {},
  appListeners: {},
  quitCalled: 0,
  openedExternally: [],
};
let readyResolve;
const ready = new Promise((r) => (readyResolve = r));

class FakeWebContents extends EventEmitter {
  constructor(id) {
    super();
    this.id = id;
    this.sent = [];
    this.url = '';
    this.windowOpenHandler = null;
    this.mainFrame = { url: '', parent: null };
  }
  send(channel, payload) {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return this.url;
  }
}

let nextId = 1;
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents(nextId++);
    this.visible = false;
    this.destroyed = false;
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
    rec.windows.push(this);
    setImmediate(() => this.emit('ready-to-show'));
  }
  loadURL(url) {
    this.loadedUrl = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return this.bounds;
  }
  /** What the close button does: emits 'close'; closes unless a listener prevented it. */
  userClose() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
    return prevented;
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.menu = null;
    this.destroyed = false;
    rec.trays.push(this);
  }
  setToolTip(t) {
    this.tooltip = t;
  }
  setContextMenu(m) {
    this.menu = m;
  }
  setImage(i) {
    this.image = i;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(opts) {
    super();
    this.opts = opts;
  }
  show() {
    rec.notifications.push(this);
  }
}

const userDataOverride = { value: null };
const fake = {
  app: {
    isPackaged: false,
    getAppPath: () => process.env.FAKE_APP_ROOT,
    getVersion: () => '0.0.0-smoke',
    getPath: (name) => (name === 'userData' ? userDataOverride.value : path.join(process.env.FAKE_HOME, name === 'downloads' ? 'Downloads' : name)),
    setPath: (name, value) => {
      if (name === 'userData') userDataOverride.value = value;
    },
    setAppUserModelId: () => {},
    requestSingleInstanceLock: () => true,
    whenReady: () => {
      setImmediate(() => readyResolve());
      return ready;
    },
    on: (event, fn) => {
      (rec.appListeners[event] ??= []).push(fn);
    },
    quit: () => {
      rec.quitCalled++;
      for (const fn of rec.appListeners['before-quit'] ?? []) fn({ preventDefault() {} });
      for (const w of rec.windows) if (!w.destroyed) w.userClose();
      for (const fn of rec.appListeners['will-quit'] ?? []) fn({ preventDefault() {} });
    },
    exit: (code) => {
      rec.exitCode = code;
    },
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setLoginItemSettings: (s) => rec.loginItems.push(s),
  },
  protocol: {
    registerSchemesAsPrivileged: (s) => {
      rec.schemes = s;
    },
    handle: (scheme, fn) => {
      rec.protocolHandler = { scheme, fn };
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn) => {
        rec.permissionRequest = fn;
      },
      setPermissionCheckHandler: (fn) => {
        rec.permissionCheck = fn;
      },
    },
  },
  ipcMain: {
    handle: (channel, fn) => rec.ipc.set(channel, fn),
    removeHandler: (channel) => rec.ipc.delete(channel),
  },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
  },
  BrowserWindow,
  Tray,
  Notification,
  // A built menu is its template here; `items` as on Electron's Menu (the end-to-end hook reads it).
  Menu: {
    buildFromTemplate: (t) => Object.assign([...t], { items: t }),
    setApplicationMenu: (m) => {
      rec.appMenu = m;
    },
  },
  nativeImage: { createFromBuffer: (buf) => ({ size: buf.length }) },
  dialog: {
    showSaveDialog: async (win, opts) => {
      const o = opts ?? win;
      rec.saveDialogs.push(o.defaultPath);
      return { canceled: false, filePath: path.join(process.env.FAKE_HOME, 'chosen-export') };
    },
    showErrorBox: (title, message) => {
      rec.errorBox = `${title}: ${message}`;
    },
  },
  powerMonitor: {
    on: (event, fn) => {
      (rec.powerListeners[event] ??= []).push(fn);
    },
  },
  powerSaveBlocker: { start: () => 1, stop: () => {} },
  shell: {
    openExternal: async (url) => {
      rec.openedExternally.push(url);
    },
  },
};

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'electron') return fake;
  return originalLoad.call(this, request, parent, isMain);
};

const tick = (ms) => new Promise((r) => setTimeout(r, ms));

async function scenario() {
  await ready;
  await tick(600); // DesktopApp.start ran; the tray refresh (250 ms debounce) has happened
  const report = {};
  const win = rec.windows[0];
  report.schemes = rec.schemes;
  report.webPreferences = win && { ...win.options.webPreferences, preload: path.basename(win.options.webPreferences.preload) };
  report.preloadExists = win ? require('node:fs').existsSync(win.options.webPreferences.preload) : false;
  report.loadedUrl = win && win.loadedUrl;
  report.visible = win && win.visible;

  const call = async (url) => {
    const res = await rec.protocolHandler.fn(new Request(url));
    return { status: res.status, csp: res.headers.get('content-security-policy'), type: res.headers.get('content-type'), start: (await res.text()).slice(0, 15) };
  };
  report.protocol = {
    scheme: rec.protocolHandler && rec.protocolHandler.scheme,
    index: await call('app://app/index.html'),
    traversal: await call('app://app/..%2f..%2fpackage.json'),
    otherHost: await call('app://evil/index.html'),
    missing: await call('app://app/nope.js'),
  };

  report.channels = [...rec.ipc.keys()].sort();
  const trusted = { sender: win.webContents, senderFrame: { url: 'app://app/index.html', parent: null } };
  const iframe = { sender: win.webContents, senderFrame: { url: 'app://app/index.html', parent: {} } };
  const foreign = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
  const other = { sender: new FakeWebContents(999), senderFrame: { url: 'app://app/index.html', parent: null } };
  const info = rec.ipc.get('app:info');
  report.ipc = {
    trusted: await info(trusted, undefined),
    iframe: await info(iframe, undefined),
    foreign: await info(foreign, undefined),
    otherWindow: await info(other, undefined),
    badArg: await rec.ipc.get('logs:get')(trusted, { id: 'x' }),
  };
  const exported = await rec.ipc.get('logs:export')(trusted, {});
  report.export = { result: exported, suggested: rec.saveDialogs.map((p) => path.basename(path.dirname(p)) + '/' + path.basename(p).replace(/_\d{8}_\d{6}/, '_STAMP')) };
  if (exported.ok && exported.value.status === 'saved') report.export.firstLine = require('node:fs').readFileSync(exported.value.path, 'utf8').split(/\r?\n/)[0];
  // No D-Bus session here, so the keychain reports its problem instead of the demo starting.
  report.demo = await rec.ipc.get('demo:enable')(trusted, undefined);

  report.permissions = {
    media: await new Promise((r) => rec.permissionRequest(win.webContents, 'media', r, {})),
    notifications: rec.permissionCheck(win.webContents, 'notifications', 'app://app', {}),
  };
  report.windowOpen = win.webContents.windowOpenHandler({ url: 'https://example.com/help' });
  report.openedExternally = rec.openedExternally;
  let navPrevented = false;
  win.webContents.emit('will-navigate', { preventDefault: () => (navPrevented = true) }, 'https://evil.example/');
  report.navigationPrevented = navPrevented;

  const tray = rec.trays[0];
  report.tray = tray && { tooltip: tray.tooltip, labels: (tray.menu ?? []).map((i) => (i.type === 'separator' ? '—' : `${i.label}${i.enabled === false ? ' [off]' : ''}`)) };
  report.powerListeners = Object.keys(rec.powerListeners).sort();
  report.appMenu = (rec.appMenu ?? []).map((s) => s.label);

  // The end-to-end test hook (main/electron/e2e-hook.ts): only present with AUTOTASK_BILLING_SYNC_E2E=1.
  const probe = globalThis.__autotaskBillingSyncE2E;
  report.e2eProbe = probe
    ? {
        databaseFile: path.basename(probe.databaseFile),
        keychainService: probe.keychainService,
        tray: probe.trayMenu(),
        tooltip: probe.trayTooltip(),
        scheduler: probe.scheduler(),
        clickDisabled: probe.clickTrayItem('Sync contracts now (set up credentials first)'),
        clickMissing: probe.clickTrayItem('No such item'),
      }
    : null;

  // Close button: hides to the tray and announces it once.
  const firstClose = win.userClose();
  const secondClose = win.userClose();
  report.close = { firstPrevented: firstClose, secondPrevented: secondClose, visible: win.visible, notifications: rec.notifications.map((n) => n.opts.title) };
  const settings = await rec.ipc.get('settings:get')(trusted, undefined);
  report.closeToTrayAnnounced = settings.ok && settings.value.closeToTrayAnnounced;

  // Pause from the tray menu: the setting flips and the renderer hears about it.
  const pause = (tray.menu ?? []).find((i) => i.label === 'Pause scheduled syncs');
  if (probe) report.e2eProbe.clickPause = probe.clickTrayItem('Pause scheduled syncs');
  else pause.click();
  await tick(400);
  const after = await rec.ipc.get('settings:get')(trusted, undefined);
  report.pausedFromTray = after.ok && after.value.schedulePaused;
  report.rendererHeard = win.webContents.sent.map((s) => s.channel);
  report.trayAfterPause = rec.trays[0].menu.filter((i) => i.type === 'checkbox').map((i) => ({ label: i.label, checked: i.checked }));

  // Quit from the tray: the window really closes this time.
  const quit = rec.trays[0].menu.find((i) => i.label === 'Quit Autotask Billing Sync');
  quit.click();
  await tick(50);
  report.quit = { quitCalled: rec.quitCalled, windowDestroyed: win.destroyed, trayDestroyed: tray.destroyed };
  report.errorBox = rec.errorBox ?? null;
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
  process.exit(0);
}

scenario().catch((e) => {
  process.stdout.write(`REPORT ${JSON.stringify({ crashed: String((e && e.stack) || e) })}\n`);
  process.exit(1);
});
