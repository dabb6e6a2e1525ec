// Finds the Autotask zone (datacenter API base) for the API username, caches it for at most 24 h, and
// re-discovers on demand after a 401 (Autotask moves databases between zones).
import { AutotaskError } from './autotask-error';
import type { ClientClock, ZoneCache, ZoneInfo } from './types';
import { isCredentialSafeUrl, isLoopbackHost, zoneCacheKey } from './url-safety';

export const DEFAULT_ZONE_LOOKUP_URL = 'https://webservices.autotask.net/ATServicesRest/';
export const ZONE_TTL_MS = 24 * 60 * 60 * 1000;

/** One trailing slash, whatever the input had. */
export function withTrailingSlash(url: string): string {
  return `${url.replace(/\/+$/, '')}/`;
}

export function zoneLookupAddress(lookupBase: string, username: string): string {
  return `${withTrailingSlash(lookupBase)}V1.0/zoneInformation?user=${encodeURIComponent(username)}`;
}

export function createMemoryZoneCache(): ZoneCache {
  const map = new Map<string, ZoneInfo>();
  return {
    get: (u) => map.get(u.toLowerCase()),
    set: (u, z) => void map.set(u.toLowerCase(), { ...z }),
    delete: (u) => void map.delete(u.toLowerCase()),
  };
}

/** Validates the lookup's answer; the zone URL is where credentials will go, so it must be sane. */
export function parseZoneResponse(json: unknown, lookupUrl: string, fetchedAt: string): ZoneInfo {
  const o = (json ?? {}) as Record<string, unknown>;
  const pick = (k: string) => o[k] ?? o[k.charAt(0).toUpperCase() + k.slice(1)];
  const rawUrl = pick('url');
  const fail = (what: string) =>
    new AutotaskError({
      kind: 'bad-response',
      method: 'GET',
      url: lookupUrl,
      status: 200,
      userMessage: `Autotask's zone lookup answered without a usable zone address (${what}).`,
      retryable: false,
    });
  if (typeof rawUrl !== 'string' || rawUrl.trim() === '') throw fail('no url');
  let parsed: URL;
  try {
    parsed = new URL(rawUrl.trim());
  } catch {
    throw fail('url is not an address');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw fail(`unsupported scheme ${parsed.protocol}`);
  // Never downgrade: an https lookup must not send us (and our secret) to plain http, and plain http is
  // only ever acceptable to this computer's own loopback interface (the sandbox).
  if (new URL(lookupUrl).protocol === 'https:' && parsed.protocol !== 'https:') throw fail('plain http zone address');
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) throw fail(`plain http zone address ${parsed.host}; the API secret is only sent over https`);
  if (parsed.username || parsed.password || parsed.search || parsed.hash) throw fail('unexpected parts in the url');
  const ci = Number(pick('ci'));
  return {
    zoneName: String(pick('zoneName') ?? ''),
    url: withTrailingSlash(parsed.toString()),
    webUrl: typeof pick('webUrl') === 'string' ? withTrailingSlash(String(pick('webUrl'))) : '',
    ci: Number.isFinite(ci) ? ci : 0,
    fetchedAt,
  };
}

export interface ZoneResolverDeps {
  username: string;
  lookupBase: string;
  cache: ZoneCache;
  clock: ClientClock;
  /** GET without credentials, with the client's retries; resolves with parsed JSON. */
  fetchLookup: (url: string) => Promise<unknown>;
  onDiscovered: (z: ZoneInfo, fromCache: boolean) => void;
}

export class ZoneResolver {
  private current: ZoneInfo | null = null;
  private inflight: Promise<ZoneInfo> | null = null;

  constructor(private readonly deps: ZoneResolverDeps) {}

  lookupUrl(): string {
    return zoneLookupAddress(this.deps.lookupBase, this.deps.username);
  }

  /** The cache key: lookup URL and user, so a zone learnt from one lookup URL never serves another. */
  private cacheKey(): string {
    return zoneCacheKey(this.deps.lookupBase, this.deps.username);
  }

  private fresh(z: ZoneInfo | null | undefined): z is ZoneInfo {
    if (!z) return false;
    const at = Date.parse(z.fetchedAt);
    const age = this.deps.clock.now() - at;
    return Number.isFinite(at) && age >= 0 && age < ZONE_TTL_MS;
  }

  async get(): Promise<ZoneInfo> {
    if (this.fresh(this.current)) return this.current;
    let cached: ZoneInfo | undefined;
    try {
      cached = this.deps.cache.get(this.cacheKey());
    } catch {
      cached = undefined; // a broken cache must not stop the sync; we just look the zone up
    }
    if (this.fresh(cached) && isCredentialSafeUrl(cached.url)) {
      this.current = { ...cached, url: withTrailingSlash(cached.url) };
      this.deps.onDiscovered(this.current, true);
      return this.current;
    }
    return this.discover();
  }

  /**
   * Looks the zone up again, ignoring every cache, after a 401 from `seen`. When several requests hit
   * the 401 together, the first one looks up and the others reuse its answer.
   */
  async rediscover(seen: ZoneInfo): Promise<ZoneInfo> {
    if (this.inflight) return this.inflight;
    if (this.current && this.current !== seen) return this.current;
    return this.discover();
  }

  private discover(): Promise<ZoneInfo> {
    if (!this.inflight) {
      this.inflight = (async () => {
        const url = this.lookupUrl();
        if (!isCredentialSafeUrl(url)) {
          throw new AutotaskError({
            kind: 'unsafe-url',
            method: 'GET',
            url: url.replace(/\?.*$/, ''),
            userMessage: `The zone lookup address ${new URL(url).host} uses plain http; its answer decides where the API secret goes, so only https (or http to this computer, 127.0.0.1) is accepted. Nothing was sent.`,
            retryable: false,
          });
        }
        const json = await this.deps.fetchLookup(url);
        const zone = parseZoneResponse(json, url, new Date(this.deps.clock.now()).toISOString());
        this.current = zone;
        try {
          this.deps.cache.set(this.cacheKey(), zone);
        } catch {
          /* caching is an optimisation */
        }
        this.deps.onDiscovered(zone, false);
        return zone;
      })().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }
}
