import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL, openSandbox, type TestSandbox } from './sandbox-test-client';

let t: TestSandbox;
beforeAll(async () => {
  t = await openSandbox({ size: 'empty' });
  const c = t.sb.control;
  c.insert('Companies', { id: 10, companyName: 'Zürich Ærø Services', isActive: true, createDate: '2026-01-01T10:00:00Z', phone: '02 1234' });
  c.insert('Companies', { id: 11, companyName: 'acme corporation', isActive: false, createDate: '2026-01-02T00:00:00.000Z' });
  c.insert('Companies', { id: 12, companyName: 'ACME Widgets', isActive: true, createDate: '2026-01-03T00:00:00Z', phone: null });
  c.insert('Companies', {
    id: 13,
    companyName: '東京 IT 株式会社',
    isActive: true,
    createDate: '2026-01-04T00:00:00Z',
    userDefinedFields: [{ name: 'Number of Employees', value: '42' }],
  });
});
afterAll(() => t.sb.close());

async function ids(entity: string, filter: unknown[], extra: Record<string, unknown> = {}): Promise<number[]> {
  const { status, json } = await t.query(entity, { filter, ...extra });
  expect(status, JSON.stringify(json)).toBe(200);
  return json.items.map((i: { id: number }) => i.id);
}

async function error(entity: string, body: unknown): Promise<{ status: number; json: any }> {
  const r = await t.query(entity, body);
  expect(r.status).toBe(500);
  return r;
}

describe('operators', () => {
  it('compares with eq / noteq / gt / gte / lt / lte', async () => {
    expect(await ids('Companies', [{ op: 'eq', field: 'id', value: 11 }])).toEqual([11]);
    expect(await ids('Companies', [{ op: 'noteq', field: 'id', value: 11 }])).toEqual([0, 10, 12, 13]);
    expect(await ids('Companies', [{ op: 'gt', field: 'id', value: 11 }])).toEqual([12, 13]);
    expect(await ids('Companies', [{ op: 'gte', field: 'id', value: 11 }])).toEqual([11, 12, 13]);
    expect(await ids('Companies', [{ op: 'lt', field: 'id', value: 11 }])).toEqual([0, 10]);
    expect(await ids('Companies', [{ op: 'lte', field: 'id', value: 11 }])).toEqual([0, 10, 11]);
  });

  it('string operators are case-insensitive: beginsWith / endsWith / contains / eq', async () => {
    expect(await ids('Companies', [{ op: 'beginsWith', field: 'companyName', value: 'AcMe' }])).toEqual([11, 12]);
    expect(await ids('Companies', [{ op: 'endsWith', field: 'companyName', value: 'WIDGETS' }])).toEqual([12]);
    expect(await ids('Companies', [{ op: 'contains', field: 'companyName', value: 'ærø' }])).toEqual([10]);
    expect(await ids('Companies', [{ op: 'eq', field: 'companyName', value: 'ACME CORPORATION' }])).toEqual([11]);
    expect(await ids('Companies', [{ op: 'contains', field: 'companyName', value: '株式会社' }])).toEqual([13]);
  });

  it('exist / notExist test for null', async () => {
    expect(await ids('Companies', [{ op: 'exist', field: 'phone' }])).toEqual([0, 10]);
    expect(await ids('Companies', [{ op: 'notExist', field: 'phone' }])).toEqual([11, 12, 13]);
  });

  it('in / notIn take arrays; comparisons with null follow SQL (notIn skips nulls)', async () => {
    expect(await ids('Companies', [{ op: 'in', field: 'id', value: [13, 10, 999] }])).toEqual([10, 13]);
    expect(await ids('Companies', [{ op: 'notIn', field: 'id', value: [0, 10] }])).toEqual([11, 12, 13]);
    expect(await ids('Companies', [{ op: 'in', field: 'companyName', value: ['ACME widgets', 'x'] }])).toEqual([12]);
    expect(await ids('Companies', [{ op: 'notIn', field: 'phone', value: ['02 1234'] }])).toEqual([0]);
  });

  it('nests and/or groups; top-level items are AND-ed', async () => {
    const or = {
      op: 'or',
      items: [
        { op: 'eq', field: 'id', value: 10 },
        { op: 'beginsWith', field: 'companyName', value: 'acme' },
      ],
    };
    expect(await ids('Companies', [or])).toEqual([10, 11, 12]);
    expect(await ids('Companies', [or, { op: 'eq', field: 'isActive', value: true }])).toEqual([10, 12]);
    const nested = {
      op: 'and',
      items: [
        or,
        {
          op: 'or',
          items: [
            { op: 'eq', field: 'id', value: 11 },
            { op: 'eq', field: 'id', value: 12 },
          ],
        },
      ],
    };
    expect(await ids('Companies', [nested])).toEqual([11, 12]);
  });

  it('compares date-times as instants, whatever the offset or fractional digits', async () => {
    expect(await ids('Companies', [{ op: 'gt', field: 'createDate', value: '2026-01-02T00:00:00Z' }])).toEqual([12, 13]);
    expect(await ids('Companies', [{ op: 'eq', field: 'createDate', value: '2026-01-02T10:00:00.0000000+10:00' }])).toEqual([11]);
    expect(await ids('Companies', [{ op: 'gte', field: 'createDate', value: '2026-01-03' }])).toEqual([12, 13]);
  });

  it('supports one udf condition and refuses two', async () => {
    expect(await ids('Companies', [{ op: 'eq', field: 'Number of Employees', udf: true, value: '42' }])).toEqual([13]);
    const r = await error('Companies', {
      filter: [
        { op: 'exist', field: 'a', udf: true },
        { op: 'exist', field: 'b', udf: true },
      ],
    });
    expect(r.json.errors[0]).toMatch(/one user-defined field/i);
  });

  it('treats field names and query-model keys case-insensitively', async () => {
    const { status, json } = await t.query('Companies', {
      Filter: [{ Op: 'eq', Field: 'ISACTIVE', Value: true }],
      includefields: ['COMPANYNAME'],
      maxrecords: 2,
    });
    expect(status).toBe(200);
    expect(json.items).toEqual([
      { id: 0, companyName: 'Sandbox MSP Pty Ltd', userDefinedFields: [] },
      { id: 10, companyName: 'Zürich Ærø Services', userDefinedFields: [] },
    ]);
    expect(json.pageDetails.requestCount).toBe(2);
  });
});

describe('traps', () => {
  it('silently ignores an unknown operator (unfiltered rows) — or errors when switched', async () => {
    expect(await ids('Companies', [{ op: 'equals', field: 'id', value: 11 }])).toEqual([0, 10, 11, 12, 13]);
    t.sb.control.setBehaviour({ unknownOperator: 'error' });
    try {
      const r = await error('Companies', { filter: [{ op: 'equals', field: 'id', value: 11 }] });
      expect(r.json.errors[0]).toMatch(/operator/);
    } finally {
      t.sb.control.setBehaviour({ unknownOperator: 'ignore' });
    }
  });

  it('unknown field → 500 "Unable to find X in the Y Entity" (singular entity name)', async () => {
    const r = await error('TimeEntries', { filter: [{ op: 'eq', field: 'workTypeID', value: 1 }] });
    expect(r.json).toEqual({ errors: ['Unable to find workTypeID in the TimeEntry Entity'] });
    const r2 = await error('Contracts', { filter: ALL, IncludeFields: ['lastModifiedDateTime'] });
    expect(r2.json).toEqual({ errors: ['Unable to find lastModifiedDateTime in the Contract Entity'] });
  });

  it('booleans are strict: a non-boolean value → 500', async () => {
    for (const value of ['true', 1, null]) {
      const r = await error('Companies', { filter: [{ op: 'eq', field: 'isActive', value }] });
      expect(r.json.errors[0]).toMatch(/boolean/);
    }
  });

  it('more than 500 values in in/notIn → 500 "…limited to 500 or fewer \'OR\' conditions."', async () => {
    const values = Array.from({ length: 501 }, (_, i) => i);
    for (const op of ['in', 'notIn']) {
      const r = await error('Companies', { filter: [{ op, field: 'id', value: values }] });
      expect(r.json).toEqual({ errors: ["Invalid query syntax. Queries are limited to 500 or fewer 'OR' conditions."] });
    }
    expect(await ids('Companies', [{ op: 'in', field: 'id', value: values.slice(0, 500) }])).toEqual([0, 10, 11, 12, 13]);
  });

  it('missing or empty filter → 500, or all rows when switched to allow', async () => {
    await error('Companies', { filter: [] });
    await error('Companies', { MaxRecords: 5 });
    t.sb.control.setBehaviour({ emptyFilter: 'allow' });
    try {
      expect(await ids('Companies', [])).toEqual([0, 10, 11, 12, 13]);
    } finally {
      t.sb.control.setBehaviour({ emptyFilter: 'error' });
    }
  });

  it('company id 0 is a real record', async () => {
    expect(await ids('Companies', [{ op: 'eq', field: 'id', value: 0 }])).toEqual([0]);
    const res = await t.call('Companies/0');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { item: { id: number } }).item.id).toBe(0);
  });

  it('MaxRecords above 500 → 500 by default, clamped when switched', async () => {
    await error('Companies', { filter: ALL, MaxRecords: 501 });
    await error('Companies', { filter: ALL, MaxRecords: 0 });
    t.sb.control.setBehaviour({ maxRecordsOutOfRange: 'clamp' });
    try {
      const r = await t.query('Companies', { filter: ALL, MaxRecords: 5000 });
      expect(r.status).toBe(200);
      expect(r.json.pageDetails.requestCount).toBe(500);
    } finally {
      t.sb.control.setBehaviour({ maxRecordsOutOfRange: 'error' });
    }
  });

  it('refuses a filter on a non-queryable field', async () => {
    const r = await error('Companies', { filter: [{ op: 'exist', field: 'assetValue' }] });
    expect(r.json.errors[0]).toMatch(/assetValue/);
  });
});

describe('GET search and count', () => {
  it('accepts GET ?search= with single-quoted JSON', async () => {
    const search = "{'filter':[{'op':'beginsWith','field':'CompanyName','value':'acme'}]}";
    const res = await t.call(`Companies/query?search=${encodeURIComponent(search)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: Array<{ id: number }> }).items.map((i) => i.id)).toEqual([11, 12]);
  });

  it('counts by POST and GET', async () => {
    const body = { filter: [{ op: 'eq', field: 'isActive', value: true }] };
    const post = await t.call('Companies/query/count', { body });
    expect(await post.json()).toEqual({ queryCount: 4 });
    const get = await t.call(`Companies/query/count?search=${encodeURIComponent(JSON.stringify(body))}`);
    expect(await get.json()).toEqual({ queryCount: 4 });
  });

  it('returns full records with every field, results ascending by id, IncludeFields keeps id + userDefinedFields', async () => {
    const full = await t.query('Companies', { filter: ALL });
    expect(full.json.items.map((i: { id: number }) => i.id)).toEqual([0, 10, 11, 12, 13]);
    expect(full.json.items[1].companyName).toBe('Zürich Ærø Services');
    expect(full.json.items[1].fax).toBeNull();
    expect(full.json.items[1].createDate).toBe('2026-01-01T10:00:00.000Z');
    const slim = await t.query('Companies', { filter: [{ op: 'eq', field: 'id', value: 13 }], IncludeFields: ['isActive'] });
    expect(slim.json.items).toEqual([{ id: 13, isActive: true, userDefinedFields: [{ name: 'Number of Employees', value: '42' }] }]);
  });
});
