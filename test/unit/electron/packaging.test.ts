import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { makeTempDir } from '../../helpers/temp-dir';
import { buildRenderer } from '../../e2e/harness/renderer-build';
import { desktopLayout } from '../../../main/electron/desktop-paths';
import { trayIconPng } from '../../../main/electron/tray-icon-png';

// electron-builder.yml is checked here as far as this offline machine allows: it parses, electron-builder's
// own schema validation accepts it, every path it names exists after a build, and the build has the
// layout the main process expects. Packaging itself needs Electron's download (electron.md §8).

const root = path.resolve(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
type Config = Record<string, any>;
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };

let out: { dir: string; cleanup: () => void };
beforeAll(async () => {
  out = makeTempDir('abs-package-');
  const { buildMain } = (await import(path.join(root, 'scripts', 'build-main.mjs'))) as { buildMain: (dir: string) => Promise<void> };
  await buildMain(path.join(out.dir, 'out'));
  // The same Vite build as `npm run build:renderer`, placed where out/renderer would be.
  fs.cpSync(await buildRenderer(), path.join(out.dir, 'out', 'renderer'), { recursive: true });
}, 180_000);
afterAll(() => out?.cleanup());

/** A file of the built project: out/** from this test's build, everything else from the repository. */
const built = (rel: string) => (rel === 'out' || rel.startsWith('out/') ? path.join(out.dir, rel) : path.join(root, rel));

describe('electron-builder.yml', () => {
  it('parses and targets AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Autotask Billing Sync');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true); // better-sqlite3 rebuilt for Electron at packaging time
    expect(config.publish).toBeNull();
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('is accepted by electron-builder’s own configuration validator', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig: (dir: string, file: string, extra: null) => Promise<Config>;
      validateConfiguration: (c: Config, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // And it would catch a mistake.
    await expect(validateConfiguration({ ...loaded, linx: {} }, new DebugLogger(false))).rejects.toThrow(/unknown property 'linx'/);
  });

  it('every path it names exists after the build', () => {
    const named: string[] = [config.directories.buildResources, config.linux.icon, config.win.icon, config.mac.icon, ...config.extraResources.map((r: { from: string }) => r.from)];
    for (const rel of named) expect(fs.existsSync(built(rel)), rel).toBe(true);
    // The include patterns of `files` (the excludes start with '!').
    for (const pattern of config.files.filter((f: string) => !f.startsWith('!'))) {
      const base = pattern.replace(/\/\*\*.*$/, '');
      expect(fs.existsSync(built(base)), pattern).toBe(true);
    }
    // The migrations the packaged app reads from resources/drizzle, passing the resource filter.
    const journal = JSON.parse(fs.readFileSync(path.join(root, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    for (const e of journal.entries) expect(fs.existsSync(path.join(root, 'drizzle', `${e.tag}.sql`)), e.tag).toBe(true);
    expect(config.extraResources[0]).toMatchObject({ from: 'drizzle', to: 'drizzle' });
    // package.json's main is the bundled Electron main process.
    expect(fs.existsSync(built(pkg.main))).toBe(true);
  });

  it('the built app has the layout the main process looks for', () => {
    const appRoot = out.dir;
    const layout = desktopLayout({ appRoot, mainBundleDir: path.dirname(built(pkg.main)), isPackaged: false, resourcesPath: '/nonexistent' });
    expect(fs.existsSync(layout.preloadFile)).toBe(true);
    expect(fs.existsSync(path.join(layout.rendererDir, 'index.html'))).toBe(true);
    const packaged = desktopLayout({
      appRoot: '/opt/app/resources/app.asar',
      mainBundleDir: '/opt/app/resources/app.asar/out/main',
      isPackaged: true,
      resourcesPath: '/opt/app/resources',
    });
    expect(packaged.migrationsFolder).toBe(path.join('/opt/app/resources', config.extraResources[0].to));
  });

  it('the built preload is CommonJS: a plain script that only requires electron', () => {
    const code = fs.readFileSync(built('out/preload/index.cjs'), 'utf8');
    expect(() => new vm.Script(code, { filename: 'index.cjs' })).not.toThrow(); // ESM syntax would not compile
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]))).toEqual(new Set(['electron']));
  });

  it('ships the app icon drawn by the same code as the tray icon', () => {
    const icon = fs.readFileSync(path.join(root, 'build', 'icon.png'));
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.equals(trayIconPng('idle', 512))).toBe(true);
  });
});
