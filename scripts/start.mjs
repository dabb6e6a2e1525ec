// `npm start`: open the desktop app. Steps: make sure the Electron binary is there (download it on machines
// with internet), build main/preload/renderer, make a better-sqlite3 binary for Electron's ABI *beside* the
// Node one the tests use, and launch Electron with it. On machines where Electron's download host is not
// reachable this prints one sentence naming the command that works instead, with no stack trace.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cleanEnv, electronBinary, electronPkgDir, ensureElectronSqlite as buildElectronSqlite, OneSentenceError, root } from './electron-native.mjs';

const require = createRequire(import.meta.url);

function fail(sentence) {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}

function ensureElectron() {
  if (!fs.existsSync(electronPkgDir)) fail('The electron package is not installed; run `npm install` first.');
  let bin = electronBinary();
  if (bin) return bin;
  process.stderr.write('Downloading the Electron binary (first start only)…\n');
  const r = spawnSync(process.execPath, [path.join(electronPkgDir, 'install.js')], {
    cwd: electronPkgDir,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  bin = r.status === 0 ? electronBinary() : null;
  if (!bin) {
    fail(
      'The Electron binary is not installed and could not be downloaded on this machine, so the desktop window cannot open here; run `npm run demo` to use the same app in your browser instead.',
    );
  }
  return bin;
}

function run(cmd, args, what, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal}); see the output above.`);
}

function ensureElectronSqlite() {
  try {
    return buildElectronSqlite();
  } catch (error) {
    if (error instanceof OneSentenceError) fail(error.message);
    throw error;
  }
}

const bin = ensureElectron();
run(process.execPath, [path.join(root, 'scripts', 'build-main.mjs')], 'Building the main process');
run(process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], 'Building the renderer');
const binding = ensureElectronSqlite();
const child = spawn(bin, [root], { stdio: 'inherit', env: cleanEnv({ BETTER_SQLITE3_ELECTRON_BINDING: binding }) });
child.on('exit', (code) => process.exit(code ?? 0));
