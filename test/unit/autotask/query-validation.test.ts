import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutotaskError } from '../../../main/autotask';
import { startMiniAutotask, type MiniAutotask } from './support/mini-autotask';
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

const queries = () => m.apiRequests().filter((r) => /\/query/i.test(r.url));

async function rejection(p: Promise<unknown>): Promise<AutotaskError> {
  const e = await remember(p).then(
    () => null,
    (err) => err,
  );
  expect(e).toBeInstanceOf(AutotaskError);
  return e as AutotaskError;
}

describe('local query validation', () => {
  it('rejects an unknown operator before sending anything at all', async () => {
    const { client } = testClient(m.lookupUrl);
    const err = await rejection(collect(client.query('Companies', { filter: [{ op: 'ne', field: 'isActive', value: true }] })));
    expect(err.kind).toBe('invalid-query');
    expect(err.userMessage).toMatch(/operator "ne", which Autotask does not know.*unfiltered rows/);
    expect(m.server.requests).toHaveLength(0);
    await client.close();
  });

  it('rejects an unknown operator nested in an or-group, in count too', async () => {
    const { client } = testClient(m.lookupUrl);
    const err = await rejection(
      client.count('Companies', [
        {
          op: 'or',
          items: [
            { op: 'eq', field: 'id', value: 3 },
            { op: 'like', field: 'companyName', value: 'A%' },
          ],
        },
      ]),
    );
    expect(err.userMessage).toContain('filter[0].items[1]');
    expect(m.server.requests).toHaveLength(0);
    await client.close();
  });

  it('rejects an unknown field (case-insensitive match otherwise) with no query sent', async () => {
    const { client } = testClient(m.lookupUrl);
    await client.fields('Companies'); // metadata is cached per client
    const before = m.server.requests.length;
    const err = await rejection(collect(client.query('Companies', { filter: [{ op: 'eq', field: 'projectID', value: 1 }] })));
    expect(err.userMessage).toContain('"projectID", which Companies does not have');
    expect(m.server.requests.length).toBe(before);
    expect(queries()).toHaveLength(0);
    // Field names are case-insensitive, as on the server.
    expect(await client.count('Companies', [{ op: 'eq', field: 'ISACTIVE', value: true }])).toBe(617);
    await client.close();
  });

  it('fetches field metadata once per entity and client', async () => {
    const { client } = testClient(m.lookupUrl);
    await Promise.all([client.fields('Companies'), client.fields('Companies'), client.count('Companies', [])]);
    await client.fields('Companies');
    expect(m.apiRequests('Companies').filter((r) => r.url.includes('entityInformation/fields'))).toHaveLength(1);
    await client.close();
  });

  it('does not fetch a field list only to check names: without one, Autotask refuses an unknown field itself, once', async () => {
    m.intercept = (req, res) => {
      if (!/Companies\/query/i.test(req.url) || !req.body.includes('projectID')) return false;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ['Unable to find projectID in the Account Entity'] }));
      return true;
    };
    const { client } = testClient(m.lookupUrl);
    expect(await client.count('Companies', [{ op: 'eq', field: 'isActive', value: true }])).toBe(617);
    expect(m.apiRequests('Companies').filter((r) => r.url.includes('entityInformation/fields'))).toHaveLength(0);
    const err = await rejection(collect(client.query('Companies', { filter: [{ op: 'eq', field: 'projectID', value: 1 }] })));
    expect(err.kind).toBe('validation');
    expect(err.userMessage).toContain('Unable to find projectID');
    expect(queries().filter((r) => r.body.includes('projectID'))).toHaveLength(1); // not retried
    // Operators are still checked before anything is sent, list or no list.
    const op = await rejection(client.count('Companies', [{ op: 'ne', field: 'isActive', value: true }]));
    expect(op.kind).toBe('invalid-query');
    await client.close();
  });

  it.each([
    [{ op: 'eq', field: 'isActive', value: 'yes' }, /true\/false field/],
    [{ op: 'gt', field: 'assetValue', value: 1 }, /does not allow filtering Companies by "assetValue"/],
    [{ op: 'eq', field: 'companyName', value: null }, /has no value; use "exist"\/"notExist"/],
    [{ op: 'in', field: 'id', value: [] }, /non-empty list/],
    [{ op: 'in', field: 'id', value: Array.from({ length: 501 }, (_, i) => i) }, /501 values; Autotask allows 500/],
    [{ op: 'and', items: [] }, /has no items/],
    [{ op: 'eq', value: 1 }, /has no field/],
  ])('rejects %j (with the field list known)', async (filter, message) => {
    const { client } = testClient(m.lookupUrl);
    await client.fields('Companies');
    const err = await rejection(client.count('Companies', [filter]));
    expect(err.userMessage).toMatch(message);
    expect(queries()).toHaveLength(0);
    await client.close();
  });

  it('rejects two UDF conditions (list or no list) and an unknown IncludeFields entry (list known)', async () => {
    const { client } = testClient(m.lookupUrl);
    const udf = (name: string) => ({ op: 'eq', field: name, value: 'x', udf: true });
    expect((await rejection(client.count('Companies', [udf('A'), udf('B')]))).userMessage).toMatch(/one user-defined-field condition/);
    await client.fields('Companies');
    expect((await rejection(collect(client.query('Companies', { filter: [], includeFields: ['nope'] })))).userMessage).toMatch(/includeFields asks for "nope"/);
    expect(queries()).toHaveLength(0);
    await client.close();
  });

  it('sends operators in canonical spelling', async () => {
    const { client } = testClient(m.lookupUrl);
    await client
      .count('Companies', [
        { op: 'GTE', field: 'id', value: 3 },
        { op: 'NotExist', field: 'companyName' },
      ])
      .catch(() => 0);
    expect(JSON.parse(queries()[0]!.body).filter.map((f: { op: string }) => f.op)).toEqual(['gte', 'notExist']);
    await client.close();
  });

  it('rejects a non-integer id in queryByIds', async () => {
    const { client } = testClient(m.lookupUrl);
    const err = await rejection(collect(client.queryByIds('Companies', 'id', [1, 2.5])));
    expect(err.kind).toBe('invalid-query');
    expect(m.server.requests).toHaveLength(0);
    await client.close();
  });
});
