// Against the built-in sandbox over real HTTP: paging, batching, validation, concurrency.
import { describe, expect, it } from 'vitest';
import { collect, remember, testClient } from './support/client-factory';
import { postsTo, useTestSandbox } from './support/sandbox-fixture';

const sb = useTestSandbox();

const allIds = (entity: string) => sb.control.list(entity).map((r) => r.id as number);

describe('paging several thousand rows (sandbox)', () => {
  it('keyset: every TimeEntry exactly once', async () => {
    const expected = allIds('TimeEntries');
    expect(expected.length).toBeGreaterThan(3000);
    const { client } = testClient(sb.zoneLookupUrl);
    const rows = await collect(client.query<{ id: number }>('TimeEntries', { filter: [] }));
    const got = rows.map((r) => r.id);
    expect(got.length).toBe(expected.length);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort((a, b) => a - b)).toEqual(expected);
    expect(postsTo(sb, 'TimeEntries')).toBe(Math.ceil(expected.length / 500) + (expected.length % 500 === 0 ? 1 : 0));
    expect(client.accounting().rows).toBe(expected.length);
    await client.close();
  });

  it('next-page-url: every TimeEntry exactly once, with no 405 or 500 from the cursor', async () => {
    const expected = allIds('TimeEntries');
    const { client } = testClient(sb.zoneLookupUrl);
    const rows = await collect(
      client.query<{ id: number }>('TimeEntries', { filter: [{ op: 'exist', field: 'dateWorked' }], includeFields: ['dateWorked', 'hoursWorked'] }, { paging: 'next-page-url' }),
    );
    const got = rows.map((r) => r.id);
    expect(new Set(got).size).toBe(expected.length);
    expect(got.length).toBe(expected.length);
    expect(Object.keys(rows[0]!).sort()).toEqual(expect.arrayContaining(['id', 'dateWorked', 'hoursWorked']));
    const stats = sb.control.stats();
    expect(stats.requests.TimeEntries?.GET ?? 0).toBe(0); // never a GET of a cursor (nor of a field list: a query alone fetches none)
    expect(stats.refused.other).toBe(0);
    expect(client.accounting().retries).toBe(0);
    await client.close();
  });

  it('a filtered keyset query matches the sandbox’s own answer', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    const filter = [
      { op: 'eq', field: 'isNonBillable', value: false },
      { op: 'gte', field: 'hoursWorked', value: 1 },
    ];
    const rows = await collect(client.query<{ id: number }>('TimeEntries', { filter }, { pageSize: 250 }));
    const expected = sb.control.list('TimeEntries', (r) => r.isNonBillable === false && (r.hoursWorked as number) >= 1).map((r) => r.id);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
    expect(await client.count('TimeEntries', filter)).toBe(expected.length);
    await client.close();
  });

  it('queryByIds: 1,234 ids in 3 requests', async () => {
    const ids = allIds('TimeEntries').slice(0, 1234);
    const { client } = testClient(sb.zoneLookupUrl);
    await client.fields('TimeEntries');
    sb.control.resetStats();
    const rows = await collect(client.queryByIds<{ id: number }>('TimeEntries', 'id', [...ids, ...ids.slice(0, 50)], { includeFields: ['contractID'] }));
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
    expect(postsTo(sb, 'TimeEntries')).toBe(3);
    expect(sb.control.stats().peakConcurrency.TimeEntries).toBeLessThanOrEqual(2);
    await client.close();
  });

  it('an unknown operator is rejected locally with zero requests sent', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    const err = await remember(collect(client.query('TimeEntries', { filter: [{ op: 'ne', field: 'isNonBillable', value: true }] }))).catch((e) => e);
    expect(err.kind).toBe('invalid-query');
    expect(sb.control.stats().total).toBe(0);
    await client.close();
  });

  it('an unknown field is rejected locally with zero requests once metadata is cached', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    await client.fields('TimeEntries');
    sb.control.resetStats();
    const err = await remember(client.count('TimeEntries', [{ op: 'eq', field: 'projectID', value: 1 }])).catch((e) => e);
    expect(err.kind).toBe('invalid-query');
    expect(err.userMessage).toContain('"projectID", which TimeEntries does not have');
    expect(sb.control.stats().total).toBe(0);
    await client.close();
  });

  it('never more than 2 requests in flight per entity under 20 parallel callers', async () => {
    sb.control.setLatency({ Contracts: 15, Companies: 15 });
    const { client } = testClient(sb.zoneLookupUrl);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? client.count('Companies', []) : collect(client.query('Contracts', { filter: [] }, { pageSize: 10 })))),
    );
    expect((results[0] as unknown[]).length).toBe(sb.control.count('Contracts'));
    const stats = sb.control.stats();
    expect(stats.peakConcurrency.Contracts).toBe(2);
    expect(stats.peakConcurrency.Companies).toBeLessThanOrEqual(2);
    expect(stats.refused.threadLimit).toBe(0);
    await client.close();
  });

  it('get by id, and null for a missing id', async () => {
    const { client } = testClient(sb.zoneLookupUrl);
    const company = await client.get<{ id: number }>('Companies', 0);
    expect(company?.id).toBe(0);
    expect(await client.get('Companies', 987654321)).toBeNull();
    sb.control.setBehaviour({ missingById: 'null-item' });
    expect(await client.get('Companies', 987654321)).toBeNull();
    sb.control.setBehaviour({ missingById: '404' });
    await client.close();
  });
});
