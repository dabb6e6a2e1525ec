import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { makeTestCore, type TestCore } from '../../helpers/test-core';

let core: TestCore;
afterEach(() => core?.cleanup());

const quiet = { error: () => undefined };

describe('handler table dispatch', () => {
  it('rejects an unknown channel without calling anything', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'fs:readFile', { path: '/etc/passwd' }, quiet);
    expect(r).toEqual({ ok: false, error: { code: 'unknown-channel', message: expect.stringContaining('fs:readFile') } });
  });

  it('rejects bad log-viewer arguments with a message naming each field', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'logs:list', { page: 0, perPage: 9999, status: 'exploded', from: '2026-02-30' }, quiet);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-argument');
    expect(r.error.fieldErrors).toMatchObject({
      page: 'must be 1 or more',
      perPage: 'can be at most 500',
      status: expect.stringContaining('success, warning, error, skip'),
      from: 'is not a real calendar date',
    });
    expect(r.error.message).toMatch(/^Invalid argument for logs:list: /);
  });

  it('rejects unexpected extra keys (the renderer is untrusted)', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'logs:get', { id: 1, sql: 'DROP TABLE sync_logs' }, quiet);
    expect(r.ok).toBe(false);
  });

  it('rejects a time sync whose start is after its end', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'sync:start', { type: 'time_entry', from: '2026-11-24', to: '2026-11-01' }, quiet);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', fieldErrors: { from: 'must not be after the end date' } } });
  });

  it('reports every invalid setting and stores none of the patch', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'settings:update', { skuPrefix: 'ACME', hourlyRate: '-5', scheduleTime: '25:00' }, quiet);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', fieldErrors: { hourlyRate: expect.any(String), scheduleTime: 'Enter a 24-hour time like 02:00' } },
    });
    const after = await dispatch(core.handlers, 'settings:get', undefined, quiet);
    expect(after).toMatchObject({ ok: true, value: { skuPrefix: 'PRACBILL', hourlyRate: '150.00', scheduleTime: '02:00' } });
  });

  it('stores valid settings normalised and announces the change', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'settings:update', { hourlyRate: '150.5', timeWindowDays: '30' }, quiet);
    expect(r).toMatchObject({ ok: true, value: { hourlyRate: '150.50', timeWindowDays: 30 } });
    expect(core.events.map((e) => e.channel)).toEqual(['settings:changed']);
  });

  it('never returns the secret: credentials report only that one is saved', async () => {
    core = makeTestCore();
    const r = await dispatch(core.handlers, 'credentials:set', { username: 'api@example.com', integrationCode: 'CODE', secret: 'hunter2-secret' }, quiet);
    expect(r).toEqual({ ok: true, value: { username: 'api@example.com', integrationCode: 'CODE', secretSaved: true, source: 'keychain', problem: null } });
    expect(JSON.stringify(await dispatch(core.handlers, 'settings:get', undefined, quiet))).not.toContain('hunter2-secret');
    const deleted = await dispatch(core.handlers, 'credentials:delete', undefined, quiet);
    expect(deleted).toMatchObject({ ok: true, value: { secretSaved: false, source: 'none' } });
  });

  it('turns an unexpected failure into an internal error without a stack trace', async () => {
    core = makeTestCore();
    core.deps.database.close();
    const logged: string[] = [];
    const r = await dispatch(core.handlers, 'dashboard:get', undefined, { error: (m) => logged.push(m) });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('dashboard:get') } });
    expect(JSON.stringify(r)).not.toMatch(/\n\s+at /);
    expect(logged).toHaveLength(1);
  });
});
