import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox-test-client';

const t = useSandbox({ size: 'demo' });

const BILLABLE = { filter: [{ op: 'eq', field: 'isNonBillable', value: false }], MaxRecords: 500 };

describe('nextPageUrl paging', () => {
  it('walks a POST query by POSTing nextPageUrl with the identical body; ids ascend; total = count', async () => {
    const count = ((await (await t.call('TimeEntries/query/count', { body: BILLABLE })).json()) as { queryCount: number }).queryCount;
    expect(count).toBeGreaterThan(1000);
    let page = await t.query('TimeEntries', BILLABLE);
    expect(page.json.pageDetails).toMatchObject({ count: 500, requestCount: 500, prevPageUrl: null });
    const seen: number[] = page.json.items.map((i: { id: number }) => i.id);
    for (let guard = 0; page.json.pageDetails.nextPageUrl && guard < 50; guard++) {
      const url: string = page.json.pageDetails.nextPageUrl;
      expect(url.startsWith(`${t.sb.zoneUrl()}V1.0/TimeEntries/query/next?paging=`)).toBe(true);
      const res = await t.call(url, { method: 'POST', body: BILLABLE });
      page = { status: res.status, json: await res.json() };
      expect(page.status).toBe(200);
      expect(page.json.pageDetails.prevPageUrl).not.toBeNull();
      seen.push(...page.json.items.map((i: { id: number }) => i.id));
    }
    expect(seen.length).toBe(count);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(count);
  });

  it('GET on a POST cursor → 405 ASP.NET body; POST without body → 500 queryModel null; changed body → 500', async () => {
    const first = await t.query('TimeEntries', BILLABLE);
    const next: string = first.json.pageDetails.nextPageUrl;
    const get = await t.call(next);
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ Message: "The requested resource does not support http method 'GET'." });
    const empty = await fetch(next, { method: 'POST', headers: t.authHeaders() });
    expect(empty.status).toBe(500);
    expect(await empty.json()).toEqual({ errors: ['Value cannot be null. Parameter name: queryModel'] });
    const changed = await t.call(next, { method: 'POST', body: { ...BILLABLE, MaxRecords: 499 } });
    expect(changed.status).toBe(500);
    expect(((await changed.json()) as { errors: string[] }).errors).toHaveLength(1);
  });

  it('GET queries get a next URL that carries search= and works with GET', async () => {
    const search = JSON.stringify({ filter: [{ op: 'exist', field: 'id' }], MaxRecords: 7 });
    const res = await t.call(`Companies/query?search=${encodeURIComponent(search)}`);
    const body = (await res.json()) as { items: Array<{ id: number }>; pageDetails: { nextPageUrl: string } };
    expect(body.items).toHaveLength(7);
    const next = new URL(body.pageDetails.nextPageUrl);
    expect(next.searchParams.get('search')).toBe(search);
    const res2 = await t.call(body.pageDetails.nextPageUrl);
    expect(res2.status).toBe(200);
    const body2 = (await res2.json()) as { items: Array<{ id: number }>; pageDetails: { prevPageUrl: string } };
    expect(body2.items[0]!.id).toBeGreaterThan(body.items[6]!.id);
    // and back again
    const back = (await (await t.call(body2.pageDetails.prevPageUrl)).json()) as { items: Array<{ id: number }> };
    expect(back.items.map((i) => i.id)).toEqual(body.items.map((i) => i.id));
  });

  it('the last page has nextPageUrl null', async () => {
    const r = await t.query('Companies', { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 500 });
    expect(r.json.items.length).toBe(41);
    expect(r.json.pageDetails.nextPageUrl).toBeNull();
  });

  it('id-gt keyset paging returns the same rows as nextPageUrl paging', async () => {
    const viaId = await t.queryAll('TimeEntries', BILLABLE.filter);
    const count = ((await (await t.call('TimeEntries/query/count', { body: BILLABLE })).json()) as { queryCount: number }).queryCount;
    expect(viaId.length).toBe(count);
  });
});
