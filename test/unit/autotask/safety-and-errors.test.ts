import crypto from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError } from '../../../main/autotask';
import { agentOptions } from '../../../main/autotask/http-transport';
import { describeBody, retryAfterMs } from '../../../main/autotask/response-classifier';
import { createRedactor } from '../../../main/autotask/secret-redactor';
import { CREDS, startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { sendJson, startStubServer, type StubServer } from './support/stub-server';
import { faultTimes, isQuery } from './support/faults';
import { collect, producedErrors, remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';

let m: MiniAutotask;
let spy: StubServer;
beforeEach(async () => {
  m = await startMiniAutotask();
  spy = await startStubServer((_req, res) => sendJson(res, 200, { items: [], pageDetails: { nextPageUrl: null } }));
});
afterEach(async () => {
  await Promise.all([m.close(), spy.close()]);
});
afterAll(() => expectNoSecretsLeaked());

function spoofNextPage(target: string) {
  m.intercept = faultTimes(1, isQuery, (res) =>
    sendJson(res, 200, { items: m.rows.Companies!.slice(0, 500), pageDetails: { count: 500, requestCount: 500, nextPageUrl: target } }),
  );
}

describe('credentials go only to the zone', () => {
  it('refuses a nextPageUrl on another origin without sending anything there', async () => {
    spoofNextPage(`${spy.origin}/zone-a/ATServicesRest/V1.0/Companies/query/next?paging=x`);
    const { client } = testClient(m.lookupUrl);
    const pages: unknown[][] = [];
    const err = await remember(
      (async () => {
        for await (const p of client.query('Companies', { filter: [] }, { paging: 'next-page-url' })) pages.push(p);
      })(),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect(err.kind).toBe('unsafe-url');
    expect(err.userMessage).toMatch(/not your Autotask zone.*Nothing was sent there/);
    expect(spy.requests).toHaveLength(0);
    expect(pages).toHaveLength(1);
    await client.close();
  });

  it.each([
    ['another scheme', (o: string) => o.replace('http://', 'https://') + '/zone-a/ATServicesRest/V1.0/Companies/query/next'],
    ['a path outside the zone base', (o: string) => `${o}/other/V1.0/Companies/query/next`],
    ['embedded userinfo', (o: string) => o.replace('http://', 'http://evil@') + '/zone-a/ATServicesRest/V1.0/x'],
  ])('refuses %s', async (_name, make) => {
    spoofNextPage(make(m.origin));
    const { client } = testClient(m.lookupUrl);
    const err = await remember(collect(client.query('Companies', { filter: [] }, { paging: 'next-page-url' }))).catch((e) => e);
    expect(err.kind).toBe('unsafe-url');
    expect(m.apiRequests('Companies').filter(isQuery)).toHaveLength(1);
    await client.close();
  });

  it('sends the three auth headers to the zone and nothing secret in the URL', async () => {
    const { client } = testClient(m.lookupUrl);
    await client.count('Companies', []);
    const req = m.apiRequests('Companies').find(isQuery)!;
    expect(req.headers.apiintegrationcode).toBe(CREDS.integrationCode);
    expect(req.headers.username).toBe(CREDS.username);
    expect(req.headers.secret).toBe(CREDS.secret);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.url).not.toContain(CREDS.secret);
    await client.close();
  });
});

describe('errors a bookkeeper can act on', () => {
  it('translates a bad integration code (HTTP 500)', async () => {
    const { client } = testClient(m.lookupUrl, { credentials: { ...CREDS, integrationCode: 'WRONG-CODE-999' } });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('bad-integration-code');
    expect(err.status).toBe(500);
    expect(err.errors).toEqual(['IntegrationCode is invalid.']);
    expect(err.userMessage).toMatch(/rejected the API integration code/);
    expect(err.method).toBe('GET'); // the first call was the threshold reading
    expect(JSON.stringify(err)).not.toContain('WRONG-CODE-999');
    await client.close();
  });

  it('redacts a secret that the server echoes back, everywhere', async () => {
    m.intercept = faultTimes(1, isQuery, (res) =>
      sendJson(res, 500, { errors: [`Invalid value ${CREDS.secret} for field x (code ${encodeURIComponent(CREDS.integrationCode)})`] }),
    );
    const { client } = testClient(m.lookupUrl);
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('validation');
    expect(err.errors[0]).toBe('Invalid value [redacted] for field x (code [redacted])');
    for (const text of [err.message, err.userMessage, JSON.stringify(err), String(err.stack)]) {
      expect(text).not.toContain(CREDS.secret);
    }
    await client.close();
  });

  it('describes HTML, empty and cut JSON bodies', () => {
    expect(describeBody('<html><head><title>502 - Web server received an invalid response</title></head></html>', 'text/html', 90)).toBe(
      'an HTML page ("502 - Web server received an invalid response") instead of JSON',
    );
    expect(describeBody('', '', 0)).toBe('an empty response');
    expect(describeBody('{"items":[{"id"', 'application/json', 15)).toBe('JSON cut off after 15 bytes (incomplete or invalid)');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-03-03T09:00:00Z');
    expect(retryAfterMs({ 'retry-after': '12' }, now)).toBe(12_000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 03 Mar 2025 09:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it('explains incomplete credentials without sending anything', async () => {
    const { client } = testClient(m.lookupUrl, { credentials: { ...CREDS, secret: '' } });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('missing-credentials');
    expect(err.userMessage).toMatch(/secret is missing/);
    expect(m.server.requests).toHaveLength(0);
    await client.close();
  });

  it('AutotaskError.toJSON carries the typed fields', async () => {
    const e = new AutotaskError({
      kind: 'server',
      userMessage: 'x',
      method: 'POST',
      url: 'https://h/ATServicesRest/V1.0/Contracts/query',
      status: 500,
      errors: ['boom'],
      retryable: true,
    });
    expect(e.toJSON()).toMatchObject({
      kind: 'server',
      status: 500,
      errors: ['boom'],
      method: 'POST',
      url: 'https://h/ATServicesRest/V1.0/Contracts/query',
      userMessage: 'x',
      retryable: true,
    });
    expect(e.message).toBe('x [HTTP 500 POST https://h/ATServicesRest/V1.0/Contracts/query]');
    producedErrors.push(e);
  });

  it('the redactor covers raw, URL-encoded and JSON-escaped forms', () => {
    const r = createRedactor({ username: 'u', secret: 'p@ss "w/rd"+', integrationCode: 'CODE123' });
    expect(r.text('a p@ss "w/rd"+ b')).toBe('a [redacted] b');
    expect(r.text(`a ${encodeURIComponent('p@ss "w/rd"+')} b`)).toBe('a [redacted] b');
    expect(r.text(JSON.stringify({ s: 'p@ss "w/rd"+' }))).toBe('{"s":"[redacted]"}');
    expect(r.url('https://x/y?secret=abc&code=CODE123')).toBe('https://x/y?secret=%5Bredacted%5D&code=[redacted]');
  });
});

describe('accounting and TLS switch', () => {
  it('counts calls per entity, zone and threshold, bytes, pages and rows', async () => {
    const { client } = testClient(m.lookupUrl);
    await collect(client.query('Companies', { filter: [] }));
    await client.count('Companies', []);
    const a = client.accounting();
    expect(a.calls).toEqual({ zone: 1, threshold: 1, Companies: 4 }); // 3 pages + count (no field list: a query alone fetches none)
    expect(a.totalCalls).toBe(6);
    expect(a.pages).toBe(3);
    expect(a.rows).toBe(1234);
    expect(a.bytesReceived).toBeGreaterThan(30_000);
    expect(a.retries).toBe(0);
    await client.close();
  });

  it('legacy TLS renegotiation is off by default and a documented switch', () => {
    const off = agentOptions({ requestTimeoutMs: 1000 });
    expect((off.connect as Record<string, unknown>).secureOptions).toBeUndefined();
    const on = agentOptions({ requestTimeoutMs: 1000, tls: { legacyServerConnect: true } });
    expect((on.connect as Record<string, unknown>).secureOptions).toBe(crypto.constants.SSL_OP_LEGACY_SERVER_CONNECT);
  });
});
