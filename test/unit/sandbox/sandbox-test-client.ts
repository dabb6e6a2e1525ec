/** Tiny HTTP helpers for the sandbox tests: real requests over 127.0.0.1 with fetch. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../main/sandbox';

export interface TestSandbox {
  sb: SandboxHandle;
  /** `{zone}V1.0/` */
  base(): string;
  authHeaders(): Record<string, string>;
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: boolean }): Promise<Response>;
  query(entity: string, body: unknown): Promise<{ status: number; json: any }>;
  queryAll(entity: string, filter: unknown[], extra?: Record<string, unknown>): Promise<any[]>;
}

export const ANCHOR = '2026-03-15';

export async function openSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = await startSandbox({ anchorDate: ANCHOR, latencyScale: 0, ...opts });
  const t: TestSandbox = {
    sb,
    base: () => `${sb.zoneUrl()}V1.0/`,
    authHeaders: () => ({
      UserName: sb.credentials.username,
      Secret: sb.credentials.secret,
      ApiIntegrationCode: sb.credentials.integrationCode,
    }),
    call(path, init = {}) {
      const url = /^https?:/.test(path) ? path : `${t.base()}${path}`;
      const headers: Record<string, string> = { ...t.authHeaders(), ...init.headers };
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(url, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
    },
    async query(entity, body) {
      const res = await t.call(`${entity}/query`, { method: 'POST', body });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    async queryAll(entity, filter, extra = {}) {
      const out: any[] = [];
      let last = -1;
      for (let guard = 0; guard < 1000; guard++) {
        const { status, json } = await t.query(entity, { filter: [...filter, { op: 'gt', field: 'id', value: last }], ...extra });
        if (status !== 200) throw new Error(`query failed ${status}: ${JSON.stringify(json)}`);
        out.push(...json.items);
        if (json.items.length === 0 || !json.pageDetails.nextPageUrl) return out;
        last = json.items[json.items.length - 1].id;
      }
      throw new Error('too many pages');
    },
  };
  return t;
}

export const ALL = [{ op: 'gte', field: 'id', value: 0 }];

/**
 * The before/after block of a sandbox suite, once: one sandbox for the file (or the describe block it is
 * called in), `setup` after it starts, `reset` before each test, closed after all. Returns a stand-in that
 * forwards to the running sandbox, so module-level helpers can use it. A plain helper rather than a
 * `test.extend` fixture because these suites reach the sandbox from module-level helpers.
 */
export function useSandbox(opts: SandboxOptions = {}, hooks: { setup?: (t: TestSandbox) => void; reset?: (t: TestSandbox) => void } = {}): TestSandbox {
  let current: TestSandbox | null = null;
  const running = (): TestSandbox => {
    if (!current) throw new Error('The test sandbox is not running (use it inside a test or hook)');
    return current;
  };
  beforeAll(async () => {
    current = await openSandbox(opts);
    hooks.setup?.(current);
  });
  afterAll(async () => {
    await current?.sb.close();
    current = null;
  });
  if (hooks.reset) beforeEach(() => hooks.reset!(running()));
  return new Proxy({} as TestSandbox, { get: (_t, key) => Reflect.get(running(), key) as unknown });
}
