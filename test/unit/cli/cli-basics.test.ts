import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { makeTempDir } from '../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const cli = (args: string[], env: Record<string, string> = {}) => runCliCaptured(args, { ...MEMORY_SECRETS, ...env });

function dbFile() {
  const t = makeTempDir();
  cleanups.push(t.cleanup);
  return path.join(t.dir, 'billing.db');
}

describe('CLI basics', () => {
  it('--help lists the commands and the global --db option', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--db <file>');
    expect(r.out).toMatch(/config\s/);
  });

  it('config set refuses an invalid value with exit 2 and a clear message, storing nothing', async () => {
    const db = dbFile();
    const bad = await cli(['config', 'set', 'scheduleTime', '2am', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Invalid value for scheduleTime: Enter a 24-hour time like 02:00');
    const get = await cli(['--db', db, 'config', 'get', 'scheduleTime', '--json']);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.out)).toEqual({ scheduleTime: '02:00' });
  });

  it('config set stores a valid value, normalised; --db works before or after the command', async () => {
    const db = dbFile();
    expect((await cli(['--db', db, 'config', 'set', 'hourlyRate', '150'])).code).toBe(0);
    const all = await cli(['config', 'get', '--json', '--db', db]);
    expect(JSON.parse(all.out)).toMatchObject({ hourlyRate: '150.00', skuPrefix: 'PRACBILL', departmentId: '1' });
  });

  it('config set hourlyRate refuses a bad rate or --from with exit 2, naming which (the rates:set handler)', async () => {
    const db = dbFile();
    const rate = await cli(['config', 'set', 'hourlyRate', 'abc', '--db', db]);
    expect(rate.code).toBe(2);
    expect(rate.err).toMatch(/Invalid value for hourlyRate: .+\./);
    const from = await cli(['config', 'set', 'hourlyRate', '150', '--from', '1st of May', '--db', db]);
    expect(from.code).toBe(2);
    expect(from.err).toMatch(/Invalid value for hourlyRate --from: .+\./);
    const ok = await cli(['config', 'set', 'hourlyRate', '175.5', '--from', '2026-01-01', '--db', db]);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain('hourlyRate from 2026-01-01 = "175.5"; the latest rate is now 175.50 (from 2026-01-01).');
  });

  it('config set takes every billing setting of docs/product-rules.md#billing; bad ones exit 2; an empty value clears an optional one', async () => {
    const db = dbFile();
    const values: Record<string, string> = {
      invoicePrefix: 'INV-',
      paymentTermsDays: '30',
      currency: 'AUD',
      exportDateFormat: 'DD/MM/YYYY',
      incomeAccount: '200',
      taxType: 'GST on Income',
      arAccount: 'Trade Debtors',
      timeItem: 'Support',
      recurringItem: 'Managed services',
    };
    for (const [k, v] of Object.entries(values)) expect((await cli(['config', 'set', k, v, '--db', db])).code, k).toBe(0);
    expect(JSON.parse((await cli(['config', 'get', '--json', '--db', db])).out)).toMatchObject({ ...values, paymentTermsDays: 30 });
    for (const [k, v] of [
      ['paymentTermsDays', '-1'],
      ['currency', 'dollars'],
      ['exportDateFormat', 'DD.MM.YY'],
    ] as const) {
      const bad = await cli(['config', 'set', k, v, '--db', db]);
      expect(bad.code, `${k}=${v}`).toBe(2);
      expect(bad.err).toContain(`Invalid value for ${k}`);
    }
    expect((await cli(['config', 'set', 'taxType', '', '--db', db])).code).toBe(0);
    expect(JSON.parse((await cli(['config', 'get', 'taxType', '--json', '--db', db])).out)).toEqual({ taxType: '' });
    expect(JSON.parse((await cli(['config', 'get', 'paymentTermsDays', '--json', '--db', db])).out)).toEqual({ paymentTermsDays: 30 });
  });

  it('unknown settings and unknown commands are usage errors (exit 2)', async () => {
    const db = dbFile();
    const r = await cli(['config', 'set', 'colour', 'blue', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown setting "colour"');
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});
