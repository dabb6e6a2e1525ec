// The `test-connection` command and the SQLite zone cache, against the sandbox over real HTTP.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCommands } from '../../../main/cli/program';
import { MEMORY_SECRETS, runCliCaptured } from '../../helpers/cli-runner';
import { registerTestConnectionCommand } from '../../../main/cli/test-connection-command';
import { createSqliteZoneCache } from '../../../main/db/zone-cache';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { makeTempDir } from '../../helpers/temp-dir';
import { CREDS } from './support/mini-autotask';
import { testClient } from './support/client-factory';
import { useTestSandbox } from './support/sandbox-fixture';
import { zoneCacheKey } from '../../../main/autotask/url-safety';

addCommands(registerTestConnectionCommand);

let dir: { dir: string; cleanup: () => void };
const outputs: string[] = [];
const sb = useTestSandbox({
  reset: () => (dir = makeTempDir()),
  afterClose: () => {
    for (const o of outputs) {
      expect(o).not.toContain(CREDS.secret);
      expect(o).not.toContain(CREDS.integrationCode);
    }
  },
});
afterEach(() => dir.cleanup());

async function testConnection(env: Record<string, string>, json = true) {
  const args = ['test-connection', '--db', path.join(dir.dir, 'billing.db'), ...(json ? ['--json'] : [])];
  const { code, out, err } = await runCliCaptured(args, {
    ...MEMORY_SECRETS,
    AUTOTASK_USERNAME: CREDS.username,
    AUTOTASK_SECRET: CREDS.secret,
    AUTOTASK_INTEGRATION_CODE: CREDS.integrationCode,
    AUTOTASK_ZONE_LOOKUP_URL: sb.zoneLookupUrl,
    ...env,
  });
  outputs.push(out, err);
  return { code, out, err, json: json && out.trim() ? JSON.parse(out) : undefined };
}

describe('test-connection (CLI, sandbox)', () => {
  it('good credentials: exit 0, five passing checks, one JSON document', async () => {
    const r = await testConnection({});
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, zone: { url: sb.zoneUrl(), ci: expect.any(Number) } });
    expect(r.json.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['zone', true],
      ['authentication', true],
      ['query Contracts', true],
      ['query TimeEntries', true],
      ['query Companies', true],
    ]);
    expect(r.json.message).toMatch(/^Connected to Autotask/);
    expect(r.err).toContain('✓ zone:');
    // Cheap: one threshold read and a one-row query per entity, no field metadata.
    const stats = sb.control.stats();
    expect(stats.requests.TimeEntries).toEqual({ POST: 1 });
    expect(stats.total).toBe(5);
  });

  it.each([
    ['a mistyped username', { AUTOTASK_USERNAME: 'typo@msp.example' }, 'zone', /did not recognise the API username/],
    ['a wrong secret', { AUTOTASK_SECRET: 'wrong-secret-xyz' }, 'authentication', /secret was rejected \(HTTP 401\)/],
    ['a wrong integration code', { AUTOTASK_INTEGRATION_CODE: 'WRONG-CODE-XYZ' }, 'authentication', /rejected the API integration code/],
  ])('%s: exit 1 with the explanation', async (_what, env, failing, message) => {
    const r = await testConnection(env);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.message).toMatch(message);
    const check = r.json.checks.find((c: { name: string }) => c.name === failing);
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(message) });
    expect(r.err).toMatch(message);
    expect(r.out + r.err).not.toMatch(/wrong-secret-xyz|WRONG-CODE-XYZ/);
  });

  it('a missing permission fails only that entity’s check', async () => {
    sb.control.injectFault({ kind: 'permission500', entity: 'Contracts', method: 'POST' });
    const r = await testConnection({});
    expect(r.code).toBe(1);
    const byName = Object.fromEntries(r.json.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok]));
    expect(byName).toEqual({ zone: true, authentication: true, 'query Contracts': false, 'query TimeEntries': true, 'query Companies': true });
    expect(r.json.message).toMatch(/not allowed to read Contracts/);
  });

  it('unreachable Autotask: exit 1 naming the host', async () => {
    const r = await testConnection({ AUTOTASK_ZONE_LOOKUP_URL: 'http://127.0.0.1:9/ATServicesRest/' });
    expect(r.code).toBe(1);
    expect(r.json.message).toMatch(/Could not reach Autotask at 127\.0\.0\.1:9/);
  });

  it('missing credentials: exit 2', async () => {
    const r = await testConnection({ AUTOTASK_SECRET: '' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing API secret/);
  });

  it('human output without --json keeps stdout empty', async () => {
    const r = await testConnection({}, false);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/✓ query Companies: The API user can read Companies\./);
  });

  it('records the discovered zone in the database', async () => {
    await testConnection({});
    const app = openDatabase(path.join(dir.dir, 'billing.db'), { migrationsFolder: sourceMigrationsFolder() });
    try {
      expect(createSqliteZoneCache(app.db).get(zoneCacheKey(sb.zoneLookupUrl, CREDS.username))).toMatchObject({ url: sb.zoneUrl(), zoneName: expect.any(String) });
    } finally {
      app.close();
    }
  });
});

describe('SQLite zone cache', () => {
  it('stores, replaces and deletes per username (case-insensitive), and spares a second lookup', async () => {
    const app = openDatabase(path.join(dir.dir, 'zones.db'), { migrationsFolder: sourceMigrationsFolder() });
    try {
      const cache = createSqliteZoneCache(app.db);
      expect(cache.get('x@y')).toBeUndefined();
      const z = { zoneName: 'Z1', url: 'https://webservices1.autotask.net/ATServicesRest/', webUrl: 'https://ww1.autotask.net/', ci: 7, fetchedAt: '2025-03-03T09:00:00.000Z' };
      cache.set('X@y', z);
      expect(cache.get('x@Y')).toEqual(z);
      cache.set('x@y', { ...z, zoneName: 'Z2', ci: 8 });
      expect(cache.get('x@y')).toMatchObject({ zoneName: 'Z2', ci: 8 });
      cache.delete('X@Y');
      expect(cache.get('x@y')).toBeUndefined();

      const first = testClient(sb.zoneLookupUrl, { zoneCache: cache });
      await first.client.zone();
      const second = testClient(sb.zoneLookupUrl, { zoneCache: createSqliteZoneCache(app.db) });
      expect((await second.client.zone()).url).toBe(sb.zoneUrl());
      expect(sb.control.stats().requests.zoneInformation?.GET).toBe(1);
      await Promise.all([first.client.close(), second.client.close()]);
    } finally {
      app.close();
    }
  });
});
