// `npm run test:electron`: the Electron end-to-end suite (test/electron/), driven by Playwright's
// `_electron` launcher against the built app in a real Electron window. Not part of `npm test`: it needs
// the Electron binary, which the team's offline machines cannot download (package.json "allowScripts"
// skips it); CI's desktop runners install it (.github/workflows/desktop.yml).
//
// Exit codes: 0 the suite passed; 1 it failed; 3 the Electron binary is absent, so nothing ran (one
// sentence on stderr says so); 4 a prerequisite (the build, better-sqlite3 for Electron) failed.
//
// Steps: find the binary (ELECTRON_OVERRIDE_DIST_PATH is honoured like the electron package does), build
// main/preload/renderer exactly like `npm run build`, make better-sqlite3 for Electron's ABI (as `npm start`
// does), then run vitest with vitest.electron.config.ts. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { electronBinary, ensureElectronSqlite, OneSentenceError, root } from './electron-native.mjs';

export const EXIT_NO_ELECTRON = 3;
export const EXIT_PREREQUISITE = 4;

const require = createRequire(import.meta.url);

const bin = electronBinary();
if (!bin) {
  process.stderr.write(
    'The Electron end-to-end suite did not run: no Electron binary is installed on this machine (run `node node_modules/electron/install.js` where its download host is reachable, then try again).\n',
  );
  process.exit(EXIT_NO_ELECTRON);
}

function step(what, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`${what} failed (exit ${r.status ?? r.signal}); the Electron end-to-end suite did not run.\n`);
    process.exit(EXIT_PREREQUISITE);
  }
}

// The same two steps as `npm run build`, so the suite never runs against a stale out/.
step('Building the main process', process.execPath, [path.join(root, 'scripts', 'build-main.mjs')]);
step('Building the renderer', process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);

let binding;
try {
  binding = ensureElectronSqlite();
} catch (error) {
  process.stderr.write(`${error instanceof OneSentenceError ? error.message : String(error)}\n`);
  process.exit(EXIT_PREREQUISITE);
}

const r = spawnSync(process.execPath, [require.resolve('vitest/vitest.mjs'), 'run', '--config', 'vitest.electron.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_E2E_BINARY: bin, BETTER_SQLITE3_ELECTRON_BINDING: binding },
});
process.exit(r.status ?? 1);
