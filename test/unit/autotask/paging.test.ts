import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError } from '../../../main/autotask';
import { makeRows, startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
import { sendJson } from './support/stub-server';
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

const queries = () => m.apiRequests('Companies').filter((r) => /\/query/i.test(r.url));
const ids = (rows: Array<{ id: unknown }>) => rows.map((r) => r.id as number);

describe('keyset paging (default)', () => {
  it('reads every row exactly once with id-gt-last POSTs of 500', async () => {
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(client.query<{ id: number }>('Companies', { filter: [] }));
    expect(rows).toHaveLength(1234);
    expect(new Set(ids(rows)).size).toBe(1234);
    expect(ids(rows)).toEqual(m.rows.Companies!.map((r) => r.id));
    const bodies = queries().map((r) => JSON.parse(r.body));
    expect(queries().every((r) => r.method === 'POST')).toBe(true);
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toEqual({ filter: [{ op: 'exist', field: 'id' }], MaxRecords: 500 });
    expect(bodies[1].filter).toEqual([{ op: 'gt', field: 'id', value: 499 * 3 }]);
    expect(bodies[2].filter).toEqual([{ op: 'gt', field: 'id', value: 999 * 3 }]);
    await client.close();
  });

  it('keeps the caller filter on every page and respects a smaller page size', async () => {
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(client.query('Companies', { filter: [{ op: 'eq', field: 'isActive', value: true }] }, { pageSize: 200 }));
    expect(rows).toHaveLength(617);
    const bodies = queries().map((r) => JSON.parse(r.body));
    expect(bodies).toHaveLength(4);
    for (const b of bodies) {
      expect(b.MaxRecords).toBe(200);
      expect(b.filter[0]).toEqual({ op: 'eq', field: 'isActive', value: true });
    }
    await client.close();
  });

  it('streams: the second page is only requested when the first has been consumed', async () => {
    const { client } = testClient(m.lookupUrl);
    const it = client.query('Companies', { filter: [] })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toHaveLength(500);
    expect(queries()).toHaveLength(1);
    await it.return?.();
    await client.close();
  });

  it('always asks for id when IncludeFields is used', async () => {
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(client.query('Companies', { filter: [], includeFields: ['companyName'] }));
    expect(rows[0]).toEqual({ id: 0, companyName: 'Company 0' });
    expect(JSON.parse(queries()[0]!.body).IncludeFields).toEqual(['id', 'companyName']);
    await client.close();
  });

  it('reports the page cap as an error instead of stopping quietly', async () => {
    const { client } = testClient(m.lookupUrl, { maxPages: 2 });
    const err = await collect(client.query('Companies', { filter: [] })).catch((e) => e);
    expect(err).toBeInstanceOf(AutotaskError);
    expect(err.kind).toBe('page-cap');
    expect(err.userMessage).toMatch(/Stopped reading Companies after 2 pages \(1,000 rows\).*more rows remain/);
    await client.close();
  });

  it('refuses to loop when the server ignores the id condition', async () => {
    const { client } = testClient(m.lookupUrl);
    m.intercept = (req, res) => {
      if (!/companies\/query$/i.test(new URL(req.url, m.origin).pathname)) return false;
      sendJson(res, 200, { items: m.rows.Companies!.slice(0, 500), pageDetails: { nextPageUrl: null } });
      return true;
    };
    const err = await collect(client.query('Companies', { filter: [] })).catch((e) => e);
    expect(err.kind).toBe('bad-response');
    expect(queries()).toHaveLength(2);
    await client.close();
  });
});

describe('next-page-url paging', () => {
  it('POSTs each nextPageUrl with the identical body and reads every row once', async () => {
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(client.query<{ id: number }>('Companies', { filter: [{ op: 'exist', field: 'companyName' }] }, { paging: 'next-page-url' }));
    expect(rows).toHaveLength(1234);
    expect(new Set(ids(rows)).size).toBe(1234);
    const qs = queries();
    expect(qs.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(qs[1]!.url).toMatch(/\/query\/next\?after=/);
    expect(new Set(qs.map((r) => r.body)).size).toBe(1); // identical body every time
    await client.close();
  });

  it('reports the page cap as an error', async () => {
    const { client } = testClient(m.lookupUrl, { maxPages: 2 });
    const err = await collect(client.query('Companies', { filter: [] }, { paging: 'next-page-url' })).catch((e) => e);
    expect(err.kind).toBe('page-cap');
    await client.close();
  });
});

describe('queryByIds', () => {
  it('splits 1,234 ids (with duplicates) into 3 requests of at most 500 and returns each row once', async () => {
    const { client } = testClient(m.lookupUrl);
    const wanted = m.rows.Companies!.map((r) => r.id);
    const withDupes = [...wanted, ...wanted.slice(0, 100)];
    const rows = await collect(client.queryByIds<{ id: number }>('Companies', 'id', withDupes));
    expect(rows).toHaveLength(1234);
    expect(new Set(ids(rows)).size).toBe(1234);
    const bodies = queries().map((r) => JSON.parse(r.body));
    expect(bodies).toHaveLength(3);
    const sizes = bodies.map((b) => b.filter.find((f: { op: string }) => f.op === 'in').value.length).sort((a: number, b: number) => b - a);
    expect(sizes).toEqual([500, 500, 234]);
    await client.close();
  });

  it('pages within a batch when the field is not unique', async () => {
    m.rows.TimeEntries = makeRows(1200, (i) => ({ contractID: i % 2 ? 7 : 8, hoursWorked: 1 }));
    const { client } = testClient(m.lookupUrl);
    const rows = await collect(client.queryByIds('TimeEntries', 'contractID', [7, 7, 8]));
    expect(rows).toHaveLength(1200);
    await client.close();
  });

  it('sends nothing for an empty id list', async () => {
    const { client } = testClient(m.lookupUrl);
    expect(await collect(client.queryByIds('Companies', 'id', []))).toEqual([]);
    expect(queries()).toHaveLength(0);
    await client.close();
  });
});

describe('get and count', () => {
  it('get returns the item, null for 404 and null for {item:null}', async () => {
    const { client } = testClient(m.lookupUrl);
    expect(await client.get('Companies', 0)).toMatchObject({ id: 0, companyName: 'Company 0' });
    expect(await client.get('Companies', 1)).toBeNull();
    m.intercept = (req, res) => {
      if (!/companies\/6$/i.test(req.url)) return false;
      sendJson(res, 200, { item: null });
      return true;
    };
    expect(await client.get('Companies', 6)).toBeNull();
    await client.close();
  });

  it('count POSTs to query/count with at least one condition', async () => {
    const { client } = testClient(m.lookupUrl);
    expect(await remember(client.count('Companies', []))).toBe(1234);
    const req = m.apiRequests('Companies').find((r) => /query\/count/i.test(r.url))!;
    expect(req.method).toBe('POST');
    expect(JSON.parse(req.body)).toEqual({ filter: [{ op: 'exist', field: 'id' }] });
    await client.close();
  });
});
