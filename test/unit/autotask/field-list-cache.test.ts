// Field lists (entityInformation/fields) kept between clients: a later run resolves its picklists and
// validates its filters from the stored list instead of opening with one metadata call per entity. (A list
// is fetched for its picklists, or by `fields()`; queries alone never fetch one: query-validation.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError, FIELD_LIST_TTL_MS, type EntityName, type FieldListCache, type StoredFieldList } from '../../../main/autotask';
import { openDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createSqliteFieldListCache } from '../../../main/db/field-list-cache';
import { createFakeClock } from './support/fake-clock';
import { collect, remember, testClient } from './support/client-factory';
import { expectNoSecretsLeaked } from './support/leak-check';
import { CREDS, makeRows, startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { zoneCacheKey } from '../../../main/autotask/url-safety';

let m: MiniAutotask;
beforeEach(async () => {
  m = await startMiniAutotask({ rows: { Companies: makeRows(3, () => ({ isActive: true })) } });
});
afterEach(async () => {
  await m.close();
});
afterAll(() => expectNoSecretsLeaked());

const fieldCalls = () => m.apiRequests().filter((r) => /entityInformation\/fields/i.test(r.url)).length;
const queries = () => m.apiRequests().filter((r) => /\/query/i.test(r.url)).length;

function memoryCache(): { store: Map<string, StoredFieldList>; cache: FieldListCache } {
  const store = new Map<string, StoredFieldList>();
  const k = (key: string, entity: EntityName) => `${key}|${entity}`;
  return {
    store,
    cache: {
      get: (key, entity) => store.get(k(key, entity)),
      set: (key, entity, list) => void store.set(k(key, entity), list),
      delete: (key, entity) => void store.delete(k(key, entity)),
    },
  };
}

const companyQuery = { filter: [{ op: 'eq', field: 'isActive', value: true }] };

describe('field lists kept between clients', () => {
  it('the next client validates and reads picklists from the stored list, with no metadata call', async () => {
    const clock = createFakeClock();
    const { cache, store } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await first.client.fields('Companies');
    await collect(first.client.query('Companies', companyQuery));
    await first.client.close();
    expect(fieldCalls()).toBe(1);
    expect(store.get(`${zoneCacheKey(m.lookupUrl, CREDS.username)}|Companies`)).toMatchObject({ fetchedAt: clock.now() });

    clock.advance(FIELD_LIST_TTL_MS - 60_000);
    const second = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    expect((await collect(second.client.query('Companies', companyQuery))).length).toBe(3);
    expect((await second.client.fields('Companies')).map((f) => f.name)).toContain('isActive');
    // Still validated locally: an unknown field is refused with nothing sent.
    const sent = queries();
    const err = await remember(collect(second.client.query('Companies', { filter: [{ op: 'eq', field: 'projectID', value: 1 }] }))).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect((err as AutotaskError).kind).toBe('invalid-query');
    expect(queries()).toBe(sent);
    expect(fieldCalls()).toBe(1);
    await second.client.close();
  });

  it('a list as old as the limit (or from the future) is fetched again and stored anew', async () => {
    const clock = createFakeClock();
    const { cache, store } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await first.client.fields('Companies');
    await first.client.close();
    clock.advance(FIELD_LIST_TTL_MS);
    const second = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    // Too old to check names against: an unknown field is left to Autotask (the mini server ignores it).
    await second.client.count('Companies', [{ op: 'eq', field: 'projectID', value: 1 }]);
    expect(fieldCalls()).toBe(1);
    await second.client.fields('Companies');
    await second.client.close();
    expect(fieldCalls()).toBe(2);
    const key = `${zoneCacheKey(m.lookupUrl, CREDS.username)}|Companies`;
    expect(store.get(key)?.fetchedAt).toBe(clock.now());

    store.set(key, { ...store.get(key)!, fetchedAt: clock.now() + 3_600_000 });
    const third = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await third.client.fields('Companies');
    await third.client.close();
    expect(fieldCalls()).toBe(3);
  });

  it('lists are per user and lookup URL: another login fetches its own', async () => {
    const clock = createFakeClock();
    const { cache, store } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await first.client.fields('Companies');
    await first.client.close();
    expect([...store.keys()]).toEqual([`${zoneCacheKey(m.lookupUrl, CREDS.username)}|Companies`]);
    expect(zoneCacheKey(m.lookupUrl, 'someone-else@msp.example')).not.toBe(zoneCacheKey(m.lookupUrl, CREDS.username));
  });

  it('when Autotask says a field is unknown, the stored list is dropped so the next client fetches a fresh one', async () => {
    const clock = createFakeClock();
    const { cache, store } = memoryCache();
    const first = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await first.client.fields('Companies');
    await first.client.close();
    const key = `${zoneCacheKey(m.lookupUrl, CREDS.username)}|Companies`;
    expect(store.has(key)).toBe(true);

    // The stored list still names isActive, but the tenant no longer has it.
    m.intercept = (req, res) => {
      if (!/Companies\/query/i.test(req.url)) return false;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ['Unable to find isActive in the Account Entity'] }));
      return true;
    };
    const second = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    const err = await remember(collect(second.client.query('Companies', companyQuery))).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect((err as AutotaskError).kind).toBe('validation');
    expect(store.has(key)).toBe(false);
    const countErr = await remember(second.client.count('Companies', companyQuery.filter)).catch((e) => e);
    expect((countErr as AutotaskError).kind).toBe('validation');
    expect(fieldCalls()).toBe(1); // a query never fetches a list just to check names
    expect((await second.client.fields('Companies')).length).toBeGreaterThan(0);
    expect(fieldCalls()).toBe(2); // the dropped list is fetched afresh when it is needed
    expect(store.has(key)).toBe(true);
    await second.client.close();

    // Other errors keep the list.
    m.intercept = (req, res) => {
      if (!/Companies\/query/i.test(req.url)) return false;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ['The Contract Entity is not supported'] }));
      return true;
    };
    const third = testClient(m.lookupUrl, { clock, fieldListCache: cache });
    await remember(collect(third.client.query('Companies', companyQuery))).catch(() => null);
    await third.client.close();
    expect(store.has(key)).toBe(true);
  });

  it('a broken or unreadable store only costs the metadata call', async () => {
    const broken: FieldListCache = {
      get: () => {
        throw new Error('disk');
      },
      set: () => {
        throw new Error('disk');
      },
      delete: () => {
        throw new Error('disk');
      },
    };
    const { client } = testClient(m.lookupUrl, { fieldListCache: broken });
    expect((await client.fields('Companies')).length).toBeGreaterThan(0);
    expect(await client.count('Companies', companyQuery.filter)).toBeGreaterThanOrEqual(0);
    await client.close();
    expect(fieldCalls()).toBe(1);
  });

  it('the SQLite store keeps lists across restarts, keyed case-insensitively, and ignores values it cannot read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'field-list-cache-'));
    try {
      const file = path.join(dir, 'app.db');
      const db = openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
      const list = {
        fetchedAt: 1_700_000_000_000,
        fields: [{ name: 'status', dataType: 'integer', isPickList: true, picklistValues: [{ value: '1', label: 'In Effect' }] }],
      };
      createSqliteFieldListCache(db.sqlite).set('https://Lookup/ api-user@MSP.example', 'Contracts', list);
      db.close();
      const again = openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
      const store = createSqliteFieldListCache(again.sqlite);
      expect(store.get('https://lookup/ api-user@msp.example', 'Contracts')).toEqual(list);
      expect(store.get('https://lookup/ api-user@msp.example', 'Companies')).toBeUndefined();
      again.sqlite.prepare('UPDATE sync_state SET value = \'{"fetchedAt":"x","fields":[]}\' WHERE key LIKE \'fields:%\'').run();
      expect(store.get('https://lookup/ api-user@msp.example', 'Contracts')).toBeUndefined();
      again.sqlite.prepare('UPDATE sync_state SET value = \'{"fetchedAt":1,"fields":[{"nom":1}]}\' WHERE key LIKE \'fields:%\'').run();
      expect(store.get('https://lookup/ api-user@msp.example', 'Contracts')).toBeUndefined();
      again.sqlite.prepare("UPDATE sync_state SET value = 'not json' WHERE key LIKE 'fields:%'").run();
      expect(store.get('https://lookup/ api-user@msp.example', 'Contracts')).toBeUndefined();
      store.delete('https://LOOKUP/ api-user@msp.example', 'Contracts');
      expect((again.sqlite.prepare("SELECT COUNT(*) AS n FROM sync_state WHERE key LIKE 'fields:%'").get() as { n: number }).n).toBe(0);
      again.close();
      for (const f of fs.readdirSync(dir)) if (f.startsWith('app.db')) expect(fs.statSync(path.join(dir, f)).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
