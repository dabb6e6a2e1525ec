// The real CLI (main/cli.ts) bundled once with esbuild, so the crash and concurrency tests can start
// dozens of CLI processes without paying tsx's compile time on each (node starts the bundle in ~0.2 s).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ARTIFACTS_DIR } from './figures';

const ROOT = path.resolve(ARTIFACTS_DIR, '..');
export const CLI_BUNDLE = path.join(ARTIFACTS_DIR, 'reliability', 'cli.mjs');

let built: Promise<string> | null = null;

export function buildCliBundle(): Promise<string> {
  built ??= (async () => {
    fs.mkdirSync(path.dirname(CLI_BUNDLE), { recursive: true });
    await build({
      entryPoints: [path.join(ROOT, 'main/cli.ts')],
      outfile: CLI_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
      plugins: [
        {
          // Node's ESM loader wants the file name of this extension-less deep import (tsx resolves it itself).
          name: 'keytar-subpath',
          setup(b) {
            b.onResolve({ filter: /^@napi-rs\/keyring\/keytar$/ }, () => ({ path: '@napi-rs/keyring/keytar.js', external: true }));
          },
        },
      ],
    });
    return CLI_BUNDLE;
  })();
  return built;
}
