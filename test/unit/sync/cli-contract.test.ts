// docs/product-rules.md#command-line for the sync commands: exit codes, exactly one JSON document with the documented keys, usage
// errors, failures as a whole, and one run at a time across processes (the lock).
import os from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../../main/sync/run-lock';
import { Scenario, daysAgo, startHarness, type SyncHarness } from './support/harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const c = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  s.line(c, s.service('Managed Services'));
  s.entry(c, daysAgo(1), 5);
});
afterAll(async () => {
  await h.cleanup();
});

const RESULT_KEYS = ['apiCalls', 'counts', 'durationMs', 'message', 'runId', 'status', 'type'];
const COUNT_KEYS = ['create', 'error', 'skip', 'unchanged', 'update', 'warning'];

describe('sync CLI', () => {
  it('prints exactly one JSON document with the documented shape; progress goes to stderr', async () => {
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.out)).not.toThrow();
    expect(Object.keys(r.json).sort()).toEqual(RESULT_KEYS);
    expect(Object.keys(r.json.counts).sort()).toEqual(COUNT_KEYS);
    expect(r.json).toMatchObject({ type: 'contract', status: 'success' });
    expect(typeof r.json.runId).toBe('number');
    expect(typeof r.json.apiCalls).toBe('number');
    expect(typeof r.json.durationMs).toBe('number');
    expect(r.err).toContain('Reading contracts');

    const all = await h.cli(['sync', 'all', '--json']);
    expect(all.code).toBe(0);
    expect(Object.keys(all.json).sort()).toEqual(['runs', 'status']);
    expect(all.json.runs).toHaveLength(2);
    for (const run of all.json.runs) expect(Object.keys(run).sort()).toEqual(RESULT_KEYS);

    const dry = await h.cli(['sync', 'time', '--dry-run', '--json']);
    expect(Object.keys(dry.json).sort()).toEqual([...RESULT_KEYS, 'plan'].sort());
    expect(Object.keys(dry.json.plan).sort()).toEqual(['creates', 'ends', 'errors', 'flags', 'skips', 'unchanged', 'updates']);
  });

  it('without --json prints nothing on stdout and a human summary on stderr', async () => {
    const r = await h.cli(['sync', 'contracts']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('Contract sync completed');
  });

  it('bad dates and a reversed range are usage errors (exit 2) that start no run', async () => {
    const runs = h.one('SELECT COUNT(*) AS n FROM sync_runs').n;
    const bad = await h.cli(['sync', 'time', '--from', '2026-02-30', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--from is not a real calendar date');
    const worse = await h.cli(['sync', 'time', '--from', 'yesterday']);
    expect(worse.code).toBe(2);
    const reversed = await h.cli(['sync', 'time', '--from', '2026-03-10', '--to', '2026-03-01']);
    expect(reversed.code).toBe(2);
    expect(reversed.err).toContain('--from 2026-03-10 is after --to 2026-03-01');
    expect(bad.out).toBe('');
    expect(h.one('SELECT COUNT(*) AS n FROM sync_runs').n).toBe(runs);
  });

  it('missing credentials are a usage error (exit 2) with a clear message', async () => {
    const r = await h.cli(['sync', 'contracts', '--json'], { AUTOTASK_SECRET: '', AUTOTASK_USERNAME: '' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Autotask credentials are incomplete');
    expect(r.out).toBe('');
  });

  it('a wrong secret fails the run as a whole (exit 1) with the translated message, data intact', async () => {
    const services = h.one('SELECT COUNT(*) AS n FROM engineering_services').n;
    const r = await h.cli(['sync', 'contracts', '--json'], { AUTOTASK_SECRET: 'not-the-secret' });
    expect(r.code).toBe(1);
    expect(r.json.status).toBe('failed');
    expect(Object.keys(r.json).sort()).toEqual(RESULT_KEYS);
    expect(r.json.message).toMatch(/secret/i);
    expect(r.out).not.toContain('not-the-secret');
    expect(r.err).not.toContain('not-the-secret');
    expect(h.one('SELECT COUNT(*) AS n FROM engineering_services').n).toBe(services);
    expect(h.one('SELECT status FROM sync_runs WHERE id = ?', r.json.runId).status).toBe('failed');
  });

  it('refuses to run while another live process holds the lock (exit 1), and takes over a dead owner’s lock', async () => {
    const conn = new Database(h.dbFile);
    const lock = await acquireRunLock(conn, { heartbeatMs: 0 });
    try {
      const busy = await h.cli(['sync', 'contracts', '--json']);
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('Another sync is already running');
      expect(busy.json).toMatchObject({ status: 'failed' });
    } finally {
      lock.release();
    }
    // A crashed CLI run: a lock owned by a dead process and a run row left `running`.
    conn
      .prepare("INSERT INTO sync_lock (name, owner, run_id, acquired_at, expires_at) VALUES ('sync', ?, NULL, ?, ?)")
      .run(`${os.hostname()}|999999|dead`, new Date().toISOString(), new Date(Date.now() + 3_600_000).toISOString());
    const stale = conn
      .prepare("INSERT INTO sync_runs (type, trigger, started_at, status, owner_pid) VALUES ('time_entry', 'cli', ?, 'running', 999999)")
      .run(new Date().toISOString());
    conn.close();
    const r = await h.cli(['sync', 'contracts', '--json']);
    expect(r.code).toBe(0);
    const old = h.one('SELECT status, message FROM sync_runs WHERE id = ?', Number(stale.lastInsertRowid));
    expect(old.status).toBe('failed');
    expect(old.message).toMatch(/^Interrupted/);
    expect(h.one('SELECT COUNT(*) AS n FROM sync_lock').n).toBe(0);
  });

  it('takes a backup before each run and keeps the configured number', async () => {
    expect((await h.cli(['config', 'set', 'keepBackups', '2'])).code).toBe(0);
    await h.cli(['sync', 'contracts']);
    await h.cli(['sync', 'contracts']);
    await h.cli(['sync', 'contracts']);
    const fs = await import('node:fs');
    const files = fs.readdirSync(`${h.dir}/backups`).filter((f) => f.startsWith('billing-before-sync-'));
    expect(files).toHaveLength(2);
  });
});
