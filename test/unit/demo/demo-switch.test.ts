import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSwitch, type DemoSwitch } from '../../../main/demo/demo-switch';
import { readSettings, updateSettings } from '../../../main/config/settings-store';
import { DEMO_CREDENTIALS } from '../../../main/sandbox';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import { makeTestCore, type TestCore } from '../../helpers/test-core';
import { dispatch } from '../../../main/api/dispatch';
import { createConnectionTester } from '../../../main/app/connection-tester';

let core: TestCore | undefined;
const switches: DemoSwitch[] = [];
afterEach(async () => {
  for (const s of switches.splice(0)) await s.close();
  core?.cleanup();
  core = undefined;
});

describe('"Try with the demo tenant" (demo:enable)', () => {
  it('starts the sandbox and points the configuration at it, so Test connection passes', async () => {
    const secrets = createMemorySecretStore();
    core = makeTestCore({ secrets });
    const demo = createDemoSwitch({ database: core.deps.database, secrets, sandbox: { latencyScale: 0 } });
    switches.push(demo);
    core.deps.enableDemo = () => demo.enableDemo();
    core.deps.testConnection = createConnectionTester(core.deps.database);

    const r = await dispatch(core.handlers, 'demo:enable', undefined);
    expect(r).toMatchObject({ ok: true, value: { ok: true, message: expect.stringContaining('demo tenant is ready') } });
    const s = readSettings(core.deps.database.db);
    expect(s.username).toBe(DEMO_CREDENTIALS.username);
    expect(s.integrationCode).toBe(DEMO_CREDENTIALS.integrationCode);
    expect(s.zoneLookupUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\/$/);
    expect(await secrets.get(DEMO_CREDENTIALS.username)).toBe(DEMO_CREDENTIALS.secret);
    expect(demo.isDemoConfigured()).toBe(true);

    const status = await dispatch(core.handlers, 'credentials:get', undefined);
    expect(status).toMatchObject({ ok: true, value: { secretSaved: true, username: DEMO_CREDENTIALS.username } });
    const test = await dispatch(core.handlers, 'connection:test', undefined);
    expect(test).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('removes the previous account’s secret from the keychain when switching to the demo', async () => {
    const secrets = createMemorySecretStore({ 'real.user@example.com': 'real-secret' });
    core = makeTestCore({ secrets });
    updateSettings(core.deps.database.db, { username: 'real.user@example.com', integrationCode: 'REAL' });
    const demo = createDemoSwitch({ database: core.deps.database, secrets, sandbox: { latencyScale: 0 } });
    switches.push(demo);
    await demo.enableDemo();
    expect(await secrets.get('real.user@example.com')).toBeNull();
  });

  it('brings the demo sandbox back at the next launch, on the same port when it is free', async () => {
    const secrets = createMemorySecretStore();
    core = makeTestCore({ secrets });
    const first = createDemoSwitch({ database: core.deps.database, secrets, sandbox: { latencyScale: 0 } });
    await first.enableDemo();
    const url = readSettings(core.deps.database.db).zoneLookupUrl;
    await first.close();

    const second = createDemoSwitch({ database: core.deps.database, secrets, sandbox: { latencyScale: 0 } });
    switches.push(second);
    await expect(second.resume()).resolves.toBe(true);
    expect(readSettings(core.deps.database.db).zoneLookupUrl).toBe(url);
    const res = await fetch(`${url}V1.0/zoneInformation?user=${encodeURIComponent(DEMO_CREDENTIALS.username)}`);
    expect(res.status).toBe(200);
  });

  it('does nothing at launch when the configuration is a real account', async () => {
    const secrets = createMemorySecretStore();
    core = makeTestCore({ secrets });
    updateSettings(core.deps.database.db, { username: 'real.user@example.com', integrationCode: 'REAL' });
    const demo = createDemoSwitch({ database: core.deps.database, secrets });
    switches.push(demo);
    await expect(demo.resume()).resolves.toBe(false);
    expect(readSettings(core.deps.database.db).username).toBe('real.user@example.com');
  });
});
