// Turns one HTTP exchange into parsed JSON or a translated AutotaskError. Autotask's status codes are
// inconsistent (a wrong username is a 500, a validation error is a 500, an overloaded zone sends IIS HTML),
// so the kind comes from the body text first and the status second.
import { AutotaskError, type AutotaskErrorKind } from './autotask-error';
import type { Redactor } from './secret-redactor';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  bytes: number;
}

export interface ExchangeContext {
  method: string;
  /** Already redacted. */
  url: string;
  /** Entity or endpoint label, for messages ("Contracts"). */
  endpoint: string;
  redactor: Redactor;
  nowMs: number;
}

export type Classified = { ok: true; json: unknown } | { ok: false; error: AutotaskError };

const UNKNOWN_USERNAME = /zone information could not be determined/i;
const BAD_INTEGRATION_CODE = /integration\s*code is invalid|invalid integration\s*code|tracking identifier/i;
const THREAD_LIMIT = /thread threshold|thread limit|threads? .*exceeded|itgenatr005/i;
const HOURLY_THRESHOLD = /request threshold|requests per \d+ minutes|hourly|threshold.*exceeded|exceeded.*threshold/i;
const PERMISSION = /adequate permission|permission|not authori[sz]ed|access (is )?denied|security level|not allowed to/i;
const VALIDATION = /unable to find|invalid|is required|does not reference|not a valid|cannot be|must be|limited to|syntax|not supported|no matching records|out of range|exceed/i;

const MAX_ERROR_TEXT = 500;

export function retryAfterMs(headers: RawResponse['headers'], nowMs: number): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function contentType(headers: RawResponse['headers']): string {
  const raw = headers['content-type'];
  return (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase() ?? '';
}

function looksLikeHtml(text: string, type: string): boolean {
  return type.includes('html') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

/** A short, human description of a body that is not the JSON we expected. */
export function describeBody(text: string, type: string, bytes: number): string {
  if (bytes === 0 || text.trim() === '') return 'an empty response';
  if (looksLikeHtml(text, type)) {
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    const heading = /<h[12][^>]*>([^<]{1,120})<\/h[12]>/i.exec(text)?.[1]?.trim();
    const label = title || heading;
    return label ? `an HTML page ("${label}") instead of JSON` : 'an HTML page instead of JSON';
  }
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') return `JSON cut off after ${bytes} bytes (incomplete or invalid)`;
  const excerpt = text.trim().slice(0, 80).replace(/\s+/g, ' ');
  return `${bytes} bytes of text ("${excerpt}${text.trim().length > 80 ? '…' : ''}") instead of JSON`;
}

/** Autotask's `errors` array, or ASP.NET's `Message`, as strings. */
export function extractErrors(json: unknown): string[] {
  if (!json || typeof json !== 'object') return [];
  const o = json as Record<string, unknown>;
  const out: string[] = [];
  const errors = o.errors ?? o.Errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === 'string') out.push(e);
      else if (e && typeof e === 'object') {
        const m = (e as Record<string, unknown>).message ?? (e as Record<string, unknown>).Message;
        if (typeof m === 'string') out.push(m);
      }
    }
  }
  for (const key of ['Message', 'message', 'ExceptionMessage']) {
    const m = o[key];
    if (typeof m === 'string' && !out.includes(m)) out.push(m);
  }
  return out;
}

function clip(s: string): string {
  return s.length > MAX_ERROR_TEXT ? `${s.slice(0, MAX_ERROR_TEXT)}…` : s;
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function classifyResponse(res: RawResponse, ctx: ExchangeContext): Classified {
  const body = parseBody(res);
  const ok = res.status >= 200 && res.status < 300;
  if (ok && body.parsed) return { ok: true, json: body.json };
  return { ok: false, error: translateFailure(failureContext(res, ctx, body)) };
}

interface ParsedBody {
  type: string;
  json: unknown;
  /** False for an empty body, an HTML page or text that is not JSON. */
  parsed: boolean;
}

function parseBody(res: RawResponse): ParsedBody {
  const type = contentType(res.headers);
  if (res.text.trim() === '' || looksLikeHtml(res.text, type)) return { type, json: undefined, parsed: false };
  try {
    return { type, json: JSON.parse(res.text), parsed: true };
  } catch {
    return { type, json: undefined, parsed: false };
  }
}

/** Everything the failure rules read: the exchange, what Autotask said, and an error factory. */
interface Failure {
  res: RawResponse;
  ctx: ExchangeContext;
  ok: boolean;
  parsed: boolean;
  /** Autotask's error messages, redacted, joined with spaces. */
  joined: string;
  /** ` Autotask said: "…"`, or '' when it said nothing. */
  autotaskSaid: string;
  /** A description of a body that is not the expected JSON. */
  what: string;
  after: number | undefined;
  make: (kind: AutotaskErrorKind, userMessage: string, retryable: boolean, detail?: string) => AutotaskError;
}

function failureContext(res: RawResponse, ctx: ExchangeContext, body: ParsedBody): Failure {
  const errors = body.parsed ? extractErrors(body.json).map((e) => clip(ctx.redactor.text(e))) : [];
  const joined = errors.join(' ');
  const after = retryAfterMs(res.headers, ctx.nowMs);
  const base = { method: ctx.method, url: ctx.url, status: res.status, errors, retryAfterMs: after };
  return {
    res,
    ctx,
    ok: res.status >= 200 && res.status < 300,
    parsed: body.parsed,
    joined,
    autotaskSaid: joined ? ` Autotask said: "${joined}"` : '',
    what: describeBody(res.text, body.type, res.bytes),
    after,
    make: (kind, userMessage, retryable, detail) => new AutotaskError({ ...base, kind, userMessage: ctx.redactor.text(userMessage), retryable, detail }),
  };
}

/** The rules in order; the first that recognises the failure names it. */
function translateFailure(f: Failure): AutotaskError {
  if (f.ok) return unreadableSuccess(f);
  return credentialFailure(f) ?? rateLimitFailure(f) ?? accessFailure(f) ?? unavailableFailure(f) ?? rejectedRequest(f);
}

/** 2xx but not JSON: a proxy page or a connection cut mid-body. Worth another try. */
function unreadableSuccess(f: Failure): AutotaskError {
  const { res, ctx } = f;
  return f.make(
    'bad-response',
    `Autotask sent ${f.what} for ${ctx.endpoint}. This is usually a temporary problem at Autotask or a proxy in between.`,
    true,
    excerpt(res.text, ctx.redactor),
  );
}

/** A failure that names the username, the integration code or the secret. */
function credentialFailure(f: Failure): AutotaskError | undefined {
  const { res, make } = f;
  if (UNKNOWN_USERNAME.test(f.joined)) {
    return make('unknown-username', "Autotask did not recognise the API username. Check the username in Configuration (it is the API user's login, like name@company.com).", false);
  }
  if (BAD_INTEGRATION_CODE.test(f.joined)) {
    return make(
      'bad-integration-code',
      "Autotask rejected the API integration code. Check the integration code in Configuration (Autotask calls it the API tracking identifier; it is on the API user's security settings).",
      false,
    );
  }
  if (res.status === 401) {
    return make('bad-secret', 'The API secret was rejected (HTTP 401). Check the secret in Configuration, or set a new one for the API user in Autotask.', false);
  }
  return undefined;
}

/** The thread limit, the hourly request threshold, or a plain 429. */
function rateLimitFailure(f: Failure): AutotaskError | undefined {
  const { res, make, autotaskSaid } = f;
  if (THREAD_LIMIT.test(f.joined)) {
    return make(
      'thread-limit',
      `Autotask refused the request because too many requests were running at the same time for this integration (thread limit).${autotaskSaid} Other tools using the same integration code may be busy; try again in a few minutes.`,
      true,
    );
  }
  if (res.status >= 400 && HOURLY_THRESHOLD.test(f.joined)) {
    // The hourly window frees up over minutes, not seconds: only wait when the server says how long.
    return make(
      'threshold',
      `Autotask's hourly limit of API requests for this database has been reached (HTTP ${res.status}).${autotaskSaid} The limit is shared by every tool connected to Autotask; try again later.`,
      f.after !== undefined,
    );
  }
  if (res.status === 429) {
    return make(
      'threshold',
      `Autotask asked us to slow down (HTTP 429).${autotaskSaid} Its request limits are shared by every tool connected to Autotask; try again in a few minutes.`,
      true,
    );
  }
  return undefined;
}

/** A 403 or a permission message, or a 404. */
function accessFailure(f: Failure): AutotaskError | undefined {
  const { res, ctx, make, autotaskSaid } = f;
  if (res.status === 403 || (f.parsed && PERMISSION.test(f.joined))) {
    return make(
      'permission',
      `The Autotask API user is not allowed to read ${ctx.endpoint}.${autotaskSaid} Give the API user's security level access to ${ctx.endpoint} in Autotask (Admin › Resources (Users) › Security Levels).`,
      false,
    );
  }
  if (res.status === 404) {
    return make('not-found', `Autotask has no such ${ctx.endpoint} record or address.${autotaskSaid}`, false);
  }
  return undefined;
}

/** A gateway or timeout status, or any other failure whose body is not JSON. */
function unavailableFailure(f: Failure): AutotaskError | undefined {
  const { res, ctx, make } = f;
  if (res.status === 408 || res.status === 502 || res.status === 503 || res.status === 504) {
    const arrived = f.parsed ? f.autotaskSaid : ` It sent ${f.what}.`;
    return make(
      'server',
      `Autotask at ${host(ctx.url)} is temporarily unavailable (HTTP ${res.status}).${arrived} Try again in a few minutes.`,
      true,
      f.parsed ? undefined : excerpt(res.text, ctx.redactor),
    );
  }
  if (!f.parsed) {
    return make('bad-response', `Autotask answered HTTP ${res.status} with ${f.what} for ${ctx.endpoint}.`, res.status >= 500, excerpt(res.text, ctx.redactor));
  }
  return undefined;
}

/** JSON errors left over: a validation message or a 4xx is the request's fault, anything else the server's. */
function rejectedRequest(f: Failure): AutotaskError {
  const { res, ctx, make, joined } = f;
  if (VALIDATION.test(joined) || (res.status >= 400 && res.status < 500)) {
    return make('validation', `Autotask rejected the request for ${ctx.endpoint}: ${joined || `HTTP ${res.status}`}`, false);
  }
  return make('server', `Autotask reported an error for ${ctx.endpoint} (HTTP ${res.status})${joined ? `: ${joined}` : ''}.`, true);
}

function excerpt(text: string, redactor: Redactor): string {
  return redactor.text(text.slice(0, 300));
}
