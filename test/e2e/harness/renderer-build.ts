import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(__dirname, '..', '..', '..');

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Hash of everything the renderer bundle is made from, so unchanged sources reuse the previous build. */
function sourceHash(): string {
  const h = crypto.createHash('sha256');
  for (const dir of ['renderer', 'shared']) {
    for (const f of [...files(path.join(root, dir))].sort()) {
      h.update(path.relative(root, f));
      h.update(fs.readFileSync(f));
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** Builds the renderer with Vite (once per source state) and returns the folder holding index.html. */
export async function buildRenderer(): Promise<string> {
  const outDir = path.join(root, 'test-artifacts', 'renderer-builds', sourceHash());
  if (fs.existsSync(path.join(outDir, 'index.html'))) return outDir;
  const tmp = `${outDir}.tmp-${process.pid}`;
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return outDir;
}
