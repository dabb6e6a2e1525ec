// `npm run setup`: everything a fresh machine needs, in one command.
// 1. npm packages (Electron's binary download is skipped by package.json "allowScripts"; see README).
// 2. System packages the tests use: Debian's Chromium (UI tests drive it with playwright-core) and
//    gnome-keyring + D-Bus (the keychain test runs against a real Secret Service). Installed with apt-get
//    when running as root on Debian/Ubuntu; otherwise the missing ones are named.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`\nSet-up failed: \`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}.\n`);
    process.exit(1);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
run(npm, ['install', '--no-audit', '--no-fund']);

if (process.platform === 'linux') {
  const wanted = [
    { pkg: 'chromium', present: () => fs.existsSync('/usr/bin/chromium') || fs.existsSync('/usr/bin/chromium-browser') },
    { pkg: 'gnome-keyring', present: () => fs.existsSync('/usr/bin/gnome-keyring-daemon') },
    { pkg: 'dbus', present: () => fs.existsSync('/usr/bin/dbus-run-session') },
    { pkg: 'dbus-x11', present: () => fs.existsSync('/usr/bin/dbus-launch') },
    { pkg: 'fonts-noto-cjk', present: () => fs.existsSync('/usr/share/fonts/opentype/noto') },
    // LibreOffice Calc (headless): the billing export round-trip test opens the csv and Xero files in it.
    { pkg: 'libreoffice-calc-nogui', present: () => fs.existsSync('/usr/bin/soffice') },
  ];
  const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
  if (missing.length > 0) {
    const canApt = fs.existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
    if (canApt) {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      run('apt-get', ['update', '-qq'], { env });
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
    } else {
      process.stderr.write(`Note: the UI and keychain tests need these system packages: ${missing.join(' ')} (e.g. sudo apt-get install -y ${missing.join(' ')}).\n`);
    }
  }
}
process.stdout.write('Set-up complete.\n');
