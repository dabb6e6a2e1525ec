// Removes credentials from any text that leaves the client (errors, events, logs). The server may echo
// what it was sent, and undici error messages can quote URLs, so every outgoing string goes through here.
import type { AutotaskCredentials } from './types';

export const REDACTED = '[redacted]';

export interface Redactor {
  text(s: string): string;
  url(u: string): string;
}

/** Secrets shorter than this are not searched for: replacing every "a" would destroy the message. */
const MIN_SECRET_LENGTH = 3;
const MAX_URL_LENGTH = 400;

export function createRedactor(credentials: AutotaskCredentials): Redactor {
  const needles = new Set<string>();
  for (const value of [credentials.secret, credentials.integrationCode]) {
    if (!value || value.length < MIN_SECRET_LENGTH) continue;
    needles.add(value);
    needles.add(encodeURIComponent(value));
    needles.add(JSON.stringify(value).slice(1, -1));
    try {
      needles.add(new URLSearchParams({ v: value }).toString().slice(2));
    } catch {
      /* nothing else to add */
    }
  }
  // Longest first so that an encoded form is not half-replaced by a shorter raw form.
  const ordered = [...needles].filter((n) => n.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);

  const text = (s: string): string => {
    let out = s;
    for (const n of ordered) out = out.split(n).join(REDACTED);
    return out;
  };

  return {
    text,
    url(u: string): string {
      let out = u;
      try {
        const parsed = new URL(u);
        // Credentials never belong in a URL; if someone put them there, drop them whole.
        parsed.username = '';
        parsed.password = '';
        for (const key of [...parsed.searchParams.keys()]) {
          if (/secret|password|integrationcode|apikey|token/i.test(key)) parsed.searchParams.set(key, REDACTED);
        }
        out = parsed.toString();
      } catch {
        /* not a URL: plain text redaction below still applies */
      }
      out = text(out);
      return out.length > MAX_URL_LENGTH ? `${out.slice(0, MAX_URL_LENGTH)}…` : out;
    },
  };
}
