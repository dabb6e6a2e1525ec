// Runs one logical Autotask request: zone, origin check, budget and pacing, per-endpoint concurrency,
// the HTTP attempt, translation of the answer, retries with backoff, and zone re-discovery on 401.
import { isCredentialSafeUrl } from './url-safety';
import type { Dispatcher } from 'undici';
import { AutotaskError } from './autotask-error';
import type { AccountingRecorder } from './client-accounting';
import { sendOnce } from './http-transport';
import type { KeyedSemaphore } from './keyed-semaphore';
import type { RequestBudget } from './request-budget';
import { classifyResponse } from './response-classifier';
import { decideRetry, type ResolvedRetry } from './retry-policy';
import type { Redactor } from './secret-redactor';
import type { AutotaskCredentials, ClientClock, ClientEvent, ZoneInfo } from './types';
import type { ZoneResolver } from './zone-resolver';

export interface ExecutorDeps {
  credentials: AutotaskCredentials;
  redactor: Redactor;
  dispatcher: Dispatcher;
  clock: ClientClock;
  random: () => number;
  retry: ResolvedRetry;
  timeoutMs: number;
  signal?: AbortSignal;
  emit: (e: ClientEvent) => void;
  accounting: AccountingRecorder;
  semaphores: KeyedSemaphore;
  budget: RequestBudget;
  zones: ZoneResolver;
}

export interface ApiCall {
  /** Entity or endpoint name: semaphore key, accounting key and wording in messages. */
  endpoint: string;
  method: 'GET' | 'POST';
  /** Relative to `{zone.url}V1.0/`, e.g. `Contracts/query`. */
  path?: string;
  /** An absolute URL handed out by Autotask (nextPageUrl); must be on the zone's origin. */
  absoluteUrl?: string;
  body?: unknown;
  /** ThresholdInformation itself and test-connection checks bypass the budget gate. */
  skipBudget?: boolean;
  /** Accounting key; default `endpoint`. */
  countAs?: string;
}

/** True when `url` is under the zone's API base: same scheme, host, port and path prefix. */
export function isUnderZone(url: string, zone: ZoneInfo): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(zone.url);
  } catch {
    return false;
  }
  return (
    target.origin === base.origin &&
    target.protocol === base.protocol &&
    !target.username &&
    !target.password &&
    target.pathname.toLowerCase().startsWith(base.pathname.toLowerCase())
  );
}

/** Zone re-discoveries per call after a 401 (each must name a new zone to be retried). */
export const MAX_ZONE_REDISCOVERIES = 3;

export class RequestExecutor {
  constructor(private readonly d: ExecutorDeps) {}

  private authHeaders(): Record<string, string> {
    const c = this.d.credentials;
    return {
      ApiIntegrationCode: c.integrationCode,
      UserName: c.username,
      Secret: c.secret,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
  }

  private resolveUrl(call: ApiCall, zone: ZoneInfo, previousZone?: ZoneInfo): string {
    if (call.absoluteUrl) {
      // After a zone move, a cursor issued by the old zone is re-addressed to the new one.
      if (previousZone && call.absoluteUrl.startsWith(previousZone.url)) {
        return zone.url + call.absoluteUrl.slice(previousZone.url.length);
      }
      return call.absoluteUrl;
    }
    return `${zone.url}V1.0/${call.path ?? ''}`;
  }

  /** Refuses (before anything is sent) a URL that is not under the zone: credentials would leak. */
  private assertSafe(url: string, zone: ZoneInfo, call: ApiCall): void {
    if (!isCredentialSafeUrl(zone.url)) {
      throw new AutotaskError({
        kind: 'unsafe-url',
        method: call.method,
        url: this.d.redactor.url(url),
        userMessage: `The Autotask zone ${new URL(zone.url).host} is plain http and not on this computer; the API secret is only sent over https. Nothing was sent.`,
        retryable: false,
      });
    }
    if (isUnderZone(url, zone)) return;
    let host = 'an unparseable address';
    try {
      host = `${new URL(url).protocol}//${new URL(url).host}`;
    } catch {
      /* keep the generic wording */
    }
    throw new AutotaskError({
      kind: 'unsafe-url',
      method: call.method,
      url: this.d.redactor.url(url),
      userMessage: `Autotask's answer pointed the next page of ${call.endpoint} to ${host}, which is not your Autotask zone (${new URL(zone.url).origin}). Nothing was sent there; the query was stopped to protect the API credentials.`,
      retryable: false,
    });
  }

  async call(call: ApiCall): Promise<unknown> {
    let zone = await this.d.zones.get();
    let previousZone: ZoneInfo | undefined;
    // A 401 after which the zone lookup names a different zone is a zone move, not a bad secret. It can
    // happen more than once in one call (a stale cached zone, then a move mid-run), so allow a few —
    // bounded, and only while the lookup keeps answering with a new zone.
    let zoneRediscoveries = 0;
    const started = this.d.clock.now();
    for (let attempt = 1; ; attempt++) {
      const url = this.resolveUrl(call, zone, previousZone);
      this.assertSafe(url, zone, call);
      const shownUrl = this.d.redactor.url(url);
      try {
        return await this.attempt(call, url, shownUrl);
      } catch (err) {
        const e = this.asAutotaskError(err, call, shownUrl);
        if (e.kind === 'bad-secret' && zoneRediscoveries < MAX_ZONE_REDISCOVERIES) {
          zoneRediscoveries++;
          const fresh = await this.d.zones.rediscover(zone);
          this.d.emit({ type: 'zone-rediscovered', changed: fresh.url !== zone.url, from: zone.url, to: fresh.url });
          if (fresh.url !== zone.url) {
            previousZone = previousZone ?? zone;
            zone = fresh;
            this.d.accounting.retry();
            continue;
          }
          throw e;
        }
        await this.backoffOrThrow(e, attempt, started, call, shownUrl);
      }
    }
  }

  /** The zone lookup: no credentials, no budget, no semaphore, but the same retries and translation. */
  async lookup(url: string): Promise<unknown> {
    const call: ApiCall = { endpoint: 'zone lookup', method: 'GET', countAs: 'zone' };
    const shownUrl = this.d.redactor.url(url);
    const started = this.d.clock.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const raw = await sendOnce({
          dispatcher: this.d.dispatcher,
          method: 'GET',
          url,
          headers: { Accept: 'application/json' },
          timeoutMs: this.d.timeoutMs,
          signal: this.d.signal,
          redactor: this.d.redactor,
          shownUrl,
        }).finally(() => this.d.accounting.call('zone'));
        this.d.accounting.bytes(raw.bytes);
        const c = classifyResponse(raw, this.ctx(call, shownUrl));
        if (c.ok) return c.json;
        throw c.error;
      } catch (err) {
        await this.backoffOrThrow(this.asAutotaskError(err, call, shownUrl), attempt, started, call, shownUrl);
      }
    }
  }

  private ctx(call: ApiCall, shownUrl: string) {
    return {
      method: call.method,
      url: shownUrl,
      endpoint: call.endpoint,
      redactor: this.d.redactor,
      nowMs: this.d.clock.now(),
    };
  }

  private async attempt(call: ApiCall, url: string, shownUrl: string): Promise<unknown> {
    if (!call.skipBudget) {
      const pacing = await this.d.budget.beforeCall();
      if (pacing > 0) {
        this.d.accounting.throttleWait(pacing);
        this.d.emit({ type: 'throttle-wait', reason: 'pacing', ms: pacing, usedFraction: this.d.budget.usedFraction() });
        await this.sleep(pacing, call, shownUrl);
      }
    }
    const release = await this.d.semaphores.acquire(call.endpoint, this.d.signal).catch(() => {
      throw this.aborted(call, shownUrl);
    });
    let raw;
    try {
      this.d.accounting.call(call.countAs ?? call.endpoint);
      if (call.skipBudget) this.d.budget.recordCall();
      raw = await sendOnce({
        dispatcher: this.d.dispatcher,
        method: call.method,
        url,
        headers: this.authHeaders(),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        timeoutMs: this.d.timeoutMs,
        signal: this.d.signal,
        redactor: this.d.redactor,
        shownUrl,
      });
    } finally {
      release();
    }
    this.d.accounting.bytes(raw.bytes);
    const c = classifyResponse(raw, this.ctx(call, shownUrl));
    if (c.ok) return c.json;
    throw c.error;
  }

  private async backoffOrThrow(e: AutotaskError, attempt: number, started: number, call: ApiCall, shownUrl: string) {
    const decision = decideRetry(e, attempt, this.d.clock.now() - started, this.d.retry, this.d.random);
    if (!decision.retry) throw e;
    this.d.accounting.retry();
    this.d.emit({
      type: 'retry',
      attempt,
      delayMs: decision.delayMs,
      kind: e.kind,
      status: e.status,
      method: call.method,
      url: shownUrl,
      message: e.userMessage,
    });
    if (e.kind === 'threshold' || e.kind === 'thread-limit') {
      this.d.accounting.throttleWait(decision.delayMs);
      this.d.emit({ type: 'throttle-wait', reason: 'rate-limit', ms: decision.delayMs });
    }
    await this.sleep(decision.delayMs, call, shownUrl);
  }

  private async sleep(ms: number, call: ApiCall, shownUrl: string): Promise<void> {
    if (this.d.signal?.aborted) throw this.aborted(call, shownUrl);
    try {
      await this.d.clock.sleep(ms, this.d.signal);
    } catch {
      throw this.aborted(call, shownUrl);
    }
  }

  private aborted(call: ApiCall, shownUrl: string): AutotaskError {
    return new AutotaskError({
      kind: 'aborted',
      method: call.method,
      url: shownUrl,
      userMessage: 'The Autotask request was cancelled.',
      retryable: false,
    });
  }

  private asAutotaskError(err: unknown, call: ApiCall, shownUrl: string): AutotaskError {
    if (err instanceof AutotaskError) return err;
    // Anything else is a bug in this client; keep it typed and free of secrets all the same.
    return new AutotaskError({
      kind: 'server',
      method: call.method,
      url: shownUrl,
      userMessage: this.d.redactor.text(`Unexpected failure talking to Autotask: ${(err as Error)?.message ?? String(err)}`),
      retryable: false,
    });
  }
}
