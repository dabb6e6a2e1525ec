import { isChannel, isEventChannel, type ApiBridge, type ApiResult, type EventChannel } from '../../shared/api-contract';

// `window.api` for a plain browser talking to the loopback bridge of `npm run demo`. The per-launch token
// arrives once in the address (`/?token=…`), moves to sessionStorage (this tab only, gone when it closes)
// and is removed from the address bar so it does not end up in bookmarks, history or screenshots.

export const TOKEN_HEADER = 'x-bridge-token';
const STORAGE_KEY = 'autotask-billing-sync.bridge-token';

export function takeToken(win: Window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // storage disabled: the token still works for this page's lifetime
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function failure(code: 'unavailable' | 'internal', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

const NO_TOKEN =
  'This page was opened without its access token. Open the full address that `npm run demo` printed (it ends in ?token=…).';

export function createBrowserBridge(win: Window, token: string | null): ApiBridge {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const connectEvents = () => {
    if (source || !token) return;
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    for (const channel of listeners.keys()) attach(channel);
  };
  const attached = new Set<string>();
  const attach = (channel: EventChannel) => {
    if (!source || attached.has(channel)) return;
    attached.add(channel);
    source.addEventListener(channel, (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      listeners.get(channel)?.forEach((l) => l(payload));
    });
  };

  const invoke = async (channel: unknown, arg?: unknown): Promise<ApiResult<unknown>> => {
    if (!isChannel(channel)) return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${String(channel)}` } };
    if (!token) return failure('unavailable', NO_TOKEN);
    let response: Response;
    try {
      response = await win.fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(arg === undefined ? null : arg),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      return failure('unavailable', 'The app’s local server is not answering. Is `npm run demo` still running?');
    }
    if (response.status === 401 || response.status === 403) {
      return failure('unavailable', 'The local server refused this page’s access token. Open the address that `npm run demo` printed for this launch.');
    }
    let result: ApiResult<unknown>;
    try {
      result = (await response.json()) as ApiResult<unknown>;
    } catch {
      return failure('internal', `The local server sent an unreadable answer (HTTP ${response.status}).`);
    }
    // A browser download is a plain navigation, which cannot carry the header: give it the token.
    if (channel === 'logs:export' && result.ok) {
      const value = result.value as { status?: string; url?: string };
      if (value.status === 'download' && typeof value.url === 'string') {
        const url = new URL(value.url, win.location.origin);
        url.searchParams.set('token', token);
        result = { ok: true, value: { ...value, url: `${url.pathname}${url.search}` } };
      }
    }
    return result;
  };

  const on = (channel: unknown, listener: (payload: unknown) => void) => {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel ${String(channel)}`);
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener);
    connectEvents();
    attach(channel);
    return () => {
      listeners.get(channel)?.delete(listener);
    };
  };

  return { invoke: invoke as ApiBridge['invoke'], on: on as ApiBridge['on'] };
}

/** Installs `window.api` backed by the loopback bridge (call only when the Electron preload is absent). */
export function installBrowserBridge(win: Window): void {
  const token = takeToken(win);
  (win as Window & { api: ApiBridge }).api = createBrowserBridge(win, token);
}
