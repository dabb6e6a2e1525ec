import { afterEach, describe, expect, it } from 'vitest';
import { openSandbox, type TestSandbox } from './sandbox-test-client';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.sb.close();
  t = undefined;
});

describe('rolling-hour request threshold', () => {
  it('refuses above the limit with 429 and recovers when the window rolls on', async () => {
    t = await openSandbox({ size: 'empty', hourlyLimit: 4 });
    for (let i = 0; i < 4; i++) expect((await t.call('Companies/0')).status).toBe(200);
    const refused = await t.call('Companies/0');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    const body = (await refused.json()) as { errors: string[] };
    expect(body.errors[0]).toMatch(/request threshold.*exceeded/i);
    expect(t.sb.control.stats().refused.overLimit).toBe(1);
    expect(t.sb.control.hourlyCount()).toBe(4);
    t.sb.control.clock.advance(30 * 60_000);
    expect((await t.call('Companies/0')).status).toBe(429);
    t.sb.control.clock.advance(31 * 60_000);
    expect(t.sb.control.hourlyCount()).toBe(0);
    expect((await t.call('Companies/0')).status).toBe(200);
  });

  it('can refuse with 500 and send Retry-After when switched', async () => {
    t = await openSandbox({ size: 'empty', hourlyLimit: 1, behaviour: { retryAfterSeconds: 42 } });
    await t.call('Companies/0');
    const r429 = await t.call('Companies/0');
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('42');
    t.sb.control.setBehaviour({ overLimit: '500' });
    const r500 = await t.call('Companies/0');
    expect(r500.status).toBe(500);
    expect(((await r500.json()) as { errors: string[] }).errors[0]).toMatch(/threshold/);
  });

  it('adds latency from 50 % and more from 75 % of the threshold (scaled)', async () => {
    t = await openSandbox({ size: 'empty', hourlyLimit: 8, latencyScale: 0.2 }); // 100 ms / 200 ms
    const timed = async (): Promise<number> => {
      const start = performance.now();
      await (await t!.call('Companies/0')).text();
      return performance.now() - start;
    };
    for (let i = 0; i < 3; i++) await timed(); // 1/8 … 3/8
    const at50 = await timed(); // 4/8
    await timed(); // 5/8
    const at75 = await timed(); // 6/8
    expect(at50).toBeGreaterThanOrEqual(95);
    expect(at75).toBeGreaterThanOrEqual(195);
  });
});

describe('thread limit', () => {
  it('allows 3 in flight per (integration code, entity) and refuses more with 429 "thread threshold"', async () => {
    t = await openSandbox({ size: 'empty' });
    t.sb.control.setLatency({ Companies: 500 });
    const calls = Array.from({ length: 5 }, () => t!.call('Companies/0'));
    const other = t.call('Contracts/query', { body: { filter: [{ op: 'exist', field: 'id' }] } });
    const results = await Promise.all(calls);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(((await refused.json()) as { errors: string[] }).errors[0]).toMatch(/thread threshold of 3 threads has been exceeded/);
    expect((await other).status).toBe(200);
    const s = t.sb.control.stats();
    // Refused requests leave at once, so the peak counts the 4th (maybe 5th) arrival next to the 3 held.
    expect(s.peakConcurrency.Companies).toBeGreaterThanOrEqual(4);
    expect(s.refused.threadLimit).toBe(2);
    expect(s.peakConcurrency.Contracts).toBe(1);
  });

  it('honours a configured threadLimit', async () => {
    t = await openSandbox({ size: 'empty', threadLimit: 1 });
    t.sb.control.setLatency(200);
    const statuses = (await Promise.all([t.call('Companies/0'), t.call('Companies/0')])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429]);
  });
});
