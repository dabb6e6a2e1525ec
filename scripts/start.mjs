// `npm start`: open the desktop app. Steps: make sure the Electron binary is there (download it on machines
// with internet), build main/preload/renderer, make a better-sqlite3 binary for Electron's ABI *beside* the
// Node one the tests use, and launch Electron with it. On machines where Electron's download host is not
// reachable this prints one sentence naming the command that works instead, with no stack trace.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronPkgDir = path.join(root, 'node_modules', 'electron');

function fail(sentence) {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}

// npm passes its config (e.g. nodedir=/usr from ~/.npmrc) to child processes as npm_config_*; node-gyp
// would then silently build against Node's headers instead of Electron's — a "successful" rebuild that
// crashes at start-up. Children get a clean environment instead.
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_config_')) delete env[key];
  return env;
}

function electronBinary() {
  const pathFile = path.join(electronPkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(electronPkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
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

function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(electronPkgDir, 'package.json'), 'utf8')).version;
}

/** better-sqlite3 compiled for Electron's ABI, in .electron-native/<version>/, built once per Electron version. */
function ensureElectronSqlite() {
  const version = electronVersion();
  const targetDir = path.join(root, '.electron-native', `electron-${version}-${process.platform}-${process.arch}`);
  const target = path.join(targetDir, 'better_sqlite3.node');
  if (fs.existsSync(target)) return target;
  process.stderr.write(`Building better-sqlite3 for Electron ${version} (first start only)…\n`);
  const work = path.join(root, '.electron-native', 'work', 'better-sqlite3');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), work, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const env = cleanEnv();
  const prebuild = spawnSync(
    process.execPath,
    [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform],
    { cwd: work, env, stdio: 'inherit' },
  );
  if (prebuild.status !== 0) {
    const gyp = spawnSync(
      process.execPath,
      [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
      { cwd: work, env, stdio: 'inherit' },
    );
    if (gyp.status !== 0) fail('better-sqlite3 could not be built for Electron (no prebuilt binary and no Electron headers reachable); run `npm run demo` to use the app in your browser instead.');
  }
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  // Guard against the false-green rebuild: a binary that loads in plain Node was built for Node's ABI.
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(built)})`], { env, encoding: 'utf8' });
  if (probe.status === 0) fail('The better-sqlite3 binary built for Electron loads in plain Node, so it was built for the wrong ABI; remove .electron-native and try again on a machine with internet access.');
  fs.mkdirSync(targetDir, { recursive: true });
  fs.copyFileSync(built, target);
  return target;
}

const bin = ensureElectron();
run(process.execPath, [path.join(root, 'scripts', 'build-main.mjs')], 'Building the main process');
run(process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], 'Building the renderer');
const binding = ensureElectronSqlite();
const child = spawn(bin, [root], { stdio: 'inherit', env: cleanEnv({ BETTER_SQLITE3_ELECTRON_BINDING: binding }) });
child.on('exit', (code) => process.exit(code ?? 0));
