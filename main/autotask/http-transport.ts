// One HTTP attempt over undici with a keep-alive connection pool, a timeout covering headers and body,
// a cap on the response size, and network failures translated into AutotaskErrors.
import crypto from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { AutotaskError } from './autotask-error';
import type { RawResponse } from './response-classifier';
import type { Redactor } from './secret-redactor';
import type { TlsOptions } from './types';

/** What to do about "unsafe legacy renegotiation disabled" (the setting exists since issue #17). */
export const LEGACY_TLS_HINT =
  'the server needs legacy TLS renegotiation: tick "Allow legacy TLS renegotiation" under Configuration → Advanced (or run `config set legacyTls true`) and test again';

/** A page of 500 wide rows is a few MB; anything far beyond that is not an Autotask answer. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface AgentSettings {
  requestTimeoutMs: number;
  tls?: TlsOptions;
}

/** Options for the client's own undici Agent (exported so the TLS switch can be tested). */
export function agentOptions(settings: AgentSettings): Agent.Options {
  const connect: Record<string, unknown> = { timeout: Math.min(settings.requestTimeoutMs, 30_000) };
  if (settings.tls?.legacyServerConnect) {
    // Same effect as Node's --openssl-legacy-server-connect, scoped to this client's sockets only.
    connect.secureOptions = crypto.constants.SSL_OP_LEGACY_SERVER_CONNECT;
  }
  return {
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: settings.requestTimeoutMs,
    bodyTimeout: settings.requestTimeoutMs,
    connect,
  };
}

export function createAgent(settings: AgentSettings): Agent {
  return new Agent(agentOptions(settings));
}

export interface AttemptInput {
  dispatcher: Dispatcher;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  redactor: Redactor;
  /** Redacted URL for messages. */
  shownUrl: string;
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    e = (e as { cause?: unknown }).cause;
  }
  const name = (err as { name?: unknown })?.name;
  return typeof name === 'string' ? name : 'UNKNOWN';
}

function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'the connection was reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'TIMEOUT':
      return 'no answer arrived in time';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'its TLS certificate was not trusted';
    case 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED':
      return LEGACY_TLS_HINT;
    default:
      return `a network error occurred (${code})`;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Performs one attempt. Resolves with the whole body as text; rejects only with AutotaskError. */
export async function sendOnce(input: AttemptInput): Promise<RawResponse> {
  if (input.signal?.aborted) throw abortedError(input);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout.signal]) : timeout.signal;
  let phase: 'headers' | 'body' = 'headers';
  let received = 0;
  try {
    const res = await request(input.url, {
      dispatcher: input.dispatcher,
      method: input.method,
      headers: input.headers,
      body: input.body,
      signal,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    phase = 'body';
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      received += buf.length;
      if (received > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw new AutotaskError({
          kind: 'bad-response',
          method: input.method,
          url: input.shownUrl,
          status: res.statusCode,
          userMessage: `Autotask sent more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB for one request; the answer was not read.`,
          retryable: false,
        });
      }
      chunks.push(buf);
    }
    return {
      status: res.statusCode,
      headers: res.headers,
      text: Buffer.concat(chunks).toString('utf8'),
      bytes: received,
    };
  } catch (err) {
    if (err instanceof AutotaskError) throw err;
    if (input.signal?.aborted) throw abortedError(input);
    const code = timeout.signal.aborted ? 'TIMEOUT' : errorCode(err);
    const host = hostOf(input.shownUrl);
    if (phase === 'body') {
      const timedOut = code === 'TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      throw new AutotaskError({
        kind: timedOut ? 'unreachable' : 'bad-response',
        method: input.method,
        url: input.shownUrl,
        userMessage: timedOut
          ? `Autotask at ${host} stopped sending its answer (${received} bytes arrived before the ${Math.round(input.timeoutMs / 1000)} s timeout).`
          : `The connection to Autotask at ${host} closed before the whole answer arrived (${received} bytes received, ${code}).`,
        detail: input.redactor.text(`${code}: ${(err as Error)?.message ?? String(err)}`),
        retryable: true,
      });
    }
    throw new AutotaskError({
      kind: 'unreachable',
      method: input.method,
      url: input.shownUrl,
      userMessage: `Could not reach Autotask at ${host}: ${describeNetworkCode(code)}. Check the internet connection, proxy or firewall.`,
      detail: input.redactor.text(`${code}: ${(err as Error)?.message ?? String(err)}`),
      // A name that does not resolve is a typo in a setting, not a hiccup; the rest may pass.
      retryable: code !== 'ENOTFOUND' && !code.includes('CERT') && !code.startsWith('ERR_SSL'),
    });
  } finally {
    clearTimeout(timer);
  }
}

function abortedError(input: AttemptInput): AutotaskError {
  return new AutotaskError({
    kind: 'aborted',
    method: input.method,
    url: input.shownUrl,
    userMessage: 'The Autotask request was cancelled.',
    retryable: false,
  });
}
