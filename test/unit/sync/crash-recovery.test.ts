// A run killed at any point (SIGKILL of a child process running the CLI, after N sandbox requests)
// leaves a consistent database, and the next run converges to exactly what an uninterrupted run makes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/cli-runner';
import { canonicalDump, startHarness, type SyncHarness } from './support/harness';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let h: SyncHarness;
let reference: unknown;
let referenceRequests = 0;

async function syncAll(dbFile: string): Promise<number> {
  return (await runCliCaptured(['sync', 'all', '--db', dbFile], h.env)).code;
}

function dump(dbFile: string): unknown {
  const db = new Database(dbFile, { readonly: true });
  try {
    return canonicalDump(db);
  } finally {
    db.close();
  }
}

/** Runs `sync all` in a child process and SIGKILLs it once the sandbox has answered `after` requests. */
function runAndKill(dbFile: string, after: number): Promise<{ killed: boolean; requests: number }> {
  const base = h.sb.control.stats().total;
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'sync', 'all', '--db', dbFile], {
    cwd: repoRoot,
    env: { ...process.env, ...h.env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let killed = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the child sync did not finish within 60 s'));
    }, 60_000);
    const poll = setInterval(() => {
      if (!killed && h.sb.control.stats().total - base >= after) {
        killed = child.kill('SIGKILL');
      }
    }, 1);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(deadline);
      resolve({ killed, requests: h.sb.control.stats().total - base });
    });
    child.on('error', reject);
  });
}

beforeAll(async () => {
  h = await startHarness({ size: 'demo', seed: 11 });
  // Latency keeps each request in flight long enough for kills to land inside runs, not after them.
  h.sb.control.setLatency(15);
  const refFile = path.join(h.dir, 'reference.db');
  const base = h.sb.control.stats().total;
  expect(await syncAll(refFile)).toBe(0);
  referenceRequests = h.sb.control.stats().total - base;
  reference = dump(refFile);
}, 60_000);
afterAll(async () => {
  await h.cleanup();
});

describe('crash at any point', () => {
  it('has a reference with data in every table', () => {
    const r = reference as { customers: unknown[]; services: unknown[]; items: unknown[] };
    expect(r.customers.length).toBeGreaterThan(5);
    expect(r.services.length).toBeGreaterThan(20);
    expect(r.items.length).toBeGreaterThan(100);
  });

  for (const share of [0.1, 0.3, 0.5, 0.65, 0.8]) {
    it(`killed after ${share * 100}% of the requests, the next run converges to the uninterrupted result`, async () => {
      const after = Math.max(1, Math.floor(referenceRequests * share));
      const file = path.join(h.dir, `killed-${share}.db`);
      const { killed } = await runAndKill(file, after);
      expect(killed).toBe(true);
      // It really was interrupted: the database is not yet what a complete run makes.
      expect(dump(file)).not.toEqual(reference);
      expect(await syncAll(file)).toBe(0);
      expect(dump(file)).toEqual(reference);
      const db = new Database(file, { readonly: true });
      try {
        const running = db.prepare("SELECT COUNT(*) AS n FROM sync_runs WHERE status = 'running'").get() as { n: number };
        expect(running.n).toBe(0);
        expect((db.prepare('SELECT COUNT(*) AS n FROM sync_lock').get() as { n: number }).n).toBe(0);
        const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
        expect(integrity[0]?.integrity_check).toBe('ok');
      } finally {
        db.close();
      }
    }, 90_000);
  }
});
