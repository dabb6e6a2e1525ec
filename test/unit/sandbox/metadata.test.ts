import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL, useSandbox } from './sandbox-test-client';

const t = useSandbox({ size: 'demo' });

const ENTITIES = ['Companies', 'Contracts', 'ContractServices', 'Services', 'ContractServiceUnits', 'TimeEntries', 'BillingItems'];
const reference = JSON.parse(readFileSync('/work/shared/reference/autotask-entities.json', 'utf8')) as {
  entities: Record<string, { fields: Record<string, string> }>;
};

describe('wire field names', () => {
  it.each(ENTITIES)('%s records carry exactly the reference field names, null where empty, userDefinedFields []', async (entity) => {
    const r = await t.query(entity, { filter: ALL, MaxRecords: 3 });
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeGreaterThan(0);
    const expected = Object.keys(reference.entities[entity]!.fields).sort();
    for (const item of r.json.items) {
      expect(Object.keys(item).sort()).toEqual(expected);
      expect(item.userDefinedFields).toEqual([]);
      for (const [field, type] of Object.entries(reference.entities[entity]!.fields)) {
        const v = item[field];
        if (v === null || field === 'userDefinedFields') continue;
        if (type.startsWith('integer')) expect(Number.isInteger(v), `${entity}.${field}`).toBe(true);
        else if (type.startsWith('number')) expect(typeof v, `${entity}.${field}`).toBe('number');
        else if (type === 'boolean') expect(typeof v, `${entity}.${field}`).toBe('boolean');
        else if (type === 'string:date-time') expect(v, `${entity}.${field}`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        else expect(typeof v, `${entity}.${field}`).toBe('string');
      }
    }
  });

  it('ThresholdInformation and ZoneInformation use the reference names', async () => {
    const th = (await (await t.call('ThresholdInformation')).json()) as Record<string, unknown>;
    expect(Object.keys(th).sort()).toEqual(Object.keys(reference.entities.ThresholdInformation!.fields).sort());
    const zone = (await (await fetch(`${t.sb.zoneLookupUrl}V1.0/zoneInformation?user=${encodeURIComponent(t.sb.credentials.username)}`)).json()) as object;
    expect(Object.keys(zone).sort()).toEqual(Object.keys(reference.entities.ZoneInformation!.fields).sort());
  });
});

describe('entityInformation', () => {
  it('describes the entity', async () => {
    const res = await t.call('TimeEntries/entityInformation');
    const body = (await res.json()) as { info: Record<string, unknown> };
    expect(body.info).toMatchObject({ name: 'TimeEntry', canQuery: true, canDelete: true });
  });

  it('lists fields with string picklist values (status "1" in effect, contractType "7" recurring)', async () => {
    const res = await t.call('Contracts/entityInformation/fields');
    const { fields } = (await res.json()) as { fields: Array<{ name: string; isPickList: boolean; picklistValues: Array<{ value: unknown; label: string }> | null }> };
    const status = fields.find((f) => f.name === 'status')!;
    expect(status.isPickList).toBe(true);
    expect(status.picklistValues!.find((v) => v.value === '1')!.label).toBe('In Effect');
    expect(status.picklistValues!.find((v) => v.value === '0')!.label).toBe('Inactive');
    const type = fields.find((f) => f.name === 'contractType')!;
    expect(type.picklistValues!.find((v) => v.value === '7')!.label).toBe('Recurring Service');
    for (const f of fields) for (const v of f.picklistValues ?? []) expect(typeof v.value).toBe('string');
    const te = (await (await t.call('TimeEntries/entityInformation/fields')).json()) as { fields: Array<{ name: string; isPickList: boolean }> };
    expect(te.fields.find((f) => f.name === 'timeEntryType')!.isPickList).toBe(true);
    const udf = await t.call('Companies/entityInformation/userDefinedFields');
    expect(await udf.json()).toEqual({ fields: [] });
  });
});

describe('routes', () => {
  it('ThresholdInformation counts itself', async () => {
    t.sb.control.resetHourlyCount();
    const a = (await (await t.call('ThresholdInformation')).json()) as Record<string, number>;
    expect(a).toEqual({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 1 });
    await t.call('Companies/0');
    const b = (await (await t.call('thresholdinformation')).json()) as Record<string, number>;
    expect(b.currentTimeframeRequestCount).toBe(3);
    expect(t.sb.control.hourlyCount()).toBe(3);
  });

  it('wrong method → 405 ASP.NET body; paths are case-insensitive', async () => {
    const bare = await t.call('Companies');
    expect(bare.status).toBe(405);
    expect(await bare.json()).toEqual({ Message: "The requested resource does not support http method 'GET'." });
    const put = await t.call('Companies/query', { method: 'PUT', body: { filter: ALL } });
    expect(put.status).toBe(405);
    expect(await put.json()).toEqual({ Message: "The requested resource does not support http method 'PUT'." });
    const lower = await fetch(`${t.sb.zoneUrl().toLowerCase()}v1.0/companies/QUERY`, {
      method: 'POST',
      headers: { ...t.authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ filter: ALL, MaxRecords: 1 }),
    });
    expect(lower.status).toBe(200);
  });

  it('GET by id → {item}; missing → 404, or {item:null} when switched', async () => {
    const ok = (await (await t.call('Contracts/1003')).json()) as { item: { contractName: string } };
    expect(ok.item.contractName).toBe('PRACBILL-Managed-Services');
    expect((await t.call('Contracts/999999')).status).toBe(404);
    t.sb.control.setBehaviour({ missingById: 'null-item' });
    try {
      const res = await t.call('Contracts/999999');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ item: null });
    } finally {
      t.sb.control.setBehaviour({ missingById: '404' });
    }
  });

  it('DELETE TimeEntries/{id} removes the entry; Contracts cannot be deleted', async () => {
    const id = (t.sb.control.list('TimeEntries')[0] as { id: number }).id;
    const del = await t.call(`TimeEntries/${id}`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ itemId: id });
    expect(t.sb.control.get('TimeEntries', id)).toBeUndefined();
    expect((await t.call('Contracts/1003', { method: 'DELETE' })).status).toBe(405);
  });

  it('hides non-billable time entries when the visibility switch is on', async () => {
    const body = { filter: [{ op: 'eq', field: 'isNonBillable', value: true }] };
    const before = ((await (await t.call('TimeEntries/query/count', { body })).json()) as { queryCount: number }).queryCount;
    expect(before).toBeGreaterThan(0);
    t.sb.control.setBehaviour({ hideNonBillable: true });
    try {
      const after = ((await (await t.call('TimeEntries/query/count', { body })).json()) as { queryCount: number }).queryCount;
      expect(after).toBe(0);
    } finally {
      t.sb.control.setBehaviour({ hideNonBillable: false });
    }
  });

  it('a read with ImpersonationResourceId → 500 permission error', async () => {
    const res = await t.call('Companies/0', { headers: { ImpersonationResourceId: '123' } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { errors: string[] }).errors[0]).toMatch(/adequate permissions/);
  });

  it('a GET URL over 2048 characters → 404 HTML page', async () => {
    const search = JSON.stringify({ filter: [{ op: 'in', field: 'id', value: Array.from({ length: 400 }, (_, i) => i * 1000) }] });
    const res = await t.call(`Companies/query?search=${encodeURIComponent(search)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
