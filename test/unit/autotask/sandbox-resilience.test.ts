// Against the built-in sandbox over real HTTP: zone moves, faults, limits, auth errors, spoofed cursors.
import { describe, expect, it } from 'vitest';
import { createMemoryZoneCache } from '../../../main/autotask';
import { CREDS } from './support/mini-autotask';
import { startStubServer, sendJson } from './support/stub-server';
import { collect, remember, testClient } from './support/client-factory';
import { postsTo, startTestSandbox, useTestSandbox } from './support/sandbox-fixture';
import { zoneCacheKey } from '../../../main/autotask/url-safety';

const sb = useTestSandbox({ reset: (s) => s.control.setBehaviour({ retryAfterSeconds: undefined }) });

const teCount = () => sb.control.count('TimeEntries');

describe('recovery (sandbox)', () => {
  it('follows a zone move in the middle of a run', async () => {
    const cache = createMemoryZoneCache();
    const { client, events } = testClient(sb.zoneLookupUrl, { zoneCache: cache });
    const before = await client.zone();
    let pages = 0;
    let rows = 0;
    for await (const page of client.query('TimeEntries', { filter: [] })) {
      pages += 1;
      rows += page.length;
      if (pages === 2) sb.control.moveZone();
    }
    expect(rows).toBe(teCount());
    const after = await client.zone();
    expect(after.url).not.toBe(before.url);
    expect(after.url).toBe(sb.zoneUrl());
    expect(cache.get(zoneCacheKey(sb.zoneLookupUrl, CREDS.username))?.url).toBe(sb.zoneUrl());
    expect(events.some((e) => e.type === 'zone-rediscovered' && e.changed)).toBe(true);
    expect(sb.control.stats().refused.auth).toBe(1);
    await client.close();
  });

  it('follows a zone move on the next-page cursor too', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    let pages = 0;
    const ids = new Set<number>();
    for await (const page of client.query<{ id: number }>('TimeEntries', { filter: [] }, { paging: 'next-page-url' })) {
      pages += 1;
      page.forEach((r) => ids.add(r.id));
      if (pages === 3) sb.control.moveZone();
    }
    expect(ids.size).toBe(teCount());
    await client.close();
  });

  it('rides out a 429 thread-limit storm, honouring Retry-After', async () => {
    sb.control.setBehaviour({ retryAfterSeconds: 2 });
    sb.control.injectFault({ kind: 'thread429', entity: 'TimeEntries', times: 6 });
    const { client, clock } = testClient(sb.zoneLookupUrl, { retry: { maxAttempts: 8 } });
    const rows = await collect(client.query('TimeEntries', { filter: [] }));
    expect(rows).toHaveLength(teCount());
    const acc = client.accounting();
    expect(acc.retries).toBe(6);
    expect(acc.throttleWaits).toBe(6);
    expect(clock.sleeps.filter((ms) => ms >= 2000)).toHaveLength(6);
    expect(sb.control.stats().refused.threadLimit).toBe(6);
    await client.close();
  });

  it('recovers from HTML 502/503 pages, truncated JSON, resets and a slow zone', async () => {
    for (const kind of ['html503', 'html502', 'truncated', 'reset', 'html503'] as const) {
      sb.control.injectFault({ kind, entity: 'TimeEntries' });
    }
    sb.control.injectFault({ kind: 'slow', entity: 'TimeEntries', delayMs: 50 });
    const { client, events } = testClient(sb.zoneLookupUrl);
    const rows = await collect(client.query('TimeEntries', { filter: [] }));
    expect(rows).toHaveLength(teCount());
    const kinds = events.filter((e) => e.type === 'retry').map((e) => (e as { kind: string }).kind);
    expect(kinds).toHaveLength(5);
    expect(kinds).toEqual(expect.arrayContaining(['server', 'bad-response', 'unreachable']));
    await client.close();
  });

  it('retries a stalled request after the timeout', async () => {
    sb.control.injectFault({ kind: 'stall', entity: 'Companies' });
    const { client } = testClient(sb.zoneLookupUrl, { requestTimeoutMs: 300 });
    expect(await client.count('Companies', [])).toBe(sb.control.count('Companies'));
    expect(client.accounting().retries).toBe(1);
    await client.close();
  });

  it('does not retry a validation 500 and shows Autotask’s text', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    await client.fields('Contracts');
    sb.control.injectFault({ kind: 'validation500', entity: 'Contracts', method: 'POST' });
    const err = await remember(client.count('Contracts', [])).catch((e) => e);
    expect(err.kind).toBe('validation');
    expect(err.userMessage).toContain('Value does not reference an existing entity for contractID');
    expect(postsTo(sb, 'Contracts')).toBe(1);
    expect(client.accounting().retries).toBe(0);
    await client.close();
  });

  it('translates a permission 500 without retrying', async () => {
    sb.control.injectFault({ kind: 'permission500', entity: 'Contracts', method: 'POST' });
    const { client } = testClient(sb.zoneLookupUrl);
    const err = await remember(client.count('Contracts', [])).catch((e) => e);
    expect(err.kind).toBe('permission');
    expect(postsTo(sb, 'Contracts')).toBe(1);
    await client.close();
  });

  it('refuses a spoofed nextPageUrl without sending credentials anywhere else', async () => {
    const spy = await startStubServer((_req, res) => sendJson(res, 200, { items: [], pageDetails: { nextPageUrl: null } }));
    sb.control.injectFault({ kind: 'spoofNextPage', entity: 'TimeEntries', method: 'POST', origin: spy.origin });
    const { client } = testClient(sb.zoneLookupUrl);
    const err = await remember(collect(client.query('TimeEntries', { filter: [] }, { paging: 'next-page-url' }))).catch((e) => e);
    expect(err.kind).toBe('unsafe-url');
    expect(spy.requests).toHaveLength(0);
    await Promise.all([client.close(), spy.close()]);
  });
});

describe('hourly budget (sandbox)', () => {
  it('stops the run with a clear message before the reserve, never reaching the server limit', async () => {
    const small = await startTestSandbox({ hourlyLimit: 60 });
    try {
      const { client } = testClient(small.zoneLookupUrl, { budget: { checkEveryCalls: 10 } });
      const err = await remember(collect(client.query('TimeEntries', { filter: [] }, { pageSize: 20 }))).catch((e) => e);
      expect(err.kind).toBe('budget');
      expect(err.userMessage).toMatch(/^Stopped to keep 6 of Autotask's 60 hourly API requests for your other integrations; try again after \d\d:\d\d\./);
      expect(small.control.hourlyCount()).toBeLessThanOrEqual(54);
      expect(small.control.hourlyCount()).toBeGreaterThanOrEqual(50);
      expect(small.control.stats().refused.overLimit).toBe(0);
      await client.close();
    } finally {
      await small.close();
    }
  });

  it('an over-limit refusal from Autotask itself is translated and not hammered', async () => {
    sb.control.injectFault({ kind: 'overLimit', entity: 'Companies', method: 'POST', times: 3 });
    const { client } = testClient(sb.zoneLookupUrl);
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('threshold');
    expect(err.userMessage).toMatch(/hourly limit of API requests/);
    expect(postsTo(sb, 'Companies')).toBe(1);
    await client.close();
  });
});

describe('auth errors (sandbox)', () => {
  it.each([
    ['unknown-username', { username: 'nobody@msp.example' }, /did not recognise the API username/],
    ['bad-secret', { secret: 'not-the-secret-123' }, /secret was rejected \(HTTP 401\)/],
    ['bad-integration-code', { integrationCode: 'NOT-THE-CODE-456' }, /rejected the API integration code/],
  ] as const)('%s', async (kind, override, message) => {
    const { client } = testClient(sb.zoneLookupUrl, { credentials: { ...CREDS, ...override } });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe(kind);
    expect(err.userMessage).toMatch(message);
    expect(JSON.stringify(err)).not.toMatch(/not-the-secret-123|NOT-THE-CODE-456/);
    await client.close();
  });
});
