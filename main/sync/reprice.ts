// Rate history re-pricing (docs/product-rules.md#billing-sync): at the start of every time-entry run, unbilled items whose rate is not
// the rate in force on their dateWorked are re-priced, each logged as an update with before/after. Items
// dated before a rate's date keep the earlier rate; billed items (named by a line of a closed, not reopened
// run) are never re-priced. Local only: no API request.
import type Database from 'better-sqlite3';
import { prepareMispricedItems } from '../db/queries/items';
import { centsToDecimal } from '../../shared/money';
import type { RateEntry } from '../config/rate-history';
import { ITEM_KEYS, itemValuesOf, toLocalItem } from './local-items';
import { amountCents } from './money';
import { diff, type PlanAction } from './plan';

/** Update actions for every unbilled item priced at another rate than the history says for its date. */
export function planRepricing(sqlite: Database.Database, history: readonly RateEntry[]): PlanAction[] {
  const actions: PlanAction[] = [];
  const mispriced = prepareMispricedItems(sqlite);
  history.forEach((rate, k) => {
    // The earliest rate also covers everything before it.
    const from = k === 0 ? '0000-01-01' : rate.effectiveFrom;
    const until = history[k + 1]?.effectiveFrom ?? '9999-12-31';
    for (const r of mispriced(from, until, rate.rateCents)) {
      const current = toLocalItem(r);
      const before = itemValuesOf(current);
      const next = { ...before, rate: centsToDecimal(rate.rateCents), amount: centsToDecimal(amountCents(r.hours, rate.rateCents)) };
      const changes = diff(before, next, ITEM_KEYS);
      actions.push({
        kind: 'update-item',
        autotaskId: r.autotask_time_entry_id,
        itemId: r.id,
        next,
        changes,
        log: {
          syncType: 'time_entry',
          operation: 'update',
          status: 'success',
          message: `Time entry ${r.autotask_time_entry_id} (${r.date_worked}) re-priced at the hourly rate from ${k === 0 ? 'the start' : rate.effectiveFrom}: ${r.hours} h × $${next.rate}/h = $${next.amount} (was $${before.amount})`,
          details: { autotaskTimeEntryId: r.autotask_time_entry_id, changed: changes, rateFrom: rate.effectiveFrom },
        },
      });
    }
  });
  return actions;
}
