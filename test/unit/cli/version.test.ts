import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/program';
import { APP_VERSION } from '../../../main/app-version';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };

async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { env: { AUTOTASK_SECRET_STORE: 'memory' }, stdout, stderr });
  return { code, out, err };
}

describe('CLI --version', () => {
  it('prints package.json’s version, alone, and exits 0', async () => {
    expect(APP_VERSION).toBe(pkg.version);
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    }
  });

  it('is listed in --help', async () => {
    const r = await cli(['--help']);
    expect(r.out).toMatch(/-V, --version\s+print the version/);
  });
});
