// Row types, declared once: the drizzle schema (schema.ts) is the only place a table's columns are
// written down. A record is `typeof table.$inferSelect` (camelCase keys, booleans as booleans); a query that
// selects a few columns uses a Pick of it. Raw SQL (better-sqlite3) returns rows under the column names
// instead — snake_case keys, booleans as 0/1 — which `SqlRow<…>` derives from the same record, so a query's
// result type follows the schema and a renamed or retyped column stops compiling where it is read.
import type * as schema from './schema';

export type CustomerRecord = typeof schema.customers.$inferSelect;
export type ServiceRecord = typeof schema.engineeringServices.$inferSelect;
export type ItemRecord = typeof schema.engineeringItems.$inferSelect;
export type SyncRunRecord = typeof schema.syncRuns.$inferSelect;
export type SyncStateRecord = typeof schema.syncState.$inferSelect;
export type SyncLockRecord = typeof schema.syncLock.$inferSelect;
export type UnitRowRecord = typeof schema.contractServiceUnits.$inferSelect;
export type HourlyRateRecord = typeof schema.hourlyRates.$inferSelect;
export type LabourPostingRecord = typeof schema.labourPostings.$inferSelect;
export type BillingHoldRecord = typeof schema.billingHolds.$inferSelect;
export type SettingRecord = typeof schema.settings.$inferSelect;

/** 'autotaskContractServiceId' → 'autotask_contract_service_id' (the schema names every column this way; test/unit/db/rows.test.ts checks it). */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}` : S;

/** A record (or a Pick of one) as raw SQL returns it: column names as keys, booleans as 0/1. */
export type SqlRow<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] extends boolean ? number : T[K] };
