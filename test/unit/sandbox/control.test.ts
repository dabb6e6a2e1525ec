import { describe, expect, it } from 'vitest';
import { openSandbox, useSandbox } from './sandbox-test-client';

const TOKEN = 'test-admin-token';
const t = useSandbox({ size: 'empty', adminToken: TOKEN });

async function getItem(path: string): Promise<any> {
  const res = await t.call(path);
  expect(res.status).toBe(200);
  return ((await res.json()) as { item: unknown }).item;
}

describe('control API (in-process)', () => {
  it('clock: now / advance / set, starting at noon of the anchor date', () => {
    const c = t.sb.control.clock;
    expect(c.now().toISOString().slice(0, 13)).toBe('2026-03-15T12');
    const before = c.now().getTime();
    expect(c.advance(3_600_000).getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(c.set('2026-04-01T00:00:00Z').toISOString().slice(0, 16)).toBe('2026-04-01T00:00');
    c.set('2026-03-15T12:00:00Z');
  });

  it('insert returns the full record with a new id, visible over HTTP', async () => {
    const company = t.sb.control.insert('Companies', { companyName: 'Scenario Co' });
    expect(company.id).toBe(1);
    expect(company.isActive).toBe(true);
    expect(company.fax).toBeNull();
    expect(company.userDefinedFields).toEqual([]);
    const contract = t.sb.control.insert('contracts', { companyID: company.id, contractName: 'PRACBILL-Test', contractType: 7, startDate: '2026-01-01' });
    expect(contract.status).toBe(1);
    expect(contract.startDate).toBe('2026-01-01T00:00:00.000Z');
    expect((await getItem(`Contracts/${String(contract.id)}`)).contractName).toBe('PRACBILL-Test');
    expect(() => t.sb.control.insert('Contracts', { id: contract.id })).toThrow(/exists/);
    expect(() => t.sb.control.insert('Widgets', {})).toThrow(/Unknown sandbox entity/);
    expect(() => t.sb.control.insert('Contracts', { nope: 1 })).toThrow(/Unknown field/);
  });

  it('update patches and bumps lastModifiedDateTime; remove deletes', async () => {
    const entry = t.sb.control.insert('TimeEntries', {
      resourceID: 1,
      hoursWorked: 2.5,
      dateWorked: '2026-03-10',
      createDateTime: '2026-03-10T09:00:00Z',
      lastModifiedDateTime: '2026-03-10T09:00:00Z',
    });
    expect(entry.hoursToBill).toBe(2.5);
    expect(entry.isNonBillable).toBe(false);
    t.sb.control.clock.set('2026-03-16T08:00:00Z');
    const updated = t.sb.control.update('TimeEntries', entry.id as number, { summaryNotes: 'edited' });
    expect(updated.summaryNotes).toBe('edited');
    expect(String(updated.lastModifiedDateTime).slice(0, 16)).toBe('2026-03-16T08:00');
    expect((await getItem(`TimeEntries/${String(entry.id)}`)).summaryNotes).toBe('edited');
    expect(t.sb.control.remove('TimeEntries', entry.id as number)).toBe(true);
    expect(t.sb.control.remove('TimeEntries', entry.id as number)).toBe(false);
    expect((await t.call(`TimeEntries/${String(entry.id)}`)).status).toBe(404);
    expect(() => t.sb.control.update('TimeEntries', 424242, {})).toThrow(/does not exist/);
  });

  it('approve / unapprove a time entry (lastModified untouched unless switched)', async () => {
    const entry = t.sb.control.insert('TimeEntries', { resourceID: 1, hoursWorked: 1, lastModifiedDateTime: '2026-03-01T00:00:00Z' });
    const approved = t.sb.control.approveTimeEntry(entry.id as number);
    expect(approved.billingApprovalDateTime).not.toBeNull();
    expect(approved.billingApprovalLevelMostRecent).toBe(1);
    expect(approved.lastModifiedDateTime).toBe('2026-03-01T00:00:00.000Z');
    const q = await t.query('TimeEntries', {
      filter: [
        { op: 'exist', field: 'billingApprovalDateTime' },
        { op: 'eq', field: 'id', value: entry.id },
      ],
    });
    expect(q.json.items).toHaveLength(1);
    const un = t.sb.control.unapproveTimeEntry(entry.id as number);
    expect(un.billingApprovalDateTime).toBeNull();
    t.sb.control.setBehaviour({ approvalBumpsLastModified: true });
    try {
      expect(t.sb.control.approveTimeEntry(entry.id as number).lastModifiedDateTime).not.toBe('2026-03-01T00:00:00.000Z');
    } finally {
      t.sb.control.setBehaviour({ approvalBumpsLastModified: false });
    }
  });

  it('endContract sets status 0 and the end date', async () => {
    const c = t.sb.control.insert('Contracts', { contractName: 'PRACBILL-End', contractType: 7, status: 1, endDate: '2027-01-01' });
    const ended = t.sb.control.endContract(c.id as number, '2026-03-31');
    expect(ended).toMatchObject({ status: 0, endDate: '2026-03-31T00:00:00.000Z' });
    t.sb.control.clock.set('2026-03-20T15:00:00Z');
    expect(t.sb.control.endContract(c.id as number).endDate).toBe('2026-03-20T00:00:00.000Z');
    expect((await getItem(`Contracts/${String(c.id)}`)).status).toBe(0);
  });

  it('list / get / count', () => {
    expect(t.sb.control.count('Companies')).toBe(2);
    expect(t.sb.control.list('Companies').map((c) => c.id)).toEqual([0, 1]);
    expect(t.sb.control.list('Companies', (c) => c.companyName === 'Scenario Co')).toHaveLength(1);
    expect(t.sb.control.get('Companies', 0)!.companyName).toBe('Sandbox MSP Pty Ltd');
  });
});

describe('admin route', () => {
  const admin = (action: string, body: unknown = {}, token = TOKEN) =>
    fetch(`${t.sb.origin}/__sandbox/${action}`, { method: 'POST', headers: { 'x-sandbox-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('exposes the control API as JSON and is not counted in stats', async () => {
    t.sb.control.resetStats();
    const ins = await admin('insert', { entity: 'Companies', record: { companyName: 'Via Admin' } });
    expect(ins.status).toBe(200);
    const { result } = (await ins.json()) as { result: { id: number; companyName: string } };
    expect(result.companyName).toBe('Via Admin');
    expect(t.sb.control.get('Companies', result.id)).toBeDefined();
    const fault = await admin('injectFault', { kind: 'html503', entity: 'Companies' });
    expect(((await fault.json()) as { result: number }).result).toBeGreaterThan(0);
    expect((await t.call('Companies/0')).status).toBe(503);
    const adv = (await (await admin('advanceClock', { ms: 1000 })).json()) as { result: string };
    expect(typeof adv.result).toBe('string');
    const stats = (await (await admin('stats')).json()) as { result: { total: number } };
    expect(stats.result.total).toBe(1);
  });

  it('refuses a wrong token and unknown actions', async () => {
    expect((await admin('stats', {}, 'nope')).status).toBe(401);
    expect((await admin('doesNotExist')).status).toBe(404);
    const bad = await admin('get', { entity: 'Companies' });
    expect(bad.status).toBe(400);
  });

  it('is disabled without an admin token', async () => {
    const plain = await openSandbox({ size: 'empty' });
    try {
      const res = await fetch(`${plain.sb.origin}/__sandbox/stats`, { method: 'POST', headers: { 'x-sandbox-token': 'x' } });
      expect(res.status).toBe(404);
    } finally {
      await plain.sb.close();
    }
  });
});
