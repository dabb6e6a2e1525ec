import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// Who may talk to the loopback bridge. The server listens on 127.0.0.1 only; on top of that:
// - Host must name this server (127.0.0.1:<port> or localhost:<port>): a DNS-rebinding page reaches us
//   under its own host name, so its requests are refused.
// - Origin, when sent, must be this server's own origin, and Sec-Fetch-Site must not say another site:
//   pages on other origins — including other ports of 127.0.0.1, which count as "same-site" — are refused.
// - Every API, event and download request carries the per-launch token (header, or `?token=` where a
//   browser cannot set headers: EventSource and download links). Missing → 401, wrong → 403.

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

const OK: GuardResult = { ok: true };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkHost(headers: IncomingHttpHeaders, port: number): GuardResult {
  const host = (headers.host ?? '').toLowerCase();
  if (allowedHosts(port).includes(host)) return OK;
  return { ok: false, status: 403, message: 'Refused: this server only answers requests addressed to 127.0.0.1.' };
}

export function checkOrigin(headers: IncomingHttpHeaders, port: number): GuardResult {
  const origin = headers.origin;
  if (origin !== undefined) {
    const allowed = allowedHosts(port).map((h) => `http://${h}`);
    if (!allowed.includes(origin.toLowerCase())) {
      return { ok: false, status: 403, message: 'Refused: requests from other web pages are not allowed.' };
    }
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, message: 'Refused: requests from other web pages are not allowed.' };
  }
  return OK;
}

export function checkToken(presented: string | null | undefined, token: string): GuardResult {
  if (!presented) return { ok: false, status: 401, message: 'Refused: the access token is missing. Open the address `npm run demo` printed.' };
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { ok: false, status: 403, message: 'Refused: the access token is wrong (each launch has a new one).' };
  }
  return OK;
}
