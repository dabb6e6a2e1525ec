// Rate history re-pricing (SPEC §5.1): at the start of every time-entry run, unbilled items whose rate is not
// the rate in force on their dateWorked are re-priced, each logged as an update with before/after. Items
// dated before a rate's date keep the earlier rate; billed items (named by a line of a closed, not reopened
// run) are never re-priced. Local only: no API request.
import type Database from 'better-sqlite3';
import { centsToDecimal } from '../../shared/money';
import type { RateEntry } from '../config/rate-history';
import { itemValuesOf, type LocalItem } from './local-items';
import { amountCents } from './money';
import { diff, type PlanAction } from './plan';
import { ITEM_KEYS } from './local-items';

interface Raw {
  id: number;
  service_id: number;
  autotask_time_entry_id: number;
  autotask_contract_id: number | null;
  date_worked: string;
  hours: string;
  rate_cents: number;
  amount_cents: number;
  summary: string | null;
  autotask_last_modified: string | null;
  flagged: number;
  flag_reason: string | null;
}

/** Update actions for every unbilled item priced at another rate than the history says for its date. */
export function planRepricing(sqlite: Database.Database, history: readonly RateEntry[]): PlanAction[] {
  const actions: PlanAction[] = [];
  const stmt = sqlite.prepare(
    `SELECT i.* FROM engineering_items i
      WHERE i.date_worked >= @from AND i.date_worked < @until AND i.rate_cents <> @rate
        AND NOT EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices v ON v.id = l.invoice_id JOIN billing_runs r ON r.id = v.run_id
                         WHERE l.item_id = i.id AND r.reopened_at IS NULL)
      ORDER BY i.date_worked, i.id`,
  );
  history.forEach((rate, k) => {
    // The earliest rate also covers everything before it.
    const from = k === 0 ? '0000-01-01' : rate.effectiveFrom;
    const until = history[k + 1]?.effectiveFrom ?? '9999-12-31';
    for (const r of stmt.iterate({ from, until, rate: rate.rateCents }) as IterableIterator<Raw>) {
      const current: LocalItem = {
        id: r.id,
        serviceId: r.service_id,
        autotaskTimeEntryId: r.autotask_time_entry_id,
        autotaskContractId: r.autotask_contract_id,
        dateWorked: r.date_worked,
        hours: r.hours,
        rate: centsToDecimal(r.rate_cents),
        amount: centsToDecimal(r.amount_cents),
        summary: r.summary,
        autotaskLastModified: r.autotask_last_modified,
        flagged: r.flagged === 1,
        flagReason: r.flag_reason,
      };
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
