import { randomBytes } from 'node:crypto';
import type { ExportResult, LogFilter } from '../../shared/domain';
import type { ItemFilter } from '../../shared/items';
import { itemExportFileName, logExportFileName } from '../../shared/export-name';

/**
 * CSV export in browser mode. `logs:export` (and `items:export`, issue #14) cannot hand a file to the
 * browser through a JSON answer, so it mints a short-lived, single-use ticket for the filter and answers
 * with a download link; the bridge's token-protected download route streams the CSV for that ticket under the
 * docs/product-rules.md#log-csv file name.
 */
export interface LogDownloads {
  exportLogs(filter: LogFilter): Promise<ExportResult>;
  /** The filter and file name of a live ticket, consumed; null when unknown, used or expired. */
  take(ticket: string): { filter: LogFilter; fileName: string } | null;
  /** The Engineering Items CSV, the same way under ITEM_DOWNLOAD_PREFIX. */
  exportItems(filter: ItemFilter): Promise<ExportResult>;
  takeItems(ticket: string): { filter: ItemFilter; fileName: string } | null;
}

export const DOWNLOAD_PREFIX = '/download/logs/';
export const ITEM_DOWNLOAD_PREFIX = '/download/items/';

/** Single-use tickets that expire after `ttl` ms. */
function ticketStore<F>(now: () => Date, ttl: number) {
  const tickets = new Map<string, { filter: F; fileName: string; expires: number }>();
  const sweep = () => {
    const t = now().getTime();
    for (const [k, v] of tickets) if (v.expires <= t) tickets.delete(k);
  };
  return {
    mint(filter: F, fileName: string): string {
      sweep();
      const ticket = randomBytes(18).toString('base64url');
      tickets.set(ticket, { filter: { ...filter }, fileName, expires: now().getTime() + ttl });
      return ticket;
    },
    take(ticket: string): { filter: F; fileName: string } | null {
      sweep();
      const found = tickets.get(ticket);
      if (!found) return null;
      tickets.delete(ticket);
      return { filter: found.filter, fileName: found.fileName };
    },
  };
}

export function createLogDownloads(opts: { departmentId: () => string; now?: () => Date; ttlMs?: number }): LogDownloads {
  const now = opts.now ?? (() => new Date());
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const logs = ticketStore<LogFilter>(now, ttl);
  const items = ticketStore<ItemFilter>(now, ttl);
  return {
    async exportLogs(filter) {
      const fileName = logExportFileName(opts.departmentId(), now());
      return { status: 'download', url: `${DOWNLOAD_PREFIX}${logs.mint(filter, fileName)}`, fileName };
    },
    take: (ticket) => logs.take(ticket),
    async exportItems(filter) {
      const fileName = itemExportFileName(now());
      return { status: 'download', url: `${ITEM_DOWNLOAD_PREFIX}${items.mint(filter, fileName)}`, fileName };
    },
    takeItems: (ticket) => items.take(ticket),
  };
}
