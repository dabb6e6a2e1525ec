import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The hand-written D-Bus codec (main/secrets/dbus-wire.ts) checked against the real dbus-daemon rather
// than against itself: the same questions asked through dbus-send (libdbus) and through our client
// must get the same answers in the same private session.

const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = path.join(__dirname, 'support', 'dbus-codec-child.ts');
const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const onLinux = it.runIf(process.platform === 'linux');

function requireTool(name: string): void {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, name)));
  if (!found) throw new Error(`${name} is not installed; install dbus (apt-get install dbus) to run the D-Bus tests.`);
}

describe('D-Bus client against the real dbus-daemon', () => {
  onLinux('gets the answers dbus-send gets, and reads the daemon’s error names', () => {
    requireTool('dbus-run-session');
    requireTool('dbus-send');
    const send = 'dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId';
    const script = `${send} && echo && ${q(process.execPath)} ${q(tsx)} ${q(child)}`;
    const r = spawnSync('dbus-run-session', ['--', 'bash', '-c', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines, r.stderr).toHaveLength(2);
    const fromLibdbus = lines[0]!;
    const ours = JSON.parse(lines[1]!) as { id: string; selfOwned: boolean; otherOwned: boolean; names: string[]; error: string };
    expect(fromLibdbus).toMatch(/^[0-9a-f]{32}$/);
    expect(ours.id).toBe(fromLibdbus);
    expect(ours.selfOwned).toBe(true);
    expect(ours.otherOwned).toBe(false);
    expect(ours.names).toContain('org.freedesktop.DBus');
    expect(ours.names.some((n) => n.startsWith(':'))).toBe(true);
    expect(ours.error).toBe('org.freedesktop.DBus.Error.UnknownMethod');
  });
});
