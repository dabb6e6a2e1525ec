import { randomBytes } from 'node:crypto';
import type { SaveBillingFiles } from '../api/billing-handlers';

/**
 * Billing exports in browser mode, like log-downloads.ts: `billing:export` cannot hand files to the browser
 * in a JSON answer, so each file's bytes wait under a short-lived, single-use ticket and the answer carries
 * download links; the bridge's token-protected route serves them under their export file names (docs/product-rules.md#accounting-exports). The bytes are
 * fixed when the ticket is minted, so the SHA-256 in the audit is the hash of what the browser receives.
 */
export interface BillingDownloads {
  saveFiles: SaveBillingFiles;
  /** A live ticket's file, consumed; null when unknown, used or expired. */
  take(ticket: string): { fileName: string; bytes: Buffer; contentType: string } | null;
}

export const BILLING_DOWNLOAD_PREFIX = '/download/billing/';

export function createBillingDownloads(opts: { now?: () => Date; ttlMs?: number } = {}): BillingDownloads {
  const now = opts.now ?? (() => new Date());
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const tickets = new Map<string, { fileName: string; bytes: Buffer; contentType: string; expires: number }>();
  const sweep = () => {
    const t = now().getTime();
    for (const [k, v] of tickets) if (v.expires <= t) tickets.delete(k);
  };
  return {
    async saveFiles(files) {
      sweep();
      const expires = now().getTime() + ttl;
      return {
        status: 'download',
        files: files.map((f) => {
          const ticket = randomBytes(18).toString('base64url');
          const contentType = f.extension === 'iif' ? 'application/octet-stream' : 'text/csv; charset=utf-8';
          tickets.set(ticket, { fileName: f.fileName, bytes: Buffer.from(f.bytes), contentType, expires });
          return { fileName: f.fileName, url: `${BILLING_DOWNLOAD_PREFIX}${ticket}` };
        }),
      };
    },
    take(ticket) {
      sweep();
      const found = tickets.get(ticket);
      if (!found) return null;
      tickets.delete(ticket);
      return { fileName: found.fileName, bytes: found.bytes, contentType: found.contentType };
    },
  };
}
