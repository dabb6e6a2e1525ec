import { isChannel, isEventChannel, type ApiBridge, type ApiResult, type EventChannel } from '../../shared/api-contract';

// `window.api` for a plain browser talking to the loopback bridge of `npm run demo`. The printed address
// carries a one-time sign-in code that the server exchanges for an HttpOnly, SameSite=Strict cookie and
// then redirects to the same address without it (issue #17 item 6): this page never sees a token, so none
// can reach history, bookmarks, screenshots, referrers or download links. Calls, events and downloads
// are same-origin requests that carry the cookie.

function failure(code: 'unavailable' | 'internal', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

const NO_TOKEN = 'This page was opened without its access token. Open the full address that `npm run demo` printed (it ends in ?token=… and works once).';

export function createBrowserBridge(win: Window): ApiBridge {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const connectEvents = () => {
    if (source) return;
    source = new EventSource('/events'); // same-origin: the session cookie goes along
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
    let response: Response;
    try {
      response = await win.fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(arg === undefined ? null : arg),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      return failure('unavailable', 'The app’s local server is not answering. Is `npm run demo` still running?');
    }
    if (response.status === 401) return failure('unavailable', NO_TOKEN);
    if (response.status === 403) {
      return failure('unavailable', 'The local server refused this page’s access token. Open the address that `npm run demo` printed for this launch.');
    }
    try {
      return (await response.json()) as ApiResult<unknown>;
    } catch {
      return failure('internal', `The local server sent an unreadable answer (HTTP ${response.status}).`);
    }
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
  (win as Window & { api: ApiBridge }).api = createBrowserBridge(win);
}
