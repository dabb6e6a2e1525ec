// The Autotask REST client: the only code in the app that talks to Autotask.
export type {
  AutotaskClient,
  AutotaskClientOptions,
  AutotaskCredentials,
  BudgetOptions,
  ClientAccounting,
  ClientClock,
  ClientEvent,
  ConnectionCheck,
  EntityName,
  FieldInfo,
  FieldListCache,
  Filter,
  IdQuery,
  PicklistValue,
  QueryOptions,
  QuerySpec,
  RetryOptions,
  TestConnectionResult,
  TlsOptions,
  ZoneCache,
  SharedThresholdReading,
  ThresholdCache,
  StoredFieldList,
  ZoneInfo,
} from './types';
export { ENTITY_NAMES } from './types';
export { AutotaskError, isAutotaskError, type AutotaskErrorKind } from './autotask-error';
export { createAutotaskClient, systemClock, DEFAULT_CONCURRENCY_PER_ENTITY, FIELD_LIST_TTL_MS } from './autotask-client';
export { createMemoryZoneCache, DEFAULT_ZONE_LOOKUP_URL, ZONE_TTL_MS } from './zone-resolver';
export { COMPARISON_OPERATORS, GROUP_OPERATORS } from './filter-validation';
