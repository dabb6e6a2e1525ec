import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../main/secrets/keychain-store';
import { secretServiceProblem, type SecretServiceStatus } from '../../../main/secrets/secret-service-probe';
import { makeTestCore } from '../../helpers/test-core';
import { makeTempDir } from '../../helpers/temp-dir';

// Against a REAL Secret Service: gnome-keyring inside a private D-Bus session (electron.md §5), each
// keychain operation in its own process so that "stored" means "another process can read it back".

const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = path.join(__dirname, 'support', 'keychain-child.ts');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function requireTool(name: string): void {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, name)));
  if (!found) throw new Error(`${name} is not installed; install dbus and gnome-keyring (apt-get install dbus gnome-keyring) to run the keychain tests.`);
}

/** A clean environment for the child: fresh HOME, no inherited bus, a test-only secret value. */
function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TEST_SECRET_VALUE: `value-${randomUUID()}`, LANG: 'C.UTF-8' };
  fs.mkdirSync(path.join(home, '.cache'), { recursive: true });
  fs.mkdirSync(path.join(home, '.local', 'share'), { recursive: true });
  return env;
}

function runInSession(script: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []): { lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync('dbus-run-session', [...extraArgs, '--', 'bash', '-c', script], { env, encoding: 'utf8', timeout: 90_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stderr: r.stderr };
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const op = (name: string, service: string, account: string) => `${q(process.execPath)} ${q(tsx)} ${q(child)} ${name} ${q(service)} ${q(account)}`;
const UNLOCK = 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null';

// The Secret Service exists on Linux desktops only; the hosted Windows/macOS runners have their own keychains.
const onLinux = it.runIf(process.platform === 'linux');

describe('OS keychain through @napi-rs/keyring', () => {
  onLinux('stores, reads (from another process) and deletes a credential in a real Secret Service', () => {
    requireTool('dbus-run-session');
    requireTool('gnome-keyring-daemon');
    const home = makeTempDir('abs-keyring-');
    cleanups.push(home.cleanup);
    const service = `Autotask Billing Sync test ${randomUUID()}`;
    const account = 'api-user@example.com';
    const script = [UNLOCK, op('set', service, account), op('get', service, account), op('delete', service, account), op('get', service, account)].join(' && ');
    const { lines, stderr } = runInSession(script, childEnv(home.dir));
    expect(lines, stderr).toEqual([
      { op: 'set', status: 'available', problem: null, stored: true },
      { op: 'get', status: 'available', problem: null, found: true, matches: true },
      { op: 'delete', status: 'available', problem: null, deleted: true },
      { op: 'get', status: 'available', problem: null, found: false, matches: false },
    ]);
  });

  onLinux('refuses with a clear sentence when the keyring is locked', () => {
    requireTool('dbus-run-session');
    requireTool('dbus-send');
    requireTool('gnome-keyring-daemon');
    const home = makeTempDir('abs-keyring-');
    cleanups.push(home.cleanup);
    // Lock the default keyring through the Secret Service API itself (no prompt needed to lock).
    const lock =
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null';
    const script = [UNLOCK, lock, op('set', 'Autotask Billing Sync test', 'u')].join(' && ');
    const { lines, stderr } = runInSession(script, childEnv(home.dir));
    expect(lines, stderr).toEqual([{ op: 'set', status: 'locked', problem: secretServiceProblem('locked'), stored: false, error: secretServiceProblem('locked') }]);
  });

  onLinux('explains a session bus on which no Secret Service is provided', () => {
    requireTool('dbus-run-session');
    const home = makeTempDir('abs-keyring-');
    cleanups.push(home.cleanup);
    // A private bus with no service directories: org.freedesktop.secrets cannot be activated.
    const config = path.join(home.dir, 'bus.conf');
    fs.writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${home.dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
    );
    const { lines, stderr } = runInSession(op('set', 'Autotask Billing Sync test', 'u'), childEnv(home.dir), [`--config-file=${config}`]);
    expect(lines, stderr).toEqual([
      { op: 'set', status: 'not-provided', problem: secretServiceProblem('not-provided'), stored: false, error: secretServiceProblem('not-provided') },
    ]);
    expect(secretServiceProblem('not-provided')).toMatch(/gnome-keyring/);
  });

  onLinux('explains a missing session bus, and the app refuses to "save" the secret there', async () => {
    const noBus = { PATH: process.env.PATH, HOME: '/nonexistent' };
    const store = createKeychainSecretStore('Autotask Billing Sync test', { platform: 'linux', env: noBus });
    const problem = await store.problem();
    expect(problem).toBe(secretServiceProblem('no-session-bus'));
    expect(problem).toMatch(/^The API secret cannot be stored: no desktop session bus \(D-Bus\) is running/);
    await expect(store.set('u', 'value-never-stored')).rejects.toThrow(problem!);
    await expect(store.get('u')).resolves.toBeNull();

    // Through the real handler table: the UI gets the sentence, and the credential status carries it.
    const core = makeTestCore({ secrets: store });
    cleanups.push(core.cleanup);
    await expect(core.handlers['credentials:set']({ username: 'u', integrationCode: 'IC', secret: 'value-never-stored' })).rejects.toMatchObject({
      code: 'unavailable',
      message: problem,
    });
    await expect(core.handlers['credentials:get'](undefined)).resolves.toMatchObject({ secretSaved: false, source: 'none', problem });
  });

  onLinux('has a sentence saying what to do for every Secret Service state', () => {
    const states: SecretServiceStatus[] = ['no-session-bus', 'bus-unreachable', 'not-provided', 'no-default-collection', 'locked'];
    for (const s of states) expect(secretServiceProblem(s), s).toMatch(/^The API secret cannot be stored.*\. .+/);
    expect(secretServiceProblem('available')).toBeNull();
  });

  it('on macOS and Windows it does not ask D-Bus', async () => {
    let probed = 0;
    const store = createKeychainSecretStore('x', { platform: 'darwin', probe: async () => (probed++, 'no-session-bus') });
    await expect(store.problem()).resolves.toBeNull();
    expect(probed).toBe(0);
  });
});
