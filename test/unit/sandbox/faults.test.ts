import { describe, expect, it } from 'vitest';
import { openSandbox, type TestSandbox, useSandbox } from './sandbox-test-client';

const t = useSandbox({ size: 'demo' }, { reset: (s) => s.sb.control.clearFaults() });

const Q = { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 10 };

describe('injected faults', () => {
  it.each([
    ['html502', 502],
    ['html503', 503],
  ] as const)('%s answers an IIS HTML page', async (kind, status) => {
    t.sb.control.injectFault({ kind, entity: 'TimeEntries' });
    const res = await t.call('TimeEntries/query', { body: Q });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/<html/);
    expect((await t.call('TimeEntries/query', { body: Q })).status).toBe(200); // times defaults to 1
  });

  it('reset destroys the connection', async () => {
    t.sb.control.injectFault({ kind: 'reset' });
    await expect(t.call('Companies/0')).rejects.toThrow();
  });

  it('truncated answers 200 with JSON cut mid-way', async () => {
    t.sb.control.injectFault({ kind: 'truncated', entity: 'Companies' });
    const res = await t.call('Companies/query', { body: Q });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"items":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('slow delays the answer by delayMs', async () => {
    t.sb.control.injectFault({ kind: 'slow', delayMs: 150 });
    const start = performance.now();
    expect((await t.call('Companies/0')).status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });

  it('stall never answers until the client gives up', async () => {
    t.sb.control.injectFault({ kind: 'stall', entity: 'Companies' });
    const res = fetch(`${t.base()}Companies/0`, { headers: t.authHeaders(), signal: AbortSignal.timeout(300) });
    await expect(res).rejects.toThrow(/abort|timeout/i);
    expect((await t.call('Companies/0')).status).toBe(200); // the next request is served normally
  });

  it('.NET, validation and permission 500s carry {"errors":[…]}', async () => {
    const cases = [
      ['dotnet500', 'Object reference not set to an instance of an object.'],
      ['validation500', 'Value does not reference an existing entity for contractID . '],
      ['permission500', 'The logged in Resource does not have the adequate permissions to query this entity type.'],
    ] as const;
    for (const [kind, message] of cases) {
      t.sb.control.injectFault({ kind });
      const res = await t.call('Companies/0');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ errors: [message] });
    }
  });

  it('thread429 and overLimit refuse like the real limits', async () => {
    t.sb.control.injectFault({ kind: 'thread429', entity: 'Contracts', method: 'POST' });
    expect((await t.call('Contracts/1003')).status).toBe(200); // GET does not match
    const res = await t.call('Contracts/query', { body: Q });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { errors: string[] }).errors[0]).toMatch(/thread threshold/);
    t.sb.control.injectFault({ kind: 'overLimit' });
    expect((await t.call('Companies/0')).status).toBe(429);
  });

  it('spoofNextPage points nextPageUrl at a foreign origin', async () => {
    const foreign = await openSandbox({ size: 'empty' });
    try {
      t.sb.control.injectFault({ kind: 'spoofNextPage', origin: foreign.sb.origin });
      const r = await t.query('TimeEntries', Q);
      expect(r.status).toBe(200);
      expect(new URL(r.json.pageDetails.nextPageUrl).origin).toBe(foreign.sb.origin);
      expect(foreign.sb.control.stats().total).toBe(0);
    } finally {
      await foreign.sb.close();
    }
  });

  it('zoneMove moves the tenant: the request that triggered it gets 401', async () => {
    const before = t.sb.zoneUrl();
    t.sb.control.injectFault({ kind: 'zoneMove', entity: 'Companies' });
    expect((await t.call(`${before}V1.0/Companies/0`)).status).toBe(401);
    expect(t.sb.zoneUrl()).not.toBe(before);
    expect((await t.call('Companies/0')).status).toBe(200);
  });

  it('applies to the zone lookup too when asked', async () => {
    t.sb.control.injectFault({ kind: 'html503', entity: 'zoneInformation' });
    const res = await fetch(`${t.sb.zoneLookupUrl}V1.0/zoneInformation?user=${encodeURIComponent(t.sb.credentials.username)}`);
    expect(res.status).toBe(503);
  });

  it('probabilistic faults are reproducible for the same seed', async () => {
    const pattern = async (s: TestSandbox): Promise<number[]> => {
      s.sb.control.injectFault({ kind: 'dotnet500', probability: 0.5, entity: 'Companies' });
      const out: number[] = [];
      for (let i = 0; i < 24; i++) out.push((await s.call('Companies/0')).status);
      return out;
    };
    const a = await openSandbox({ size: 'empty', seed: 7 });
    const b = await openSandbox({ size: 'empty', seed: 7 });
    try {
      const pa = await pattern(a);
      expect(pa).toEqual(await pattern(b));
      expect(pa).toContain(500);
      expect(pa).toContain(200);
    } finally {
      await a.sb.close();
      await b.sb.close();
    }
  });

  it('emits date-times with varying fractional digits and optional Z, same instants', async () => {
    t.sb.control.setBehaviour({ dateTimeStyle: 'varying', dateTimeZulu: 'mixed' });
    try {
      const r = await t.query('TimeEntries', { filter: [{ op: 'exist', field: 'startDateTime' }], MaxRecords: 200 });
      const shapes = new Set<string>();
      let withoutZ = 0;
      for (const item of r.json.items) {
        const text: string = item.startDateTime;
        const frac = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
        shapes.add(String(frac));
        if (!text.endsWith('Z')) withoutZ++;
        const canonical = t.sb.control.get('TimeEntries', item.id)!.startDateTime as string;
        expect(Date.parse(text.endsWith('Z') ? text : `${text}Z`)).toBe(Date.parse(canonical));
      }
      expect([...shapes].sort()).toEqual(['0', '2', '3', '7']);
      expect(withoutZ).toBeGreaterThan(0);
      expect(withoutZ).toBeLessThan(r.json.items.length);
    } finally {
      t.sb.control.setBehaviour({ dateTimeStyle: 'ms', dateTimeZulu: 'always' });
    }
  });

  it('counts injected failures as refused "other"', async () => {
    t.sb.control.resetStats();
    t.sb.control.injectFault({ kind: 'html502', times: 2 });
    await t.call('Companies/0');
    await t.call('Companies/0');
    await t.call('Companies/0');
    const s = t.sb.control.stats();
    expect(s.refused.other).toBe(2);
    expect(s.requests.Companies!.GET).toBe(3);
  });
});
