// Bad input, target "configuration values": every setting with generated values, through the shared
// validation (what the UI and IPC use) and through `config set` / `config get --json` (the CLI). Accepted
// values must round-trip (what is stored is what is read back, and validating it again changes nothing);
// refused values must name the field and leave the stored settings untouched.
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readSettings, SettingsValidationError, updateSettings } from '../../../main/config/settings-store';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { SETTING_KEYS, validateSettingsPatch, type SettingKey } from '../../../shared/settings';
import { makeTempDir } from '../../helpers/temp-dir';
import { absurdNumber, hugeText, NUM_RUNS, oddDate, unicodeText } from '../support/arbitraries';
import { recordFigure } from '../support/figures';
import { runCliCaptured } from '../support/run-cli';

const NUMERIC_KEYS: SettingKey[] = ['timeWindowDays', 'logRetentionDays', 'keepBackups', 'massChangeMinCount', 'massChangeRatio', 'apiConcurrency', 'apiReserve'];
const BOOLEAN_KEYS: SettingKey[] = ['closeToTray', 'closeToTrayAnnounced', 'launchAtLogin', 'schedulePaused'];
/** Text a person would accept as "a number" in a settings field. */
const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

// Values a person or a script might type for each kind of setting, near the edges of what is valid.
const nearValid = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '2',
    '3',
    '4',
    '30',
    '366',
    '367',
    '3650',
    '9000',
    '9001',
    '100000',
    '0.5',
    '1.0',
    '1.01',
    '0.0001',
    ' 7 ',
    '07',
    '1e2',
    '0x10',
    'Infinity',
    'NaN',
    '',
  ),
  fc.constantFrom('150', '150.00', '150.005', '0.00', '0.01', '9999999.99', '10000000', '-5', '1,50', '€150', ' 99.9 '),
  fc.constantFrom('00:00', '23:59', '24:00', '2:00', '02:60', ' 02:00 ', '02:00:00', '2am'),
  fc.constantFrom('true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'TRUE', 'Yes'),
  fc.constantFrom(
    'https://webservices.autotask.net/ATServicesRest/',
    'http://127.0.0.1:9/x',
    'https://u:p@host/',
    'ftp://host/',
    'javascript:alert(1)',
    'https://',
    'webservices.autotask.net',
  ),
  fc.constantFrom('D-7', 'dept_1', '../etc', 'a/b', 'x'.repeat(32), 'x'.repeat(33), 'PRACBILL', ' ', '\t'),
);
const stringValue = fc.oneof({ weight: 4, arbitrary: nearValid }, { weight: 3, arbitrary: unicodeText }, { weight: 1, arbitrary: oddDate }, { weight: 1, arbitrary: hugeText });
const anyValue = fc.oneof(
  { weight: 6, arbitrary: stringValue },
  { weight: 2, arbitrary: absurdNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined, [], [5], {}, { valueOf: 3 }) },
);
const caseArb = fc.record({ key: fc.constantFrom(...SETTING_KEYS), value: anyValue, viaCli: fc.boolean() });

describe('bad input: configuration values', () => {
  const tmp = makeTempDir('abs-rel-config-');
  const dbFile = path.join(tmp.dir, 'billing.db');
  const database = openDatabase(dbFile, { migrationsFolder: sourceMigrationsFolder() });
  const env = { AUTOTASK_SECRET_STORE: 'memory', AUTOTASK_BILLING_SYNC_HOME: tmp.dir };
  afterAll(() => {
    database.close();
    tmp.cleanup();
  });

  it(`accepts, round-trips or refuses ${NUM_RUNS.toLocaleString('en-US')} generated values, naming the field`, async () => {
    const failures: { key: string; value: string; problem: string }[] = [];
    let cases = 0;
    let accepted = 0;
    let cliCases = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ key, value, viaCli }) => {
        cases++;
        const fail = (problem: string) => failures.push({ key, value: JSON.stringify(value)?.slice(0, 80) ?? String(value), problem });
        const before = readSettings(database.db);
        let result: ReturnType<typeof validateSettingsPatch>;
        try {
          result = validateSettingsPatch({ [key]: value });
        } catch (error) {
          fail(`validation threw: ${(error as Error).message}`);
          return;
        }
        if (result.ok) {
          accepted++;
          const parsed = result.value[key];
          if (NUMERIC_KEYS.includes(key) && !(typeof value === 'number' || (typeof value === 'string' && NUMERIC_TEXT.test(value)))) {
            fail(`accepted ${JSON.stringify(value)} as the number ${String(parsed)}`);
          }
          if (BOOLEAN_KEYS.includes(key) && typeof value !== 'boolean' && typeof value !== 'string') fail(`accepted a ${typeof value} as a boolean`);
          const stored = updateSettings(database.db, { [key]: value })[key];
          if (!Object.is(stored, parsed) && JSON.stringify(stored) !== JSON.stringify(parsed)) fail(`stored ${String(stored)} but validated ${String(parsed)}`);
          const again = validateSettingsPatch({ [key]: stored });
          if (!again.ok || JSON.stringify(again.value[key]) !== JSON.stringify(stored)) fail('the stored value does not validate to itself');
        } else {
          if (!result.fieldErrors[key]?.trim()) fail('refused without a message for the field');
          try {
            updateSettings(database.db, { [key]: value });
            fail('updateSettings accepted what validation refused');
          } catch (error) {
            if (!(error instanceof SettingsValidationError)) fail(`updateSettings threw ${(error as Error).message}`);
            else if (!error.message.includes(key)) fail('the error message does not name the field');
          }
          if (JSON.stringify(readSettings(database.db)) !== JSON.stringify(before)) fail('refused but settings changed');
        }

        // The CLI takes text only; compare its verdict and its stored value with the shared validation.
        if (viaCli && typeof value === 'string' && value.length <= 100_000 && !value.startsWith('-')) {
          cliCases++;
          const set = await runCliCaptured(['--db', dbFile, 'config', 'set', key, value], env);
          const verdict = validateSettingsPatch({ [key]: value });
          if (verdict.ok) {
            if (set.code !== 0) fail(`config set exit ${set.code} for a valid value: ${set.err.slice(0, 200)}`);
            const get = await runCliCaptured(['--db', dbFile, 'config', 'get', key, '--json'], env);
            const shown = JSON.parse(get.out) as Record<string, unknown>;
            if (JSON.stringify(shown[key]) !== JSON.stringify(verdict.value[key])) fail(`config get shows ${JSON.stringify(shown[key])}`);
          } else {
            if (set.code !== 2) fail(`config set exit ${set.code} for an invalid value`);
            if (!set.err.includes(`Invalid value for ${key}`)) fail(`CLI message does not name the field: ${set.err.slice(0, 200)}`);
          }
        }
      }),
      { numRuns: NUM_RUNS, seed: 10_004 },
    );
    recordFigure('bad input', 'configuration values: cases', cases, `${accepted} accepted, ${cases - accepted} refused; ${cliCases} also via config set`);
    recordFigure('bad input', 'configuration values: crashes', failures.length);
    expect(cases).toBeGreaterThanOrEqual(NUM_RUNS);
    const distinct = [...new Map(failures.map((f) => [`${f.key}:${f.problem.slice(0, 30)}`, f])).values()];
    expect(distinct.slice(0, 15)).toEqual([]);
  });
});
