import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Conventions for every table here:
// - Money is integer cents (`*_cents`), never a binary float. Hours are exact decimal text ("1.25").
// - Calendar dates are 'YYYY-MM-DD' text; instants are ISO-8601 UTC text ("2026-11-24T02:00:00.000Z"),
//   which sorts correctly as text and is what the indexes below rely on.
// - Every synced row keeps the Autotask id it came from, unique, so a re-run upserts instead of duplicating.

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
const updatedAt = () =>
  text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** Key/value settings; values are JSON text validated by main/config/settings.ts. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** Customers, created on demand from Autotask Companies when a matching contract needs one. */
export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    autotaskCompanyId: integer('autotask_company_id').notNull(),
    name: text('name').notNull(),
    companyNumber: text('company_number'),
    phone: text('phone'),
    address1: text('address1'),
    city: text('city'),
    postalCode: text('postal_code'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    /** The customer's name in the accounting package (docs/product-rules.md#accounting-exports); null = the Autotask name. Kept on renames. */
    accountingName: text('accounting_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('customers_autotask_company_id_uq').on(t.autotaskCompanyId), index('customers_name_idx').on(t.name)],
);

/** Engineering services: one per Autotask ContractService line of a synced contract. */
export const engineeringServices = sqliteTable(
  'engineering_services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    autotaskContractId: integer('autotask_contract_id').notNull(),
    autotaskContractServiceId: integer('autotask_contract_service_id').notNull(),
    autotaskServiceId: integer('autotask_service_id'),
    contractName: text('contract_name').notNull(),
    serviceName: text('service_name').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    invoiceDescription: text('invoice_description'),
    /** Autotask ContractServices.internalDescription: phone number, username, serial… (max 100 chars). */
    serviceNum: text('service_num'),
    startDate: text('start_date'),
    endDate: text('end_date'),
    ended: integer('ended', { mode: 'boolean' }).notNull().default(false),
    endedAt: text('ended_at'),
    endedReason: text('ended_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('eng_services_autotask_cs_id_uq').on(t.autotaskContractServiceId),
    index('eng_services_contract_idx').on(t.autotaskContractId),
    index('eng_services_customer_idx').on(t.customerId),
    index('eng_services_ended_idx').on(t.ended),
  ],
);

/** Engineering items: billable, approved Autotask time entries priced at the fixed hourly rate. */
export const engineeringItems = sqliteTable(
  'engineering_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => engineeringServices.id, { onDelete: 'restrict' }),
    autotaskTimeEntryId: integer('autotask_time_entry_id').notNull(),
    autotaskContractId: integer('autotask_contract_id'),
    dateWorked: text('date_worked').notNull(),
    hours: text('hours').notNull(),
    rateCents: integer('rate_cents').notNull(),
    amountCents: integer('amount_cents').notNull(),
    summary: text('summary'),
    autotaskLastModified: text('autotask_last_modified'),
    /** True when the entry stopped qualifying in Autotask (un-approved, non-billable, deleted…). */
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    flagReason: text('flag_reason'),
    flaggedAt: text('flagged_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('eng_items_autotask_te_id_uq').on(t.autotaskTimeEntryId),
    index('eng_items_service_idx').on(t.serviceId),
    index('eng_items_date_idx').on(t.dateWorked),
    index('eng_items_flagged_idx').on(t.flagged),
  ],
);

/** One row per sync run (a contract sync or a time-entry sync). */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'contract' | 'time_entry' */
    type: text('type').notNull(),
    /** 'manual' | 'schedule' | 'catch-up' | 'tray' | 'cli' */
    trigger: text('trigger').notNull(),
    options: text('options').notNull().default('{}'),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    /** 'running' | 'success' | 'partial' | 'failed' */
    status: text('status').notNull(),
    countCreate: integer('count_create').notNull().default(0),
    countUpdate: integer('count_update').notNull().default(0),
    countUnchanged: integer('count_unchanged').notNull().default(0),
    countSkip: integer('count_skip').notNull().default(0),
    countError: integer('count_error').notNull().default(0),
    countWarning: integer('count_warning').notNull().default(0),
    apiCalls: integer('api_calls').notNull().default(0),
    /** JSON: the client's accounting (calls per entity, retries, throttle waits, bytes). */
    apiDetails: text('api_details'),
    message: text('message'),
    /** Process that owns a running run, for the crash-recovery check. */
    ownerPid: integer('owner_pid'),
    heartbeatAt: text('heartbeat_at'),
  },
  (t) => [index('sync_runs_started_idx').on(t.startedAt), index('sync_runs_status_idx').on(t.status), index('sync_runs_type_status_idx').on(t.type, t.status)],
);

/** One row per record-level operation; the log viewer's table. */
export const syncLogs = sqliteTable(
  'sync_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').references(() => syncRuns.id, { onDelete: 'set null' }),
    /** 'contract' | 'time_entry' | 'company' */
    syncType: text('sync_type').notNull(),
    /** 'create' | 'update' | 'skip' | 'error' */
    operation: text('operation').notNull(),
    /** 'success' | 'warning' | 'error' | 'skip' */
    status: text('status').notNull(),
    message: text('message').notNull(),
    durationMs: integer('duration_ms').notNull().default(0),
    /** JSON text: synced values, before/after, API response data, validation errors, stack traces. */
    details: text('details'),
    createdAt: createdAt(),
  },
  (t) => [
    // Every filter of the log viewer, each ending in created_at so filtered pages come out in order.
    index('sync_logs_created_idx').on(t.createdAt),
    index('sync_logs_type_created_idx').on(t.syncType, t.createdAt),
    index('sync_logs_status_created_idx').on(t.status, t.createdAt),
    index('sync_logs_type_status_created_idx').on(t.syncType, t.status, t.createdAt),
    // (run_id, created_at): a run's log rows come out in viewer order without a sort (migration 0002).
    index('sync_logs_run_created_idx').on(t.runId, t.createdAt),
  ],
);

/**
 * Running totals of log rows per UTC hour, type and status, kept by the writers (queries/log-writes.ts; migration 0005), so the
 * dashboard's counts and the log viewer's totals never GROUP BY over millions of rows.
 */
export const syncLogCounts = sqliteTable(
  'sync_log_counts',
  {
    hour: text('hour').notNull(),
    syncType: text('sync_type').notNull(),
    status: text('status').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.hour, t.syncType, t.status] }),
    // Covering index (migration 0002): dashboard breakdowns and filtered totals are range scans of it,
    // never a table scan plus a sort.
    index('sync_log_counts_type_status_hour_idx').on(t.syncType, t.status, t.hour, t.count),
  ],
);

/** Cursors and other per-stream sync state (e.g. last successful time-entry run start). */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** The single-run lock shared by every process on this database; expires if its owner died. */
export const syncLock = sqliteTable('sync_lock', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  runId: integer('run_id'),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Autotask zone per API username (cached at most 24 h). */
export const zoneCache = sqliteTable('zone_cache', {
  username: text('username').primaryKey(),
  zoneName: text('zone_name').notNull(),
  url: text('url').notNull(),
  webUrl: text('web_url').notNull(),
  ci: integer('ci').notNull(),
  fetchedAt: text('fetched_at').notNull(),
});

/**
 * The bookkeeper's acknowledgements of flagged items (migration 0004), kept as audit and never deleted.
 * One acknowledges one flag episode: the item's flag reason and flagged_at ('' when unknown) at the time.
 * A later sync that clears the flag, or raises it again (a new reason sets a new flagged_at), leaves the
 * row behind and the item is open again (main/attention).
 */
export const flagAcknowledgements = sqliteTable(
  'flag_acknowledgements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => engineeringItems.id, { onDelete: 'cascade' }),
    flagReason: text('flag_reason').notNull(),
    flaggedAt: text('flagged_at').notNull(),
    acknowledgedBy: text('acknowledged_by').notNull(),
    acknowledgedAt: text('acknowledged_at').notNull(),
  },
  (t) => [uniqueIndex('flag_acks_episode_uq').on(t.itemId, t.flaggedAt, t.flagReason), index('flag_acks_acknowledged_idx').on(t.acknowledgedAt)],
);

// ---------------------------------------------------------------------------------------------------------
// Billing (docs/product-rules.md#billing). Synced billing facts (unit rows, labour postings, rate history), the bookkeeper's
// decisions (holds, releases, accounting names) and the immutable record of closed months.
// ---------------------------------------------------------------------------------------------------------

/** Autotask ContractServiceUnits of synced contract lines: seat counts per date range (docs/product-rules.md#billing-sync). */
export const contractServiceUnits = sqliteTable(
  'contract_service_units',
  {
    /** Autotask ContractServiceUnits.id */
    id: integer('id').primaryKey(),
    autotaskContractId: integer('autotask_contract_id').notNull(),
    autotaskContractServiceId: integer('autotask_contract_service_id').notNull(),
    autotaskServiceId: integer('autotask_service_id'),
    units: integer('units').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    /** CSU.price as integer cents (for reference; billing uses the line's unit price per docs/product-rules.md#billing-period). */
    priceCents: integer('price_cents'),
    /** ISO instant: Autotask approved & posted this period itself (never billed here). */
    approveAndPostDate: text('approve_and_post_date'),
    /** Set when the row disappeared from Autotask; kept for billed history. */
    removedAt: text('removed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('csu_contract_service_idx').on(t.autotaskContractServiceId, t.startDate), index('csu_dates_idx').on(t.startDate, t.endDate)],
);

/** Rate history: the hourly rate in force from a calendar date (docs/product-rules.md#billing-sync). */
export const hourlyRates = sqliteTable('hourly_rates', {
  effectiveFrom: text('effective_from').primaryKey(),
  rateCents: integer('rate_cents').notNull(),
  createdAt: createdAt(),
});

/** Labour postings: Autotask BillingItems (Labor / Labor Adjustment) that name an imported time entry. */
export const labourPostings = sqliteTable(
  'labour_postings',
  {
    /** Autotask BillingItems.id */
    id: integer('id').primaryKey(),
    autotaskTimeEntryId: integer('autotask_time_entry_id').notNull(),
    billingItemType: integer('billing_item_type').notNull(),
    /** ISO instant */
    postedDate: text('posted_date'),
    autotaskInvoiceId: integer('autotask_invoice_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('labour_postings_te_idx').on(t.autotaskTimeEntryId)],
);

/**
 * The bookkeeper's decisions on items and customers: holds (kept out of every close until released) and
 * releases of items posted in Autotask (billed here anyway). Released rows are kept (released_at) as audit.
 */
export const billingHolds = sqliteTable(
  'billing_holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'hold' | 'release-posted' */
    kind: text('kind').notNull(),
    itemId: integer('item_id').references(() => engineeringItems.id, { onDelete: 'cascade' }),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    /** A held recurring line: the contract line (engineering service) */
    serviceId: integer('service_id').references(() => engineeringServices.id, { onDelete: 'cascade' }),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    releasedAt: text('released_at'),
    releasedBy: text('released_by'),
  },
  (t) => [index('billing_holds_item_idx').on(t.itemId), index('billing_holds_customer_idx').on(t.customerId), index('billing_holds_service_idx').on(t.serviceId)],
);

/** A closed month (docs/product-rules.md#billing-close). Never deleted: a reopen sets reopened_at and the numbers stay retired. */
export const billingRuns = sqliteTable(
  'billing_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'YYYY-MM' */
    period: text('period').notNull(),
    closedAt: text('closed_at').notNull(),
    closedBy: text('closed_by'),
    reopenedAt: text('reopened_at'),
    reopenedBy: text('reopened_by'),
    currency: text('currency').notNull(),
    totalCents: integer('total_cents').notNull(),
    invoiceCount: integer('invoice_count').notNull(),
  },
  (t) => [index('billing_runs_period_idx').on(t.period)],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => billingRuns.id, { onDelete: 'restrict' }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    invoiceNumber: text('invoice_number').notNull(),
    /** The customer's names when the month was closed (Autotask name, accounting name). */
    customerName: text('customer_name').notNull(),
    accountingName: text('accounting_name').notNull(),
    autotaskCompanyId: integer('autotask_company_id').notNull(),
    totalCents: integer('total_cents').notNull(),
  },
  (t) => [uniqueIndex('invoices_number_uq').on(t.invoiceNumber), index('invoices_run_idx').on(t.runId)],
);

/** A billed line: immutable once written (docs/product-rules.md#billing-adjustments); its sources trace it back to Autotask. */
export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
    /** 'recurring' | 'time' | 'adjustment' */
    kind: text('kind').notNull(),
    /** 'YYYY-MM-DD': the line's date (a time entry's date worked, a recurring range's first day). */
    date: text('date').notNull(),
    dateTo: text('date_to'),
    description: text('description').notNull(),
    serviceNum: text('service_num'),
    /** Exact decimal text: hours ("5.00") or units ("12"). */
    quantity: text('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    amountCents: integer('amount_cents').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    itemId: integer('item_id'),
    autotaskTimeEntryId: integer('autotask_time_entry_id'),
    serviceId: integer('service_id'),
    autotaskContractServiceId: integer('autotask_contract_service_id'),
    unitRowId: integer('unit_row_id'),
    /** Adjustments: the invoice number and line this corrects. */
    correctsInvoice: text('corrects_invoice'),
    correctsLineId: integer('corrects_line_id'),
    /** Adjustment bookkeeping: what the source stood at after this line (hours or units). */
    billedQuantity: text('billed_quantity'),
  },
  (t) => [
    index('invoice_lines_invoice_idx').on(t.invoiceId, t.position),
    index('invoice_lines_item_idx').on(t.itemId),
    index('invoice_lines_unit_row_idx').on(t.unitRowId),
    index('invoice_lines_service_idx').on(t.serviceId, t.date),
  ],
);

/** Append-only audit of closes, reopens and exports (docs/product-rules.md#billing-close). */
export const billingAudit = sqliteTable(
  'billing_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** 'close' | 'reopen' | 'export' | 'hold' | 'release' */
    action: text('action').notNull(),
    period: text('period'),
    runId: integer('run_id'),
    osUser: text('os_user'),
    format: text('format'),
    file: text('file'),
    sha256: text('sha256'),
    details: text('details'),
  },
  (t) => [index('billing_audit_run_idx').on(t.runId), index('billing_audit_period_idx').on(t.period)],
);

export const schema = {
  settings,
  customers,
  engineeringServices,
  engineeringItems,
  syncRuns,
  syncLogs,
  syncLogCounts,
  syncState,
  syncLock,
  zoneCache,
  contractServiceUnits,
  hourlyRates,
  labourPostings,
  billingHolds,
  billingRuns,
  invoices,
  invoiceLines,
  billingAudit,
  flagAcknowledgements,
};
