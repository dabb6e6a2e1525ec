// The read side of the core: dashboard, logs and the synced lists over one database. The handler table
// and the CLI's read commands use the same object (built once by createCore), so a read is written once.
import type Database from 'better-sqlite3';
import type { LogFilter, LogRow, SyncProgress } from '../../shared/domain';
import { dashboard } from '../db/queries/dashboard';
import { getLog, listLogs, withDetails } from '../db/queries/logs';
import { everyCustomer, everyItem, everyService, listCustomers, listServices } from '../db/queries/lists';
import { listFilteredItems } from '../db/queries/item-states';
import { exportLogsToFile } from '../export/log-csv';

type ListQuery = Parameters<typeof listCustomers>[1];

export function createReadService(sqlite: Database.Database) {
  return {
    dashboard: (running: SyncProgress | null) => dashboard(sqlite, running),
    logs: (filter: LogFilter, page: number, perPage: number) => listLogs(sqlite, filter, page, perPage),
    log: (id: number) => getLog(sqlite, id),
    /** The rows again with their parsed details (the lists leave them out; the CLI prints them). */
    withDetails: (rows: LogRow[]) => withDetails(sqlite, rows),
    customers: (q: ListQuery) => listCustomers(sqlite, q),
    services: (q: ListQuery) => listServices(sqlite, q),
    items: (q: Parameters<typeof listFilteredItems>[1]) => listFilteredItems(sqlite, q),
    /** Every row in id order, read in chunks (the CLI streams these). */
    everyCustomer: () => everyCustomer(sqlite),
    everyService: () => everyService(sqlite),
    everyItem: () => everyItem(sqlite),
    /** The filtered log rows as CSV at `file` (replaced atomically). */
    exportLogs: (filter: LogFilter, file: string) => exportLogsToFile(sqlite, filter, file),
  };
}

export type ReadService = ReturnType<typeof createReadService>;
