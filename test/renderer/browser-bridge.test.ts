import { describe, expect, it, vi } from 'vitest';
import { createBrowserBridge } from '../../renderer/src/browser-bridge';

// The page holds no token (issue #17 item 6): the server's sign-in redirect sets an HttpOnly cookie,
// and every call is a same-origin request carrying it.
describe('browser bridge calls', () => {
  const response = (status: number, body: unknown) => ({ status, json: async () => body }) as Response;

  it('posts the argument as JSON, same-origin with the cookie, no token header, and returns the ApiResult', async () => {
    const fetch = vi.fn(async () => response(200, { ok: true, value: { name: 'x' } }));
    const bridge = createBrowserBridge({ ...window, fetch, location: window.location } as unknown as Window);
    const result = await bridge.invoke('logs:get', { id: 5 });
    expect(result).toEqual({ ok: true, value: { name: 'x' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/logs:get');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
    expect(init.body).toBe('{"id":5}');
    await bridge.invoke('app:info');
    expect((fetch.mock.calls[1] as unknown as [string, RequestInit])[1].body).toBe('null');
  });

  it('leaves a CSV download link as the server gave it: no token added', async () => {
    const value = { status: 'download', url: '/download/logs/T1', fileName: 'autotask_logs_1_20261124_101010.csv' };
    const fetch = vi.fn(async () => response(200, { ok: true, value }));
    const bridge = createBrowserBridge({ ...window, fetch, location: window.location } as unknown as Window);
    expect(await bridge.invoke('logs:export', {})).toEqual({ ok: true, value });
  });

  it('turns refusals and a stopped server into messages a person can act on', async () => {
    const refused = createBrowserBridge({ ...window, fetch: async () => response(403, 'no'), location: window.location } as unknown as Window);
    expect(await refused.invoke('app:info')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('refused this page’s access token') } });
    const down = createBrowserBridge({ ...window, fetch: async () => Promise.reject(new TypeError('Failed to fetch')), location: window.location } as unknown as Window);
    expect(await down.invoke('app:info')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('npm run demo') } });
    const notSignedIn = createBrowserBridge({ ...window, fetch: async () => response(401, 'no'), location: window.location } as unknown as Window);
    expect(await notSignedIn.invoke('app:info')).toMatchObject({ ok: false, error: { message: expect.stringContaining('without its access token') } });
    expect(await (notSignedIn.invoke as unknown as (c: string) => Promise<unknown>)('nope')).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });
});
