// The handler table's types, apart from handlers.ts so that a domain's handlers (billing-handlers.ts)
// and CoreDeps can name them without an import cycle.
import type { Api, Channel } from '../../shared/api-contract';

/** Handler signatures: the contract's functions, receiving the already-validated argument. */
export type Handlers = { [K in Channel]: (arg: Parameters<Api[K]>[0]) => ReturnType<Api[K]> };

/** Handlers of one domain's channels, built by that domain (e.g. main/billing) and joined into the table. */
export type DomainHandlers<K extends Channel> = Pick<Handlers, K>;

export const BILLING_CHANNELS = [
  'billing:preview',
  'billing:hold',
  'billing:release-posted',
  'billing:close',
  'billing:reopen',
  'billing:export',
  'billing:runs',
] as const satisfies readonly Channel[];
export type BillingChannel = (typeof BILLING_CHANNELS)[number];
