// Bundles the Electron main process and the preload with esbuild.
// - main:    out/main/electron.cjs  (CJS, Node, every npm package external so native modules load from node_modules)
// - preload: out/preload/index.cjs  (CJS, one file: sandboxed preloads can only require('electron'))
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'out');

export async function buildMain(out = outDir) {
  await build({
    entryPoints: [path.join(root, 'main/electron/main.ts')],
    outfile: path.join(out, 'main/electron.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    // import.meta.url does not exist in CJS; give modules that use it the bundle's own URL.
    define: { 'import.meta.url': '__bundle_url' },
    banner: { js: "const __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  await build({
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(out, 'preload/index.cjs'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome142',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildMain();
}
