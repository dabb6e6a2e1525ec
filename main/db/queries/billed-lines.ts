// What is billed (issue #14): billed-ness is derived, never a flag on items or unit rows. A source is billed
// when a line of a closed, not reopened billing run names it. Every query that asks "is this billed?" joins
// this one fragment, so the rule lives in one place. Aliases: l = invoice_lines, v = invoices, r = billing_runs.
export const BILLED_LINES = `invoice_lines l
  JOIN invoices v ON v.id = l.invoice_id
  JOIN billing_runs r ON r.id = v.run_id AND r.reopened_at IS NULL`;
