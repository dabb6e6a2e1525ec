import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';
import { e2eHookEnabled, E2E_ENV, E2E_KEYCHAIN_SERVICE } from '../../../main/electron/e2e-hook-model';
import { KEYCHAIN_SERVICE } from '../../../main/secrets/keychain-store';

// `npm run test:electron`'s entry (scripts/test-electron.mjs) where the Electron binary is absent: one
// sentence, exit code 3, nothing built or run. The binary is made absent for this test with
// ELECTRON_OVERRIDE_DIST_PATH (honoured like the electron package honours it), so the assertion holds on
// CI's desktop runners too, where the real binary is installed.

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const SENTENCE =
  'The Electron end-to-end suite did not run: no Electron binary is installed on this machine (run `node node_modules/electron/install.js` where its download host is reachable, then try again).\n';

function runEntry(env: Record<string, string | undefined>) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'test-electron.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { ...r, ms: Date.now() - started };
}

describe('npm run test:electron where Electron is absent', () => {
  it('is the script package.json runs, and not part of npm test', () => {
    expect(pkg.scripts['test:electron']).toBe('node scripts/test-electron.mjs');
    expect(pkg.scripts.test).not.toContain('test:electron');
    const defaultConfig = fs.readFileSync(path.join(root, 'vitest.config.ts'), 'utf8');
    expect(defaultConfig).not.toContain('test/electron');
  });

  it('prints one sentence saying so and exits with code 3, without building anything', () => {
    const empty = makeTempDir('abs-no-electron-');
    try {
      const r = runEntry({ PATH: process.env.PATH, HOME: process.env.HOME, ELECTRON_OVERRIDE_DIST_PATH: empty.dir });
      expect(r.status).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(SENTENCE);
      // It stopped before the build and the vitest run (both take many seconds).
      expect(r.ms).toBeLessThan(10_000);
    } finally {
      empty.cleanup();
    }
  });

  const binaryHere = fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));
  it.runIf(!binaryHere)('says the same on this machine, whose Electron binary was never downloaded', () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const r = runEntry(env);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(SENTENCE);
  });
});

describe('the end-to-end test hook', () => {
  it('is honoured only by an unpackaged app started with AUTOTASK_BILLING_SYNC_E2E=1', () => {
    expect(E2E_ENV).toBe('AUTOTASK_BILLING_SYNC_E2E');
    expect(e2eHookEnabled({ [E2E_ENV]: '1' }, false)).toBe(true);
    expect(e2eHookEnabled({ [E2E_ENV]: '1' }, true)).toBe(false);
    expect(e2eHookEnabled({}, false)).toBe(false);
    expect(e2eHookEnabled({ [E2E_ENV]: 'true' }, false)).toBe(false);
  });

  it('keeps the test’s demo secret out of the real keychain entry', () => {
    expect(E2E_KEYCHAIN_SERVICE).not.toBe(KEYCHAIN_SERVICE);
  });
});
