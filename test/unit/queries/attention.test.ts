// "Needs attention" (issue #16 point 5): the queue's queries and the acknowledgement rules — who/when kept,
// acknowledging twice, refusals, and a flag that is cleared or raised again with another reason.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase, type AppDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { AttentionError, createAttentionService, type AttentionService } from '../../../main/attention/attention-service';
import { createHandlers } from '../../../main/api/handlers';
import { dispatch } from '../../../main/api/dispatch';
import { makeTestCore } from '../../helpers/test-core';
import { makeTempDir } from '../../helpers/temp-dir';

let tmp: { dir: string; cleanup: () => void };
let database: AppDatabase;
let sqlite: Database.Database;
let clock: Date;
let who: string;
let service: AttentionService;

// The same statements the sync engine runs (main/sync/apply-plan.ts): a flag with a new reason gets a new
// flagged_at; an entry that qualifies again is unflagged and its flagged_at cleared.
const flag = (itemId: number, reason: string, at: string) =>
  sqlite.prepare('UPDATE engineering_items SET flagged = 1, flag_reason = ?, flagged_at = ?, updated_at = ? WHERE id = ?').run(reason, at, at, itemId);
const unflag = (itemId: number) => sqlite.prepare('UPDATE engineering_items SET flagged = 0, flag_reason = NULL, flagged_at = NULL WHERE id = ?').run(itemId);

beforeEach(() => {
  tmp = makeTempDir('abs-attention-');
  database = openDatabase(path.join(tmp.dir, 'billing.db'), { migrationsFolder: sourceMigrationsFolder() });
  sqlite = database.sqlite;
  sqlite.prepare("INSERT INTO customers (id, autotask_company_id, name) VALUES (1, 29683, 'Acme Dental'), (2, 29684, 'Bravo Ltd')").run();
  sqlite
    .prepare(
      `INSERT INTO engineering_services (id, customer_id, autotask_contract_id, autotask_contract_service_id, contract_name, service_name, unit_price_cents)
       VALUES (1, 1, 500, 9001, 'PRACBILL Acme', 'Managed', 4999), (2, 2, 501, 9002, 'PRACBILL Bravo', 'Support', 1000)`,
    )
    .run();
  sqlite
    .prepare(
      `INSERT INTO engineering_items (id, service_id, autotask_time_entry_id, date_worked, hours, rate_cents, amount_cents, flagged, flag_reason, flagged_at)
       VALUES (1, 1, 70001, '2026-03-02', '5.00', 15000, 75000, 0, NULL, NULL),
              (2, 1, 70002, '2026-03-03', '1.25', 15000, 18750, 1, 'no longer approved for billing in Autotask', '2026-03-10T02:00:00.000Z'),
              (3, 2, 70003, '2026-03-04', '0.50', 15000, 7500, 1, 'deleted in Autotask', '2026-03-11T02:00:00.000Z'),
              (4, 2, 70004, '2026-03-05', '2.00', 15000, 30000, 1, 'made non-billable in Autotask', NULL)`,
    )
    .run();
  clock = new Date('2026-03-12T09:30:00.000Z');
  who = 'alice';
  service = createAttentionService({ sqlite, now: () => clock, user: () => who });
});
afterEach(() => {
  database.close();
  tmp.cleanup();
});

const ids = (rows: { itemId: number }[]) => rows.map((r) => r.itemId);

describe('the queue', () => {
  it('lists flagged items with customer, contract, date, hours, amount, reason and when, newest flag first', () => {
    const q = service.queue();
    expect(ids(q.open)).toEqual([3, 2, 4]); // item 4 has no recorded flag time: last
    expect(q.openTotal).toBe(3);
    expect(q.open[0]).toEqual({
      itemId: 3,
      autotaskTimeEntryId: 70003,
      customerId: 2,
      customerName: 'Bravo Ltd',
      contractName: 'PRACBILL Bravo',
      serviceName: 'Support',
      dateWorked: '2026-03-04',
      hours: '0.50',
      amount: '75.00',
      flagReason: 'deleted in Autotask',
      flaggedAt: '2026-03-11T02:00:00.000Z',
      acknowledged: null,
      previous: null,
    });
    expect(q.acknowledged).toEqual([]);
    expect(service.count()).toEqual({ openItems: 3, unresolvedRuns: 0, total: 3 });
  });

  it('caps each list at the limit but counts every row', () => {
    const q = service.queue(2);
    expect(ids(q.open)).toEqual([3, 2]);
    expect(q.openTotal).toBe(3);
    expect(q.limit).toBe(2);
  });

  it('lists failed and partial runs with their reason; a later success of the same type resolves one; dry runs are left out', () => {
    const run = sqlite.prepare('INSERT INTO sync_runs (type, trigger, dry_run, started_at, finished_at, status, message) VALUES (?, ?, ?, ?, ?, ?, ?)');
    run.run('contract', 'schedule', 0, '2026-03-10T02:00:00.000Z', '2026-03-10T02:01:00.000Z', 'failed', 'The API secret was rejected (HTTP 401)');
    run.run('time_entry', 'schedule', 0, '2026-03-10T02:02:00.000Z', '2026-03-10T02:03:00.000Z', 'partial', '1 time entry could not be imported');
    run.run('contract', 'manual', 0, '2026-03-11T08:00:00.000Z', '2026-03-11T08:01:00.000Z', 'success', 'ok');
    run.run('time_entry', 'cli', 1, '2026-03-11T09:00:00.000Z', '2026-03-11T09:01:00.000Z', 'failed', 'dry run');
    run.run('time_entry', 'manual', 0, '2026-03-11T10:00:00.000Z', null, 'running', null);
    const q = service.queue();
    expect(q.runs.map((r) => [r.type, r.status, r.message, r.resolved])).toEqual([
      ['time_entry', 'partial', '1 time entry could not be imported', false],
      ['contract', 'failed', 'The API secret was rejected (HTTP 401)', true],
    ]);
    expect(q.unresolvedRuns).toBe(1);
    expect(service.count()).toEqual({ openItems: 3, unresolvedRuns: 1, total: 4 });
  });
});

describe('acknowledging', () => {
  it('records the OS user and the time, moves the item to Acknowledged and keeps the row', () => {
    const r = service.acknowledge(2);
    expect(r.recorded).toBe(true);
    expect(r.message).toBe('Acknowledged item 2 (time entry 70002): no longer approved for billing in Autotask. Recorded as alice at 2026-03-12T09:30:00.000Z.');
    const q = service.queue();
    expect(ids(q.open)).toEqual([3, 4]);
    expect(q.acknowledged).toHaveLength(1);
    expect(q.acknowledged[0]).toMatchObject({ itemId: 2, acknowledged: { by: 'alice', at: '2026-03-12T09:30:00.000Z', reason: 'no longer approved for billing in Autotask' } });
    expect(sqlite.prepare('SELECT item_id, flag_reason, flagged_at, acknowledged_by, acknowledged_at FROM flag_acknowledgements').all()).toEqual([
      {
        item_id: 2,
        flag_reason: 'no longer approved for billing in Autotask',
        flagged_at: '2026-03-10T02:00:00.000Z',
        acknowledged_by: 'alice',
        acknowledged_at: '2026-03-12T09:30:00.000Z',
      },
    ]);
    expect(service.count().openItems).toBe(2);
  });

  it('a second acknowledgement of the same flag changes nothing and names the first', () => {
    service.acknowledge(2);
    who = 'bob';
    clock = new Date('2026-03-13T10:00:00.000Z');
    const again = service.acknowledge(2);
    expect(again.recorded).toBe(false);
    expect(again.message).toBe("Item 2's flag was already acknowledged by alice at 2026-03-12T09:30:00.000Z; nothing changed.");
    expect(again.item.acknowledged).toMatchObject({ by: 'alice' });
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM flag_acknowledgements').get() as { n: number }).n).toBe(1);
  });

  it('acknowledges an item whose flag time was never recorded', () => {
    expect(service.acknowledge(4).recorded).toBe(true);
    expect(ids(service.queue().acknowledged)).toEqual([4]);
  });

  it('refuses an unknown item and an item that is not flagged, writing nothing', () => {
    expect(() => service.acknowledge(99)).toThrow(AttentionError);
    expect(() => service.acknowledge(99)).toThrow(/No engineering item has itemId 99/);
    expect(() => service.acknowledge(1)).toThrow(/The engineering item with itemId 1 is not flagged/);
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM flag_acknowledgements').get() as { n: number }).n).toBe(0);
  });

  it('a flag re-raised with a different reason is open again, showing the earlier acknowledgement; the old row is kept', () => {
    service.acknowledge(2);
    flag(2, 'deleted in Autotask', '2026-03-14T02:00:00.000Z');
    const q = service.queue();
    expect(ids(q.open)).toEqual([2, 3, 4]);
    expect(q.open[0]).toMatchObject({
      flagReason: 'deleted in Autotask',
      acknowledged: null,
      previous: { by: 'alice', at: '2026-03-12T09:30:00.000Z', reason: 'no longer approved for billing in Autotask' },
    });
    expect(q.acknowledged).toEqual([]);
    // Acknowledging the new flag is a second, separate record.
    who = 'bob';
    clock = new Date('2026-03-14T08:00:00.000Z');
    expect(service.acknowledge(2).recorded).toBe(true);
    expect(service.queue().acknowledged[0]).toMatchObject({ itemId: 2, acknowledged: { by: 'bob', reason: 'deleted in Autotask' }, previous: { by: 'alice' } });
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM flag_acknowledgements').get() as { n: number }).n).toBe(2);
  });

  it('a flag cleared by a later sync leaves both lists; flagged again for the same reason later, it is open again', () => {
    service.acknowledge(2);
    unflag(2);
    let q = service.queue();
    expect(ids(q.open)).not.toContain(2);
    expect(ids(q.acknowledged)).not.toContain(2);
    expect(() => service.acknowledge(2)).toThrow(/not flagged/);
    flag(2, 'no longer approved for billing in Autotask', '2026-03-20T02:00:00.000Z');
    q = service.queue();
    expect(q.open[0]).toMatchObject({ itemId: 2, acknowledged: null, previous: { by: 'alice', reason: 'no longer approved for billing in Autotask' } });
  });
});

describe('attention:* channels', () => {
  it('validate their arguments with clear errors and acknowledge through the same service', async () => {
    const core = makeTestCore();
    try {
      const handlers = createHandlers(core.deps);
      expect(await dispatch(handlers, 'attention:acknowledge', { itemId: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', message: 'Invalid argument for attention:acknowledge: itemId must be an id' },
      });
      expect(await dispatch(handlers, 'attention:acknowledge', {})).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(await dispatch(handlers, 'attention:get', { limit: 5000 })).toMatchObject({
        ok: false,
        error: { message: 'Invalid argument for attention:get: limit can be at most 1000' },
      });
      expect(await dispatch(handlers, 'attention:acknowledge', { itemId: 7 })).toEqual({
        ok: false,
        error: {
          code: 'invalid-argument',
          message: 'No engineering item has itemId 7; `list flagged` shows the flagged ones.',
          fieldErrors: { itemId: 'No engineering item has itemId 7; `list flagged` shows the flagged ones.' },
        },
      });
      expect(await dispatch(handlers, 'attention:count', undefined)).toEqual({ ok: true, value: { openItems: 0, unresolvedRuns: 0, total: 0 } });
      expect(await dispatch(handlers, 'attention:get', undefined)).toMatchObject({ ok: true, value: { open: [], acknowledged: [], runs: [], limit: 200 } });
    } finally {
      core.cleanup();
    }
  });
});
