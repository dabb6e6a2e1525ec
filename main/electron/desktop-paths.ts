import path from 'node:path';

// Pure (no 'electron' import): where the packaged or development app finds its parts. The packaging
// test checks these against a real build and electron-builder.yml's layout.

export interface DesktopLayout {
  migrationsFolder: string;
  rendererDir: string;
  preloadFile: string;
}

/**
 * @param appRoot app.getAppPath(): the repo in development, `resources/app.asar` when packaged
 * @param mainBundleDir __dirname of out/main/electron.cjs
 * @param resourcesPath process.resourcesPath (extraResources land there)
 */
export function desktopLayout(opts: { appRoot: string; mainBundleDir: string; isPackaged: boolean; resourcesPath: string }): DesktopLayout {
  return {
    migrationsFolder: opts.isPackaged ? path.join(opts.resourcesPath, 'drizzle') : path.join(opts.appRoot, 'drizzle'),
    rendererDir: path.join(opts.appRoot, 'out', 'renderer'),
    preloadFile: path.join(opts.mainBundleDir, '..', 'preload', 'index.cjs'),
  };
}
