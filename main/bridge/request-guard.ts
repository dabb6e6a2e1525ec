import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// Who may talk to the loopback bridge. The server listens on 127.0.0.1 only; on top of that:
// - Host must name this server (127.0.0.1:<port> or localhost:<port>): a DNS-rebinding page reaches us
//   under its own host name, so its requests are refused.
// - Origin, when sent, must be this server's own origin, and Sec-Fetch-Site must not say another site:
//   pages on other origins — including other ports of 127.0.0.1, which count as "same-site" — are refused.
// - Every API, event and download request carries the session cookie (browsers) or the per-launch API
//   token header (other clients). Missing → 401, wrong → 403. No token is ever accepted from a URL there.
// - The session cookie comes from a one-time sign-in code (the printed `/?token=…`): single-use, short-lived,
//   exchanged by a redirect for `HttpOnly; SameSite=Strict; Path=/` (issue #17 item 6). Not `Secure`: the
//   bridge is plain http on 127.0.0.1 and browsers ignore Secure cookies set over http. Cookies are not
//   isolated by port, so the name carries the port (two demos do not clash); another server on 127.0.0.1
//   would receive it if the browser visited that server, which is why the Origin/Sec-Fetch-Site checks stay.

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

export const sessionCookieName = (port: number): string => `abs_bridge_${port}`;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface Sessions {
  /** A new one-time sign-in code. */
  mintCode(): string;
  /** Exchanges a live, unused code for a new session id (the code is spent, even if it fails later); null otherwise. */
  redeem(code: string): string | null;
  hasSession(cookieHeader: string | undefined, name: string): boolean;
  /** Why a request without a valid session is refused: no cookie → 401, unknown cookie → 403. */
  refusal(cookieHeader: string | undefined, name: string): Exclude<GuardResult, { ok: true }>;
}

/** Codes and sessions are kept as SHA-256 digests (a lookup never compares secrets byte by byte). */
export function createSessions(opts: { codeTtlMs: number; now?: () => number }): Sessions {
  const now = opts.now ?? Date.now;
  const codes = new Map<string, number>(); // digest → expiry
  const sessions = new Set<string>();
  return {
    mintCode() {
      for (const [k, exp] of codes) if (exp <= now()) codes.delete(k);
      const code = randomBytes(24).toString('base64url');
      codes.set(hash(code), now() + opts.codeTtlMs);
      return code;
    },
    redeem(code) {
      if (!code) return null;
      const key = hash(code);
      const expires = codes.get(key);
      codes.delete(key);
      if (expires === undefined || expires <= now()) return null;
      const session = randomBytes(32).toString('base64url');
      sessions.add(hash(session));
      return session;
    },
    hasSession(cookieHeader, name) {
      const value = readCookie(cookieHeader, name);
      return value !== null && value !== '' && sessions.has(hash(value));
    },
    refusal(cookieHeader, name) {
      return readCookie(cookieHeader, name)
        ? { ok: false, status: 403, message: 'Refused: this browser session is not valid for this launch. Open the address `npm run demo` printed.' }
        : { ok: false, status: 401, message: 'Refused: this page is not signed in. Open the address `npm run demo` printed (it works once).' };
    },
  };
}
