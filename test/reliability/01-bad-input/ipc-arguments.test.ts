// Bad input, target "IPC arguments": every channel of the contract through dispatch() with the real
// handler table over a temp database. Expect a clean ApiResult for every generated argument — never a
// throw, never an 'internal' error (that is an unexpected exception), never a write when the call was
// refused, never a polluted Object.prototype, and each refusal naming the field.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { API_CHANNELS, type ApiResult, type Channel } from '../../../shared/api-contract';
import { dispatch } from '../../../main/api/dispatch';
import { validators } from '../../../main/api/validators';
import type { SyncController } from '../../../main/api/core-deps';
import { createMemorySecretStore, type SecretStore } from '../../../main/secrets/secret-store';
import type { SyncRequest } from '../../../shared/domain';
import { makeTestCore } from '../../helpers/test-core';
import { hostileValue, mutated, NUM_RUNS, POLLUTION_KEYS, prototypeIsClean, STACK_TRACE, unicodeText } from '../support/arbitraries';
import { recordFigure } from '../support/figures';

const TEMPLATES: Record<Channel, Record<string, unknown> | undefined> = {
  'app:info': undefined,
  'settings:get': undefined,
  'settings:update': { skuPrefix: 'ACME', hourlyRate: '125.50', timeWindowDays: 30, scheduleTime: '03:15', departmentId: 'D-7', closeToTray: false },
  'credentials:get': undefined,
  'credentials:set': { username: 'api@acme.example', integrationCode: 'INTCODE', secret: 'reliability-ipc-secret' },
  'credentials:delete': undefined,
  'connection:test': undefined,
  'sync:start': { type: 'time_entry', from: '2026-01-01', to: '2026-01-31', dryRun: true },
  'sync:current': undefined,
  'sync:cancel': undefined,
  'sync:preview': { type: 'contract', endExpired: false },
  'sync:preview-cancel': undefined,
  'dashboard:get': undefined,
  'runs:list': { page: 1, perPage: 50 },
  'runs:daily': { days: 30 },
  'logs:list': { type: 'contract', status: 'error', from: '2026-01-01', to: '2026-12-31', runId: 1, page: 1, perPage: 100 },
  'logs:get': { id: 1 },
  'logs:export': { type: 'time_entry', status: 'success', from: '2026-01-01', to: '2026-01-02' },
  'customers:list': { search: 'acme', page: 1, perPage: 25 },
  'services:list': { search: '50%_off\\', page: 2, perPage: 500 },
  'items:list': { search: '', page: 1, perPage: 1 },
  'items:export': { customerId: 1, month: '2026-11', state: 'open' },
  'demo:enable': undefined,
  'billing:preview': { period: '2026-11' },
  'billing:hold': { itemId: 1, note: 'waiting for the customer' },
  'billing:release-posted': { itemId: 1, release: true },
  'billing:close': { period: '2026-10' },
  'billing:reopen': { period: '2026-10' },
  'billing:export': { period: '2026-10', format: 'xero', draft: true },
  'billing:runs': undefined,
  'customers:set-accounting-name': { customerId: 1, accountingName: '@Home Networks' },
  'rates:list': undefined,
  'rates:set': { rate: '175.50', from: '2026-12-01' },
  'attention:get': { limit: 50 },
  'attention:count': undefined,
  'attention:acknowledge': { itemId: 1 },
  'excluded:get': undefined,
  'excluded:refresh': undefined,
};

const channelArb = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...API_CHANNELS) },
  { weight: 1, arbitrary: fc.oneof(unicodeText, fc.constantFrom(...POLLUTION_KEYS), hostileValue) },
);

function argFor(channel: unknown): fc.Arbitrary<unknown> {
  const template = typeof channel === 'string' ? TEMPLATES[channel as Channel] : undefined;
  if (!template) return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(undefined, null) }, { weight: 3, arbitrary: hostileValue });
  return fc.oneof({ weight: 1, arbitrary: fc.constant(template) }, { weight: 5, arbitrary: mutated(template) }, { weight: 2, arbitrary: hostileValue });
}

const caseArb = channelArb.chain((channel) => argFor(channel).map((arg) => ({ channel, arg })));

interface Failure {
  channel: unknown;
  arg: string;
  problem: string;
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    return (s ?? String(v)).slice(0, 200);
  } catch {
    return String(v).slice(0, 200);
  }
}

/** Everything a call may have written: the settings table, every table's row count, the keychain writes. */
function snapshot(sqlite: import('better-sqlite3').Database, secretWrites: string[]): string {
  const settings = sqlite.prepare('SELECT key, value FROM settings ORDER BY key').all();
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const counts = tables.map((t) => [t.name, (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]);
  return JSON.stringify({ settings, counts, secretWrites: secretWrites.length });
}

function recordingStore(inner: SecretStore, writes: string[]): SecretStore {
  return {
    kind: inner.kind,
    get: (a) => inner.get(a),
    set: async (a, s) => {
      writes.push(`set:${a}`);
      await inner.set(a, s);
    },
    delete: async (a) => {
      const existed = await inner.delete(a);
      if (existed) writes.push(`delete:${a}`);
      return existed;
    },
    problem: () => inner.problem(),
  };
}

describe('bad input: IPC arguments from the renderer', () => {
  const syncRequests: SyncRequest[] = [];
  const secretWrites: string[] = [];
  const sync: SyncController = {
    start: async (request) => {
      syncRequests.push(request);
      return { queued: true, message: 'queued' };
    },
    current: () => null,
    cancel: () => ({ cancelled: false, message: 'nothing running' }),
  };
  const core = makeTestCore({
    secrets: recordingStore(createMemorySecretStore(), secretWrites),
    sync,
    testConnection: async () => ({ ok: true, zone: null, checks: [], message: 'stub' }),
    exportLogs: async () => ({ status: 'cancelled' }),
    exportItems: async () => ({ status: 'cancelled' }),
    enableDemo: async () => ({ ok: true, message: 'stub' }),
  });
  afterAll(() => core.cleanup());

  it(`answers ${NUM_RUNS.toLocaleString('en-US')} generated calls with a clean ApiResult`, async () => {
    const failures: Failure[] = [];
    const codes: Record<string, number> = {};
    let cases = 0;
    const logged: string[] = [];
    const logger = { error: (m: string) => void logged.push(m) };
    const sqlite = core.deps.database.sqlite;

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ channel, arg }) => {
        cases++;
        const fail = (problem: string) => failures.push({ channel: show(channel), arg: show(arg), problem });
        const before = snapshot(sqlite, secretWrites);
        let result: ApiResult<unknown>;
        try {
          result = await dispatch(core.handlers, channel, arg, logger);
        } catch (error) {
          fail(`dispatch threw: ${(error as Error)?.message}`);
          return;
        }
        if (!prototypeIsClean()) fail('Object.prototype was polluted');
        try {
          JSON.stringify(result);
        } catch (error) {
          fail(`result cannot cross the transport: ${(error as Error).message}`);
        }
        if (result.ok) {
          codes.ok = (codes.ok ?? 0) + 1;
          return;
        }
        const { code, message, fieldErrors } = result.error;
        codes[code] = (codes[code] ?? 0) + 1;
        if (code === 'internal') fail(`unexpected exception: ${message}`);
        if (typeof message !== 'string' || message.trim() === '') fail('empty error message');
        if (STACK_TRACE.test(message)) fail('stack trace in the message');
        if (code === 'invalid-argument') {
          const fields = Object.keys(fieldErrors ?? {});
          if (fields.length === 0) fail('refusal without fieldErrors');
          for (const f of fields) {
            if (f !== '_' && !message.includes(f)) fail(`message does not name the field ${f}`);
            if (!fieldErrors![f]?.trim()) fail(`empty message for field ${f}`);
          }
        }
        if (snapshot(sqlite, secretWrites) !== before) fail(`refused (${code}) but something was written`);
      }),
      { numRuns: NUM_RUNS, seed: 10_001 },
    );

    // Whatever reached the sync engine was a well-formed request.
    for (const r of syncRequests) expect(validators['sync:start'].safeParse(r).success).toBe(true);

    recordFigure(
      'bad input',
      'IPC arguments: cases',
      cases,
      Object.entries(codes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
    recordFigure('bad input', 'IPC arguments: crashes', failures.length);
    expect(cases).toBeGreaterThanOrEqual(NUM_RUNS);
    const distinct = [...new Map(failures.map((f) => [f.problem.slice(0, 60), f])).values()];
    expect(distinct.slice(0, 10)).toEqual([]);
  });
});
