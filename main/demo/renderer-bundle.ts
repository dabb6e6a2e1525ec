import fs from 'node:fs';
import path from 'node:path';

// `npm run demo` on a fresh clone has no built renderer yet: build it once, and again only when a source
// file is newer than the build.

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function rendererBuildIsCurrent(root: string, outDir: string): boolean {
  const index = path.join(outDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return newestMtime(path.join(root, 'renderer')) <= built && newestMtime(path.join(root, 'shared')) <= built;
}

/** Returns the folder holding the built renderer's index.html, building it with Vite when needed. */
export async function ensureRendererBuilt(root: string, log: (line: string) => void = () => undefined): Promise<string> {
  const outDir = path.join(root, 'out', 'renderer');
  if (rendererBuildIsCurrent(root, outDir)) return outDir;
  log('Building the user interface (first run only)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}
