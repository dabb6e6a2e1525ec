import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError, createMemoryZoneCache } from '../../../main/autotask';
import { startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { collect, producedErrors, remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';
import { zoneCacheKey } from '../../../main/autotask/url-safety';

let m: MiniAutotask;
beforeEach(async () => {
  m = await startMiniAutotask();
});
afterEach(async () => {
  await m.close();
});
afterAll(() => expectNoSecretsLeaked());

const lookups = () => m.server.requests.filter((r) => /zoneinformation/i.test(r.url));

describe('zone discovery', () => {
  it('looks the zone up from the username without sending credentials, keeps ci and normalises slashes', async () => {
    m.zonePath = '/zone-a/ATServicesRest'; // announced without a trailing slash
    const { client } = testClient(m.lookupUrl.replace(/\/$/, ''));
    const zone = await client.zone();
    expect(zone).toMatchObject({ zoneName: 'Test Zone A', url: `${m.origin}/zone-a/ATServicesRest/`, ci: 424242 });
    expect(zone.webUrl).toBe(`${m.origin}/web/`);
    const [lookup] = lookups();
    expect(lookup!.url).toBe(`/ATServicesRest/V1.0/zoneInformation?user=${encodeURIComponent('api-user@msp.example')}`);
    expect(lookup!.headers.secret).toBeUndefined();
    expect(lookup!.headers.apiintegrationcode).toBeUndefined();
    expect(lookup!.headers.username).toBeUndefined();
    await client.close();
  });

  it('caches the zone per username for at most 24 hours', async () => {
    const cache = createMemoryZoneCache();
    const first = testClient(m.lookupUrl, { zoneCache: cache });
    await first.client.zone();
    const second = testClient(m.lookupUrl, { zoneCache: cache });
    second.clock.advance(23 * 3600_000);
    await second.client.zone();
    expect(lookups()).toHaveLength(1);
    const third = testClient(m.lookupUrl, { zoneCache: cache });
    third.clock.advance(24 * 3600_000 + 1000);
    await third.client.zone();
    expect(lookups()).toHaveLength(2);
    await Promise.all([first.client.close(), second.client.close(), third.client.close()]);
  });

  it('concurrent callers share one lookup', async () => {
    const { client } = testClient(m.lookupUrl);
    await Promise.all(Array.from({ length: 10 }, () => client.zone()));
    expect(lookups()).toHaveLength(1);
    await client.close();
  });

  it('on a 401 re-discovers once and retries when the zone moved', async () => {
    const cache = createMemoryZoneCache();
    const { client, events } = testClient(m.lookupUrl, { zoneCache: cache });
    expect(await client.count('Companies', [])).toBe(1234);
    m.zonePath = '/zone-b/ATServicesRest/'; // the old base now answers 401
    expect(await client.count('Companies', [{ op: 'gte', field: 'id', value: 3000 }])).toBe(234);
    expect(lookups()).toHaveLength(2);
    expect(cache.get(zoneCacheKey(m.lookupUrl, 'api-user@msp.example'))?.url).toBe(`${m.origin}/zone-b/ATServicesRest/`);
    expect(events).toContainEqual(expect.objectContaining({ type: 'zone-rediscovered', changed: true }));
    await client.close();
  });

  it('a 401 from an unchanged zone is a wrong secret, after exactly one re-discovery', async () => {
    const { client } = testClient(m.lookupUrl, { credentials: { username: 'api-user@msp.example', secret: 'wrong-secret-value', integrationCode: 'INTCODE-ABCDEF-123' } });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect(err.kind).toBe('bad-secret');
    expect(err.status).toBe(401);
    expect(err.userMessage).toMatch(/secret was rejected/);
    expect(lookups()).toHaveLength(2);
    expect(JSON.stringify(err)).not.toContain('wrong-secret-value');
    await client.close();
  });

  it('an unknown username is explained, not shown as "HTTP 500"', async () => {
    const { client } = testClient(m.lookupUrl, { credentials: { username: 'typo@msp.example', secret: 'S3cr3t-Very-Private-42', integrationCode: 'INTCODE-ABCDEF-123' } });
    const err = await remember(client.zone()).catch((e) => e);
    expect(err.kind).toBe('unknown-username');
    expect(err.userMessage).toBe("Autotask did not recognise the API username. Check the username in Configuration (it is the API user's login, like name@company.com).");
    expect(err.errors).toEqual(['Zone information could not be determined']);
    expect(lookups()).toHaveLength(1); // not retried
    await client.close();
  });

  it('refuses a zone that would downgrade https to http', async () => {
    const { parseZoneResponse } = await import('../../../main/autotask/zone-resolver');
    expect(() =>
      parseZoneResponse(
        { url: 'http://webservices5.autotask.net/ATServicesRest/', ci: 1 },
        'https://webservices.autotask.net/ATServicesRest/V1.0/zoneInformation?user=x',
        new Date().toISOString(),
      ),
    ).toThrow(/plain http/);
    producedErrors.push(new Error('placeholder'));
  });

  it('streams a query across a zone move', async () => {
    const { client } = testClient(m.lookupUrl);
    await client.zone();
    m.zonePath = '/zone-c/ATServicesRest/';
    const rows = await collect(client.query('Companies', { filter: [] }));
    expect(rows).toHaveLength(1234);
    await client.close();
  });
});
