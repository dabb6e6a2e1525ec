import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { sendJson } from './support/stub-server';
import { faultTimes, html, isQuery, shortJson, truncated } from './support/faults';
import { collect, remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';

let m: MiniAutotask;
beforeEach(async () => {
  m = await startMiniAutotask();
});
afterEach(async () => {
  await m.close();
});
afterAll(() => expectNoSecretsLeaked());

const queryCount = () => m.apiRequests('Companies').filter(isQuery).length;

describe('retries', () => {
  it('recovers from a storm of 429s, honouring Retry-After in seconds and as an HTTP date', async () => {
    const { client, clock } = testClient(m.lookupUrl);
    let n = 0;
    m.intercept = faultTimes(4, isQuery, (res) => {
      n += 1;
      const retryAfter = n === 2 ? new Date(clock.now() + 7_000).toUTCString() : '3';
      sendJson(res, 429, { errors: ['Too many requests'] }, { 'retry-after': retryAfter });
    });
    const rows = await collect(client.query('Companies', { filter: [] }));
    expect(rows).toHaveLength(1234);
    expect(clock.sleeps.slice(0, 4)).toEqual([3000, expect.any(Number), 3000, 3000]);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(6000);
    const acc = client.accounting();
    expect(acc.retries).toBe(4);
    expect(acc.throttleWaits).toBe(4);
    expect(acc.throttleWaitMs).toBe(clock.sleeps.slice(0, 4).reduce((a, b) => a + b, 0));
    await client.close();
  });

  it('backs off exponentially with full jitter when no Retry-After is given', async () => {
    const { client, clock } = testClient(m.lookupUrl, { random: () => 1, retry: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 6 } });
    m.intercept = faultTimes(5, isQuery, (res) => sendJson(res, 429, { errors: ['slow down'] }));
    expect(await client.count('Companies', [])).toBe(1234);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000]);
    await client.close();
  });

  it('retries the thread-limit message whatever the status', async () => {
    const { client, events } = testClient(m.lookupUrl);
    m.intercept = faultTimes(2, isQuery, (res) => sendJson(res, 500, { errors: ['The Autotask API thread threshold of 3 threads has been exceeded.'] }));
    expect(await client.count('Companies', [])).toBe(1234);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { kind: string }).kind)).toEqual(['thread-limit', 'thread-limit']);
    await client.close();
  });

  it('recovers from HTML 502/503 pages, truncated bodies, cut JSON and resets', async () => {
    const { client } = testClient(m.lookupUrl);
    const faults = [
      (res: import('node:http').ServerResponse) => html(res, 503, 'Service Unavailable'),
      (res: import('node:http').ServerResponse) => html(res, 502, 'Bad Gateway'),
      truncated,
      shortJson,
      (res: import('node:http').ServerResponse) => res.socket?.destroy(),
    ];
    let i = 0;
    m.intercept = faultTimes(faults.length, isQuery, (res) => faults[i++]!(res));
    const rows = await collect(client.query('Companies', { filter: [] }));
    expect(rows).toHaveLength(1234);
    expect(client.accounting().retries).toBe(5);
    await client.close();
  });

  it('retries a stalled response after the request timeout', async () => {
    const { client } = testClient(m.lookupUrl, { requestTimeoutMs: 200 });
    m.intercept = faultTimes(1, isQuery, (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"items":[');
    });
    expect(await client.count('Companies', [])).toBe(1234);
    expect(client.accounting().retries).toBe(1);
    await client.close();
  });

  it('never retries a validation 500 and shows Autotask’s text', async () => {
    const { client } = testClient(m.lookupUrl);
    m.intercept = faultTimes(1, isQuery, (res) => sendJson(res, 500, { errors: ['Unable to find projectID in the Company Entity'] }));
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('validation');
    expect(err.retryable).toBe(false);
    expect(err.errors).toEqual(['Unable to find projectID in the Company Entity']);
    expect(err.userMessage).toContain('Unable to find projectID in the Company Entity');
    expect(queryCount()).toBe(1);
    await client.close();
  });

  it('never retries a permission 500', async () => {
    const { client } = testClient(m.lookupUrl);
    m.intercept = faultTimes(1, isQuery, (res) => sendJson(res, 500, { errors: ['The logged in Resource does not have the adequate permissions to query this entity type.'] }));
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('permission');
    expect(err.userMessage).toMatch(/not allowed to read Companies.*Security Levels/);
    expect(queryCount()).toBe(1);
    await client.close();
  });

  it('gives an unknown .NET 500 exactly one more try', async () => {
    const { client } = testClient(m.lookupUrl);
    m.intercept = faultTimes(5, isQuery, (res) => sendJson(res, 500, { errors: ['Object reference not set to an instance of an object.'] }));
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('server');
    expect(err.userMessage).toContain('Object reference not set');
    expect(queryCount()).toBe(2);
    await client.close();
  });

  it('stops after maxAttempts and reports what arrived', async () => {
    const { client } = testClient(m.lookupUrl, { retry: { maxAttempts: 3 } });
    m.intercept = faultTimes(10, isQuery, (res) => html(res, 503, 'Service Unavailable'));
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('server');
    expect(err.status).toBe(503);
    expect(err.userMessage).toContain('HTML page ("Service Unavailable")');
    expect(queryCount()).toBe(3);
    await client.close();
  });

  it('stops when the total retry time would be exceeded (a long Retry-After)', async () => {
    const { client } = testClient(m.lookupUrl, { retry: { maxTotalMs: 60_000 } });
    m.intercept = faultTimes(10, isQuery, (res) => sendJson(res, 429, { errors: ['Request threshold exceeded'] }, { 'retry-after': '3600' }));
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('threshold');
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(queryCount()).toBe(1);
    await client.close();
  });

  it('explains an unreachable host, naming it', async () => {
    const { client } = testClient('http://127.0.0.1:9/ATServicesRest/', { retry: { maxAttempts: 2 } });
    const err = await remember(client.zone()).catch((e) => e);
    expect(err.kind).toBe('unreachable');
    expect(err.userMessage).toMatch(/Could not reach Autotask at 127\.0\.0\.1:9: the connection was refused/);
    expect(client.accounting().calls.zone).toBe(2);
    await client.close();
  });
});
