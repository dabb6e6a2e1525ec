// Regressions found by the reliability suite's generated IPC arguments (issue 10).
import { describe, expect, it } from 'vitest';
import { validateSettingsPatch } from '../../../shared/settings';
import { dispatch } from '../../../main/api/dispatch';
import { makeTestCore } from '../../helpers/test-core';

describe('settings patches with Object.prototype names as keys', () => {
  for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
    it(`refuses "${key}" as an unknown setting instead of throwing`, () => {
      const patch = JSON.parse(`{"skuPrefix": "ACME", "${key}": {"polluted": true}}`) as unknown;
      const result = validateSettingsPatch(patch);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(Object.keys(result.fieldErrors)).toEqual([key]);
      expect(result.fieldErrors[key]).toContain(`Unknown setting "${key}"`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('settings:update answers invalid-argument naming the key, and stores nothing', async () => {
    const core = makeTestCore();
    try {
      const r = await dispatch(core.handlers, 'settings:update', JSON.parse('{"skuPrefix": "NEW", "constructor": 1}'));
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      if (r.ok) return;
      expect(r.error.message).toContain('constructor');
      expect(r.error.fieldErrors).toHaveProperty('constructor');
      const after = await dispatch(core.handlers, 'settings:get', undefined);
      expect(after).toMatchObject({ ok: true, value: { skuPrefix: 'PRACBILL' } });
    } finally {
      core.cleanup();
    }
  });
});

describe('dispatch with a hostile channel value', () => {
  it('answers unknown-channel for an object whose toString is not callable', async () => {
    const core = makeTestCore();
    try {
      const channel = JSON.parse('{"toString": {"x": 1}}') as unknown;
      const r = await dispatch(core.handlers, channel, undefined);
      expect(r).toEqual({ ok: false, error: { code: 'unknown-channel', message: 'Unknown channel (object)' } });
    } finally {
      core.cleanup();
    }
  });
});
