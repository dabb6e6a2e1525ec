import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserBridge, takeToken, TOKEN_HEADER } from '../../renderer/src/browser-bridge';

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('browser bridge token handling', () => {
  it('takes the token from the address once, keeps it in sessionStorage and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#/logs?status=error');
    expect(takeToken(window)).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/logs?status=error');
    expect(window.location.href).not.toContain('abc123');
    // A reload (no token in the address any more) finds it in this tab's storage.
    expect(takeToken(window)).toBe('abc123');
  });

  it('has no token when the page was opened without one', () => {
    expect(takeToken(window)).toBeNull();
  });
});

describe('browser bridge calls', () => {
  const response = (status: number, body: unknown) => ({ status, json: async () => body }) as Response;

  it('posts the argument as JSON with the token header and returns the ApiResult', async () => {
    const fetch = vi.fn(async () => response(200, { ok: true, value: { name: 'x' } }));
    const bridge = createBrowserBridge({ ...window, fetch, location: window.location } as unknown as Window, 'tok');
    const result = await bridge.invoke('logs:get', { id: 5 });
    expect(result).toEqual({ ok: true, value: { name: 'x' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/logs:get');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('tok');
    expect(init.body).toBe('{"id":5}');
    await bridge.invoke('app:info');
    expect((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body).toBe('null');
  });

  it('adds the token to a CSV download link (a plain navigation cannot send headers)', async () => {
    const fetch = vi.fn(async () => response(200, { ok: true, value: { status: 'download', url: '/download/logs/T1', fileName: 'autotask_logs_1_20261124_101010.csv' } }));
    const bridge = createBrowserBridge({ ...window, fetch, location: window.location } as unknown as Window, 't/k+');
    const result = await bridge.invoke('logs:export', {});
    expect(result).toEqual({ ok: true, value: { status: 'download', url: '/download/logs/T1?token=t%2Fk%2B', fileName: 'autotask_logs_1_20261124_101010.csv' } });
  });

  it('turns refusals and a stopped server into messages a person can act on', async () => {
    const refused = createBrowserBridge({ ...window, fetch: async () => response(403, 'no'), location: window.location } as unknown as Window, 'tok');
    expect(await refused.invoke('app:info')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('refused this page’s access token') } });
    const down = createBrowserBridge({ ...window, fetch: async () => Promise.reject(new TypeError('Failed to fetch')), location: window.location } as unknown as Window, 'tok');
    expect(await down.invoke('app:info')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('npm run demo') } });
    const noToken = createBrowserBridge(window, null);
    expect(await noToken.invoke('app:info')).toMatchObject({ ok: false, error: { message: expect.stringContaining('without its access token') } });
    expect(await (noToken.invoke as unknown as (c: string) => Promise<unknown>)('nope')).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });
});
