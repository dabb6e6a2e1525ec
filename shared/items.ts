import type { ItemRow, Paged } from './domain';

// The Engineering Items page's filters (issue #14): customer, month and billing state. The states are the
// billing module's own rules (main/db/queries/item-states.ts), one per item, in the order the billing
// preview gives its reason: billed first, then flagged, posted in Autotask, held; open is none of them.
export const ITEM_STATES = ['open', 'billed', 'held', 'flagged', 'posted'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface ItemFilter {
  search?: string;
  customerId?: number;
  /** 'YYYY-MM': items worked in that calendar month. */
  month?: string;
  state?: ItemState;
}

export type ItemListQuery = ItemFilter & { page: number; perPage: number };

export type ItemListRow = ItemRow & { state: ItemState };

/** Totals of every row the filter matches (not only the page shown); hours and amount as decimal strings. */
export interface ItemTotals {
  count: number;
  hours: string;
  amount: string;
}

export type ItemPage = Paged<ItemListRow> & { totals: ItemTotals };
