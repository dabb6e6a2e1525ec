import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import type { ApiResult } from '../../shared/api-contract';
import { dispatch, type DispatchLogger } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { writeLogsCsv } from '../export/log-csv';
import type { EventHub } from './event-hub';
import { DOWNLOAD_PREFIX, ITEM_DOWNLOAD_PREFIX, type LogDownloads } from './log-downloads';
import { writeItemsCsv } from '../export/item-csv';
import { BILLING_DOWNLOAD_PREFIX, type BillingDownloads } from './billing-downloads';
import { checkHost, checkOrigin, checkToken, createSessions, sessionCookieName, type GuardResult } from './request-guard';
import { serveStaticFile } from './static-files';

// The browser transport of ARCHITECTURE.md ("one contract, three transports"): a loopback HTTP server that
// serves the built renderer and the same handler table as Electron's IPC.
//   GET  /?token=<one-time code>  sign-in: the printed address. The code is single-use and short-lived; it is
//                                 exchanged for an HttpOnly, SameSite=Strict session cookie by a 303 redirect
//                                 to the same address without the code, so the code never becomes a history
//                                 entry, a page URL or a referrer (issue #17 item 6)
//   POST /api/<channel>          body = the argument as JSON; answer = the ApiResult           (cookie)
//   GET  /events                 server-sent events: sync:progress, sync:finished, …           (cookie)
//   GET  /download/logs/<ticket> the CSV of a `logs:export` in browser mode; no token in it   (cookie)
//   GET  /download/billing/<t>   one file of a `billing:export` in browser mode; no token     (cookie)
//   GET  /, /assets/…            the renderer (no cookie needed: it holds nothing secret)
// Non-browser clients (tests, scripts) may send the per-launch API token in the x-bridge-token header
// instead of the cookie; it is never put in a URL and never printed.

export const TOKEN_HEADER = 'x-bridge-token';
const MAX_BODY_BYTES = 1024 * 1024;

export interface BridgeServerOptions {
  handlers: Handlers;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  hub: EventHub;
  downloads?: LogDownloads;
  billingDownloads?: BillingDownloads;
  /** For streaming CSV downloads. */
  sqlite?: Database.Database;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-launch API token for the x-bridge-token header (non-browser clients); random when not given. */
  token?: string;
  /** How long a printed sign-in code stays valid (default 10 minutes). */
  codeTtlMs?: number;
  now?: () => number;
  logger?: DispatchLogger;
}

export interface BridgeServer {
  origin: string;
  /** The address to open: origin + `/?token=<one-time code>` (valid once, for codeTtlMs). */
  url: string;
  /** Another one-time sign-in address (e.g. for a second browser). */
  mintUrl(): string;
  /** The header API token (not the sign-in code). */
  token: string;
  port: number;
  /** The interface the server is bound to (always 127.0.0.1). */
  address: string;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, g: Exclude<GuardResult, { ok: true }>): void {
  res.writeHead(g.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(g.message);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0; // keep draining (so the 413 can be read), stop keeping
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerValue(v: string | string[] | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

export async function startBridgeServer(opts: BridgeServerOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const logger = opts.logger ?? { error: (m: string) => console.error(m) };
  const sessions = createSessions({ codeTtlMs: opts.codeTtlMs ?? 10 * 60_000, now: opts.now });
  let port = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, channel: string) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const contentType = headerValue(req.headers['content-type']) ?? '';
    // Only JSON: a cross-site <form> cannot send application/json without a CORS preflight.
    if (!/^application\/json\b/i.test(contentType)) {
      sendJson(res, 415, { ok: false, error: { code: 'invalid-argument', message: 'Send the argument as application/json.' } });
      return;
    }
    // Too large: answer 413 and close, rather than resetting the connection mid-upload (issue #17).
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      sendJson(res, 413, { ok: false, error: { code: 'invalid-argument', message: `The request is too large (at most ${MAX_BODY_BYTES / 1024 / 1024} MB).` } });
      res.on('finish', () => setTimeout(() => req.destroy(), 1_000).unref());
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
    const text = await readBody(req);
    if (text === null) return tooLarge();
    let arg: unknown;
    try {
      arg = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: 'The request body is not valid JSON.' } });
      return;
    }
    const result: ApiResult<unknown> = await dispatch(opts.handlers, channel, arg, logger);
    sendJson(res, 200, result);
  };

  const downloadOf = (items: boolean, ticket: string): { fileName: string; write: (db: Database.Database, out: ServerResponse) => Promise<unknown> } | null => {
    if (items) {
      const f = opts.downloads?.takeItems(ticket);
      return f ? { fileName: f.fileName, write: (db, out) => writeItemsCsv(db, f.filter, out) } : null;
    }
    const f = opts.downloads?.take(ticket);
    return f ? { fileName: f.fileName, write: (db, out) => writeLogsCsv(db, f.filter, out) } : null;
  };

  // One streaming route for the log CSV and the Engineering Items CSV: the ticket names the filter.
  const handleDownload = async (res: ServerResponse, path: string) => {
    const items = path.startsWith(ITEM_DOWNLOAD_PREFIX);
    const ticket = path.slice(items ? ITEM_DOWNLOAD_PREFIX.length : DOWNLOAD_PREFIX.length);
    const found = downloadOf(items, ticket);
    if (!found || !opts.sqlite) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('This download link has expired. Press Export CSV again.');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${found.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    try {
      await found.write(opts.sqlite, res);
    } catch (error) {
      logger.error(`CSV download failed: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    }
  };

  const handleBillingDownload = (res: ServerResponse, ticket: string) => {
    const found = opts.billingDownloads?.take(ticket);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('This download link has expired. Press Export again.');
      return;
    }
    const safeName = found.fileName.replace(/[^\w.-]/g, '_');
    res.writeHead(200, {
      'content-type': found.contentType,
      'content-length': found.bytes.length,
      'content-disposition': `attachment; filename="${safeName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(found.bytes);
  };

  const server = http.createServer((req, res) => {
    const host = checkHost(req.headers, port);
    if (!host.ok) return refuse(res, host);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const p = url.pathname;
    const isApi = p.startsWith('/api/');
    const isEvents = p === '/events';
    const isBillingDownload = p.startsWith(BILLING_DOWNLOAD_PREFIX);
    const isDownload = p.startsWith(DOWNLOAD_PREFIX) || p.startsWith(ITEM_DOWNLOAD_PREFIX) || isBillingDownload;

    const cookieName = sessionCookieName(port);
    const hasSession = sessions.hasSession(req.headers.cookie, cookieName);
    if (isApi || isEvents || isDownload) {
      const origin = checkOrigin(req.headers, port);
      if (!origin.ok) return refuse(res, origin);
      // The session cookie (browsers), or the API token header (other clients). Never a token in the URL.
      if (!hasSession) {
        const header = headerValue(req.headers[TOKEN_HEADER]);
        const auth = header === null ? sessions.refusal(req.headers.cookie, cookieName) : checkToken(header, token);
        if (!auth.ok) return refuse(res, auth);
      }
    } else if (url.searchParams.has('token') && (req.method === 'GET' || req.method === 'HEAD')) {
      // Sign-in: exchange the one-time code for the session cookie, then go to the same address without it.
      const code = url.searchParams.get('token') ?? '';
      url.searchParams.delete('token');
      const clean = `${url.pathname}${url.search}`;
      const headers: Record<string, string> = { location: clean, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
      const session = sessions.redeem(code);
      if (session) {
        // No `Secure`: the bridge is plain http on loopback, and browsers drop Secure cookies set over http.
        headers['set-cookie'] = `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`;
      } else if (!hasSession) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
        res.end('Refused: this sign-in address was already used or has expired (each one works once, for a few minutes). Stop and start `npm run demo` again for a new one.');
        return;
      }
      res.writeHead(303, headers).end();
      return;
    }
    const fail = (error: unknown) => {
      logger.error(`Bridge request ${req.method} ${p} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The local server failed to answer.' } });
      else res.destroy();
    };
    if (isApi) {
      // A malformed %-escape makes decodeURIComponent throw; thrown here it would end the whole process.
      let channel: string;
      try {
        channel = decodeURIComponent(p.slice('/api/'.length));
      } catch {
        sendJson(res, 404, { ok: false, error: { code: 'unknown-channel', message: 'Unknown channel (malformed address).' } });
        return;
      }
      return void handleApi(req, res, channel).catch(fail);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (isEvents) return opts.hub.attach(res);
    if (isBillingDownload) return handleBillingDownload(res, p.slice(BILLING_DOWNLOAD_PREFIX.length));
    if (isDownload) return void handleDownload(res, p).catch(fail);
    try {
      serveStaticFile(opts.staticDir, req, res, p);
    } catch (error) {
      fail(error);
    }
  });
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: never reachable from another machine, whatever the firewall says.
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  const mintUrl = () => `${origin}/?token=${encodeURIComponent(sessions.mintCode())}`;
  return {
    origin,
    url: mintUrl(),
    mintUrl,
    token,
    port,
    address: address.address,
    close() {
      closing ??= new Promise<void>((resolve) => {
        opts.hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
