import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { APP_VERSION } from '../../../main/app-version';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };

const cli = (args: string[]) => runCliCaptured(args, MEMORY_SECRETS);

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
