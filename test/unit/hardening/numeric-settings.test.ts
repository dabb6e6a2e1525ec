// Regression found by the reliability suite's generated configuration values (issue 10): numeric
// settings coerced blank text, null, booleans and arrays into numbers (Number('') === 0).
import { describe, expect, it } from 'vitest';
import { validateSettingsPatch } from '../../../shared/settings';

describe('numeric settings take numbers or decimal text only', () => {
  for (const value of ['', '  ', null, false, true, [], [5], '0x10', '1e2', 'Infinity']) {
    it(`refuses ${JSON.stringify(value)} for apiReserve and keepBackups, naming the field`, () => {
      const r = validateSettingsPatch({ apiReserve: value, keepBackups: value });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.fieldErrors.apiReserve).toMatch(/API request reserve must be/);
      expect(r.fieldErrors.keepBackups).toMatch(/number of backups to keep must be/);
    });
  }

  it('still accepts numbers and decimal text, trimmed', () => {
    expect(validateSettingsPatch({ apiReserve: ' 0 ', keepBackups: 7, massChangeRatio: '0.25', timeWindowDays: '030' })).toEqual({
      ok: true,
      value: { apiReserve: 0, keepBackups: 7, massChangeRatio: 0.25, timeWindowDays: 30 },
    });
  });
});
