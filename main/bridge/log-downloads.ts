import { randomBytes } from 'node:crypto';
import type { ExportResult, LogFilter } from '../../shared/domain';
import { logExportFileName } from '../../shared/export-name';

/**
 * CSV export in browser mode. `logs:export` cannot hand a file to the browser through a JSON answer, so it
 * mints a short-lived, single-use ticket for the filter and answers with a download link; the bridge's
 * token-protected download route streams the CSV for that ticket under the docs/product-rules.md#log-csv file name.
 */
export interface LogDownloads {
  exportLogs(filter: LogFilter): Promise<ExportResult>;
  /** The filter and file name of a live ticket, consumed; null when unknown, used or expired. */
  take(ticket: string): { filter: LogFilter; fileName: string } | null;
}

export const DOWNLOAD_PREFIX = '/download/logs/';

export function createLogDownloads(opts: { departmentId: () => string; now?: () => Date; ttlMs?: number }): LogDownloads {
  const now = opts.now ?? (() => new Date());
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const tickets = new Map<string, { filter: LogFilter; fileName: string; expires: number }>();
  const sweep = () => {
    const t = now().getTime();
    for (const [k, v] of tickets) if (v.expires <= t) tickets.delete(k);
  };
  return {
    async exportLogs(filter) {
      sweep();
      const fileName = logExportFileName(opts.departmentId(), now());
      const ticket = randomBytes(18).toString('base64url');
      tickets.set(ticket, { filter: { ...filter }, fileName, expires: now().getTime() + ttl });
      return { status: 'download', url: `${DOWNLOAD_PREFIX}${ticket}`, fileName };
    },
    take(ticket) {
      sweep();
      const found = tickets.get(ticket);
      if (!found) return null;
      tickets.delete(ticket);
      return { filter: found.filter, fileName: found.fileName };
    },
  };
}
