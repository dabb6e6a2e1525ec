import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError } from '../../../main/autotask';
import { CREDS, startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { collect, remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';
import { KeyedSemaphore } from '../../../main/autotask/keyed-semaphore';
import type { SharedThresholdReading } from '../../../main/autotask';
import { zoneCacheKey } from '../../../main/autotask/url-safety';
import { createSqliteThresholdCache } from '../../../main/db/threshold-cache';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createFakeClock } from './support/fake-clock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let m: MiniAutotask;
beforeEach(async () => {
  m = await startMiniAutotask();
});
afterEach(async () => {
  await m.close();
});
afterAll(() => expectNoSecretsLeaked());

const thresholdReads = () => m.apiRequests().filter((r) => /thresholdinformation/i.test(r.url)).length;

describe('hourly request budget', () => {
  it('reads ThresholdInformation at the first request and again every N calls', async () => {
    const { client } = testClient(m.lookupUrl, { budget: { checkEveryCalls: 5 } });
    for (let i = 0; i < 12; i++) await client.count('Companies', []);
    // 1 at the start, then after 5 and 10 of our calls (the fields call counts too).
    expect(thresholdReads()).toBe(3);
    expect(client.accounting().calls.threshold).toBe(3);
    await client.close();
  });

  it('by default reads once per run when the hour has plenty of room, and every 100 calls past the slow-down line', async () => {
    // 10,000 an hour, 100 used: the next reading is due a quarter of the way to the 5,000 line (1,225 calls).
    m.threshold.used = 100;
    const { client } = testClient(m.lookupUrl);
    for (let i = 0; i < 300; i++) await client.count('Companies', []);
    expect(thresholdReads()).toBe(1);
    await client.close();

    // 4,600 used: 400 calls left to the line, so a reading every 100 (the floor).
    m.threshold.used = 4_600;
    const before = thresholdReads();
    const closer = testClient(m.lookupUrl);
    for (let i = 0; i < 250; i++) await closer.client.count('Companies', []);
    expect(thresholdReads() - before).toBe(3);
    await closer.client.close();
  });

  it('an explicit cadence is kept as given, and quartered past 90 %', async () => {
    m.threshold.used = 9_100;
    const { client } = testClient(m.lookupUrl, { budget: { checkEveryCalls: 20, reserve: 10 } });
    for (let i = 0; i < 12; i++) await client.count('Companies', []);
    // 1 at the start, then every 5 calls (20 / 4) past 90 %.
    expect(thresholdReads()).toBe(3);
    await client.close();
  });

  it('re-reads the threshold after a few minutes even when few calls were made', async () => {
    const { client, clock } = testClient(m.lookupUrl);
    await client.count('Companies', []);
    clock.advance(5 * 60_000);
    await client.count('Companies', []);
    expect(thresholdReads()).toBe(2);
    await client.close();
  });

  it('paces requests above 50 % of the hourly budget, more the closer it gets', async () => {
    m.threshold.used = 6_000;
    const { client, clock, events } = testClient(m.lookupUrl);
    await client.count('Companies', []);
    const waits = events.filter((e) => e.type === 'throttle-wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(clock.sleeps[0]).toBe(250);
    m.threshold.used = 8_700;
    const near = testClient(m.lookupUrl);
    await near.client.count('Companies', []);
    expect(near.clock.sleeps[0]).toBe(1000);
    expect(near.client.accounting().throttleWaitMs).toBeGreaterThanOrEqual(1000);
    await Promise.all([client.close(), near.client.close()]);
  });

  it('does not pace below the slow-down line', async () => {
    m.threshold.used = 100;
    const { client, clock } = testClient(m.lookupUrl);
    await collect(client.query('Companies', { filter: [] }));
    expect(clock.sleeps).toEqual([]);
    expect(client.accounting().throttleWaits).toBe(0);
    await client.close();
  });

  it('stops a run with a clear message before eating into the reserve', async () => {
    m.threshold.used = 8_990;
    const { client } = testClient(m.lookupUrl, { budget: { reserve: 1_000, checkEveryCalls: 4 } });
    const err = await remember(collect(client.query('Companies', { filter: [] }, { pageSize: 10 }))).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect(err.kind).toBe('budget');
    expect(err.userMessage).toMatch(/^Stopped to keep 1,000 of Autotask's 10,000 hourly API requests for your other integrations; try again after \d\d:\d\d\./);
    // Never past the line: the server saw at most limit − reserve requests.
    expect(m.threshold.used).toBeLessThanOrEqual(9_000);
    expect(m.threshold.used).toBeGreaterThanOrEqual(8_995);
    await client.close();
  });

  it('default reserve is 10 % of the reported limit', async () => {
    m.threshold.limit = 200;
    m.threshold.used = 179;
    const { client } = testClient(m.lookupUrl);
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('budget');
    expect(err.userMessage).toContain("Stopped to keep 20 of Autotask's 200 hourly API requests");
    await client.close();
  });
});

describe('a reading shared between clients (the runs of one sync)', () => {
  const memoryCache = () => {
    const store = new Map<string, SharedThresholdReading>();
    return { store, cache: { get: (k: string) => store.get(k), set: (k: string, r: SharedThresholdReading) => void store.set(k, r) } };
  };

  it('the next client within the time cadence carries on from the stored reading and our calls since', async () => {
    m.threshold.used = 1_000;
    const clock = createFakeClock();
    const { cache } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, thresholdCache: cache });
    for (let i = 0; i < 10; i++) await first.client.count('Companies', []);
    await first.client.close();
    expect(thresholdReads()).toBe(1);

    clock.advance(60_000);
    const second = testClient(m.lookupUrl, { clock, thresholdCache: cache });
    await second.client.count('Companies', []);
    expect(thresholdReads()).toBe(1);
    await second.client.close();
    // The reading (1,001: the sandbox counts the reading itself) plus the first client's 10 counts and this
    // one's count.
    expect(cache.get(zoneCacheKey(m.lookupUrl, CREDS.username))).toMatchObject({ used: 1_001, callsSinceRead: 11 });
  });

  it('a stored reading as old as the time cadence is not used', async () => {
    const clock = createFakeClock();
    const { cache } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, thresholdCache: cache });
    await first.client.count('Companies', []);
    await first.client.close();
    clock.advance(5 * 60_000);
    const second = testClient(m.lookupUrl, { clock, thresholdCache: cache });
    await second.client.count('Companies', []);
    expect(thresholdReads()).toBe(2);
    await second.client.close();
  });

  it('an unreadable or broken store only costs a reading of our own', async () => {
    const broken = {
      get: () => {
        throw new Error('disk');
      },
      set: () => {
        throw new Error('disk');
      },
    };
    const { client } = testClient(m.lookupUrl, { thresholdCache: broken });
    expect(await client.count('Companies', [])).toBe(1234);
    await client.close();
    const odd = { get: () => ({ limit: 0, used: Number.NaN, timeframeMinutes: 60, readAt: Date.now(), callsSinceRead: -1 }), set: () => {} };
    const other = testClient(m.lookupUrl, { thresholdCache: odd });
    await other.client.count('Companies', []);
    expect(thresholdReads()).toBe(2);
    await other.client.close();
  });

  it('the SQLite store keeps it across restarts, keyed case-insensitively', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threshold-cache-'));
    try {
      const db = openDatabase(path.join(dir, 'app.db'), { migrationsFolder: sourceMigrationsFolder() });
      const reading = { limit: 10_000, used: 42, timeframeMinutes: 60, readAt: 1_700_000_000_000, callsSinceRead: 7 };
      createSqliteThresholdCache(db.sqlite).set('https://Lookup/ api-user@MSP.example', reading);
      db.close();
      const again = openDatabase(path.join(dir, 'app.db'), { migrationsFolder: sourceMigrationsFolder() });
      const store = createSqliteThresholdCache(again.sqlite);
      expect(store.get('https://lookup/ api-user@msp.example')).toEqual(reading);
      again.sqlite.prepare('UPDATE sync_state SET value = \'{"limit":"x"}\' WHERE key LIKE \'threshold:%\'').run();
      expect(store.get('https://lookup/ api-user@msp.example')).toBeUndefined();
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('when ThresholdInformation itself fails', () => {
  it('carries on unpaced, says so once, and looks again after a few minutes', async () => {
    let broken = true;
    m.intercept = (req, res) => {
      if (!broken || !/thresholdinformation/i.test(req.url)) return false;
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><title>Not Found</title></html>');
      return true;
    };
    const { client, clock, events } = testClient(m.lookupUrl);
    for (let i = 0; i < 5; i++) expect(await client.count('Companies', [])).toBe(1234);
    expect(thresholdReads()).toBe(1);
    expect(events.filter((e) => e.type === 'threshold-unavailable')).toHaveLength(1);
    broken = false;
    clock.advance(5 * 60_000);
    await client.count('Companies', []);
    expect(thresholdReads()).toBe(2);
    expect(events.filter((e) => e.type === 'threshold')).toHaveLength(1);
    await client.close();
  });

  it('still stops on a sign-in error from the threshold reading', async () => {
    const { client } = testClient(m.lookupUrl, { credentials: { username: 'api-user@msp.example', secret: 'nope-nope', integrationCode: 'INTCODE-ABCDEF-123' } });
    const err = await remember(client.count('Companies', [])).catch((e) => e);
    expect(err.kind).toBe('bad-secret');
    await client.close();
  });
});

describe('concurrency per entity', () => {
  it('never has more than 2 requests in flight per entity under 20 parallel callers', async () => {
    m.queryDelayMs = 15;
    const { client } = testClient(m.lookupUrl);
    await client.fields('Companies');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => collect(client.query('Companies', { filter: [{ op: 'gte', field: 'id', value: i * 100 }] }))));
    expect(results[0]).toHaveLength(1234);
    expect(m.peakInFlight.Companies).toBe(2);
    await client.close();
  });

  it('is configurable, and entities do not share slots', async () => {
    m.queryDelayMs = 15;
    m.rows.Contracts = m.rows.Companies!.map((r) => ({ id: r.id, companyID: 1 }));
    const { client } = testClient(m.lookupUrl, { concurrencyPerEntity: 3 });
    await Promise.all([client.fields('Companies'), client.fields('Contracts')]);
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.count(i % 2 ? 'Companies' : 'Contracts', [])));
    await Promise.all(Array.from({ length: 10 }, () => collect(client.query(`Contracts`, { filter: [] }))));
    expect(m.peakInFlight.Contracts).toBe(3);
    await client.close();
  });

  it('queryByIds runs its batches in parallel up to the limit', async () => {
    m.queryDelayMs = 15;
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(
      client.queryByIds(
        'Companies',
        'id',
        m.rows.Companies!.map((r) => r.id),
      ),
    );
    expect(rows).toHaveLength(1234);
    expect(m.peakInFlight.Companies).toBe(2);
    await client.close();
  });

  it('the semaphore hands slots over in order and never exceeds its limit', async () => {
    const s = new KeyedSemaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const release = await s.acquire('E');
        active += 1;
        peak = Math.max(peak, active);
        order.push(i);
        await new Promise((r) => setImmediate(r));
        active -= 1;
        release();
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(s.inFlight('E')).toBe(0);
  });
});
