// Shared by `npm start` (scripts/start.mjs) and `npm run test:electron` (scripts/test-electron.mjs): where
// the Electron binary is, a child environment free of npm's config, and better-sqlite3 compiled for
// Electron's ABI beside the Node build the tests use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const electronPkgDir = path.join(root, 'node_modules', 'electron');

/** A problem a caller reports as one sentence (no stack trace). */
export class OneSentenceError extends Error {}

// npm passes its config (e.g. nodedir=/usr from ~/.npmrc) to child processes as npm_config_*; node-gyp
// would then silently build against Node's headers instead of Electron's — a "successful" rebuild that
// crashes at start-up. Children get a clean environment instead.
export function cleanEnv(extra = {}, base = process.env) {
  const env = { ...base, ...extra };
  for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_config_')) delete env[key];
  return env;
}

/**
 * The Electron executable, or null when it is not installed. Honours ELECTRON_OVERRIDE_DIST_PATH the way
 * the electron package's own index.js does (a folder holding the unpacked Electron distribution).
 */
export function electronBinary(env = process.env) {
  const pathFile = path.join(electronPkgDir, 'path.txt');
  const fallback = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || (relative ? path.join(electronPkgDir, 'dist') : null);
  if (!dist) return null;
  const bin = path.join(dist, relative ?? fallback);
  return fs.existsSync(bin) ? bin : null;
}

export function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(electronPkgDir, 'package.json'), 'utf8')).version;
}

/** better-sqlite3 compiled for Electron's ABI, in .electron-native/<version>/, built once per Electron version. */
export function ensureElectronSqlite() {
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
      [
        require.resolve('node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      { cwd: work, env, stdio: 'inherit' },
    );
    if (gyp.status !== 0)
      throw new OneSentenceError(
        'better-sqlite3 could not be built for Electron (no prebuilt binary and no Electron headers reachable); run `npm run demo` to use the app in your browser instead.',
      );
  }
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  // Guard against the false-green rebuild: a binary that loads in plain Node was built for Node's ABI.
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(built)})`], { env, encoding: 'utf8' });
  if (probe.status === 0)
    throw new OneSentenceError(
      'The better-sqlite3 binary built for Electron loads in plain Node, so it was built for the wrong ABI; remove .electron-native and try again on a machine with internet access.',
    );
  fs.mkdirSync(targetDir, { recursive: true });
  fs.copyFileSync(built, target);
  return target;
}
