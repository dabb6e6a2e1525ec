import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { ALL, useSandbox } from './sandbox-test-client';

const t = useSandbox({ size: 'demo' });

/** Raw node:http request, so header-name casing is sent exactly as written. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ filter: ALL, MaxRecords: 1 }));
  });
}

describe('zone lookup and version information', () => {
  it('answers zoneInformation without auth, case-insensitively, with a zone URL on the same server', async () => {
    const user = encodeURIComponent(t.sb.credentials.username.toUpperCase());
    for (const path of ['ATServicesRest/V1.0/zoneInformation', 'atservicesrest/v1.0/ZoneInformation']) {
      const res = await fetch(`${t.sb.origin}/${path}?user=${user}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['ci', 'url', 'webUrl', 'zoneName']);
      expect(body.url).toBe(t.sb.zoneUrl());
      expect(String(body.url).startsWith(t.sb.origin)).toBe(true);
      expect(String(body.url).endsWith('/ATServicesRest/')).toBe(true);
      expect(typeof body.ci).toBe('number');
    }
    expect(t.sb.zoneLookupUrl).toBe(`${t.sb.origin}/ATServicesRest/`);
  });

  it('unknown user → 500 "Zone information could not be determined"', async () => {
    const res = await fetch(`${t.sb.zoneLookupUrl}V1.0/zoneInformation?user=nobody%40example.com`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ errors: ['Zone information could not be determined'] });
  });

  it('serves versioninformation at the lookup root and under the zone', async () => {
    for (const url of [`${t.sb.zoneLookupUrl}versioninformation`, `${t.sb.zoneUrl()}VersionInformation`]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ apiVersions: ['V1.0'] });
    }
  });
});

describe('authentication', () => {
  it('matches header names case-insensitively', async () => {
    const c = t.sb.credentials;
    const res = await rawGet(`${t.base()}Companies/query`, { USERNAME: c.username, secret: c.secret, apiintegrationCODE: c.integrationCode });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items).toHaveLength(1);
  });

  it('missing or wrong integration code → 500 "IntegrationCode is invalid."', async () => {
    for (const code of [undefined, 'WRONG']) {
      const headers: Record<string, string> = { UserName: t.sb.credentials.username, Secret: t.sb.credentials.secret };
      if (code) headers.ApiIntegrationCode = code;
      const res = await fetch(`${t.base()}Companies/0`, { headers });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ errors: ['IntegrationCode is invalid.'] });
    }
  });

  it('wrong secret, unknown user or no credentials → 401 with a minimal body', async () => {
    const c = t.sb.credentials;
    const cases: Array<Record<string, string>> = [
      { UserName: c.username, Secret: 'wrong', ApiIntegrationCode: c.integrationCode },
      { UserName: 'someone@else.invalid', Secret: c.secret, ApiIntegrationCode: c.integrationCode },
      {},
    ];
    for (const headers of cases) {
      const res = await fetch(`${t.base()}Companies/0`, { headers });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
  });

  it('counts requests with and without credentials, and auth refusals', async () => {
    t.sb.control.resetStats();
    await fetch(`${t.sb.zoneLookupUrl}V1.0/zoneInformation?user=x`);
    await fetch(`${t.base()}Companies/0`, { headers: { UserName: 'x', Secret: 'y' } });
    await t.call('Companies/0');
    const s = t.sb.control.stats();
    expect(s.requestsWithoutCredentials).toBe(1);
    expect(s.requestsWithCredentials).toBe(2);
    expect(s.refused.auth).toBe(1);
    expect(s.total).toBe(3);
    expect(s.requests.zoneInformation).toEqual({ GET: 1 });
    expect(s.requests.Companies).toEqual({ GET: 2 });
  });

  it('after moveZone the old zone answers 401 and lookup returns the new zone', async () => {
    const oldBase = t.base();
    const newZone = t.sb.control.moveZone();
    expect(newZone).not.toBe(oldBase);
    expect(t.sb.zoneUrl()).toBe(newZone);
    const old = await fetch(`${oldBase}Companies/0`, { headers: t.authHeaders() });
    expect(old.status).toBe(401);
    const lookup = (await (await fetch(`${t.sb.zoneLookupUrl}V1.0/zoneInformation?user=${encodeURIComponent(t.sb.credentials.username)}`)).json()) as {
      url: string;
    };
    expect(lookup.url).toBe(newZone);
    const fresh = await fetch(`${lookup.url}V1.0/Companies/0`, { headers: t.authHeaders() });
    expect(fresh.status).toBe(200);
  });

  it('answers 401 on the lookup root (not a zone) and 404 on unknown paths', async () => {
    const res = await fetch(`${t.sb.zoneLookupUrl}V1.0/Companies/0`, { headers: t.authHeaders() });
    expect(res.status).toBe(401);
    const nf = await fetch(`${t.sb.origin}/nothing/here`);
    expect(nf.status).toBe(404);
    expect(Object.keys((await nf.json()) as object)).toEqual(['Message']);
  });
});
