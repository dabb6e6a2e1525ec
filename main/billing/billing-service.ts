// The one wiring of the billing ledger over a database, shared by every entry point (create-core for
// Electron, the browser demo and the handler tests; the CLI context), so they all run the same code.
import type { AppDatabase } from '../db/open-database';
import { computeInvoices } from './compute';
import { exportFileName, exportWriters, requiredSettings } from './writers';
import { createBillingLedger, type BillingEngine, type BillingLedger } from './ledger';
import { osUserName } from './os-user';

export const billingEngine: BillingEngine = {
  computeInvoices,
  exportWriters,
  requiredSettings,
  exportFileName: (period, format, suffix, ext) => exportFileName(period, format, suffix, ext as 'csv' | 'iif'),
};

export function createBillingService(opts: { database: AppDatabase; now?: () => Date; osUser?: () => string }): BillingLedger {
  return createBillingLedger({
    database: opts.database,
    engine: billingEngine,
    now: opts.now ?? (() => new Date()),
    osUser: opts.osUser ?? osUserName,
  });
}
