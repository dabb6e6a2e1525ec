// Where the API secret may go (issue #17): only over HTTPS, or over plain HTTP to this computer's own
// loopback interface (the built-in sandbox and tests). Everything else is refused before anything is sent.

/** 127.0.0.0/8, ::1 and `localhost`: addresses that never leave this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** True for https:, and for http: to a loopback host. */
export function isCredentialSafeUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && isLoopbackHost(u.hostname);
}

/** The normalised form of a zone lookup base, used as part of the zone cache key. */
export function normaliseLookupBase(lookupBase: string): string {
  try {
    const u = new URL(lookupBase.trim());
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}/`;
  } catch {
    return lookupBase.trim();
  }
}

/** Zone cache key: the lookup URL and the user (a zone learnt from one lookup never serves another). */
export function zoneCacheKey(lookupBase: string, username: string): string {
  return `${normaliseLookupBase(lookupBase)} ${username.trim().toLowerCase()}`;
}
