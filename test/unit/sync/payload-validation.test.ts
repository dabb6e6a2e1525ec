// What arrives on the wire is validated per record: wrong types become one error row naming the field and
// the run goes on (partial); date-times in any of Autotask's formats are read the same way.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalDump, Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';
import { startRewritingProxy, type RewritingProxy } from './support/rewriting-proxy';

let h: SyncHarness;
let proxy: RewritingProxy;
let badEntry: number;
let badLine: number;
let goodEntry: number;

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const svc = s.service('Managed Services');
  const c = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  s.line(c, svc);
  badLine = s.line(c, svc, { unitPrice: 12.5 });
  badEntry = s.entry(c, daysAgo(1), 3);
  goodEntry = s.entry(c, daysAgo(1), 2);
  proxy = await startRewritingProxy(h.sb.origin, (p, json) => {
    for (const item of json?.items ?? []) {
      if (p.endsWith('/TimeEntries/query') && item.id === badEntry) item.hoursWorked = 'three';
      if (p.endsWith('/ContractServices/query') && item.id === badLine) item.unitPrice = '12.50';
    }
  });
});
afterAll(async () => {
  await proxy.close();
  await h.cleanup();
});

describe('payload validation', () => {
  it('a string where a number belongs becomes an error row naming the field; the rest is synced (partial, exit 0)', async () => {
    const viaProxy = { AUTOTASK_ZONE_LOOKUP_URL: proxy.zoneLookupUrl };
    const c = await h.cli(['sync', 'contracts', '--json'], viaProxy);
    expect(c.code).toBe(0);
    expect(c.json.status).toBe('partial');
    expect(c.json.counts).toMatchObject({ create: 2, error: 1 });
    const cerr = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'error'", c.json.runId);
    expect(cerr.message).toBe(`ContractService ${badLine} could not be read: unitPrice: expected a number (got "12.50")`);

    const t = await h.cli(['sync', 'time', '--json'], viaProxy);
    expect(t.code).toBe(0);
    expect(t.json.status).toBe('partial');
    expect(t.json.counts).toMatchObject({ create: 1, error: 1 });
    const terr = h.one("SELECT * FROM sync_logs WHERE run_id = ? AND operation = 'error'", t.json.runId);
    expect(terr.status).toBe('error');
    expect(terr.message).toBe(`Time entry ${badEntry} could not be read: hoursWorked: expected a number (got "three")`);
    expect(JSON.parse(terr.details).record.id).toBe(badEntry);
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_items WHERE autotask_time_entry_id = ?', goodEntry).n).toBe(1);
    // An unreadable record is never mistaken for a deleted one.
    expect(h.one("SELECT COUNT(*) AS n FROM sync_logs WHERE status = 'warning'").n).toBe(0);
  });

  it('reads date-times with any fractional digits and with or without Z exactly like canonical ones', async () => {
    const demo = await startHarness({ size: 'demo', seed: 5 });
    try {
      const a = path.join(demo.dir, 'canonical.db');
      const b = path.join(demo.dir, 'varying.db');
      expect((await demo.cli(['sync', 'all'], {}, a)).code).toBe(0);
      demo.sb.control.setBehaviour({ dateTimeStyle: 'varying', dateTimeZulu: 'mixed' });
      expect((await demo.cli(['sync', 'all'], {}, b)).code).toBe(0);
      const dumpOf = (f: string) => {
        const db = new Database(f, { readonly: true });
        try {
          return canonicalDump(db);
        } finally {
          db.close();
        }
      };
      const canonical = dumpOf(a) as { items: unknown[] };
      expect(canonical.items.length).toBeGreaterThan(100);
      expect(dumpOf(b)).toEqual(canonical);
    } finally {
      await demo.cleanup();
    }
  });
});
