// Shared set-up of the billing CLI tests: an empty sandbox tenant with one PRACBILL contract line for Acme
// Corporation at $150.00/h, months counted back from today, and `billing preview --json` with its lines.
import { expect } from 'vitest';
import { addDays } from '../../../../shared/dates';
import { Scenario, startHarness, today, type SyncHarness } from '../../sync/support/harness';

/** 'YYYY-MM' of the month `back` months before this one (0 = this month). */
export function monthBack(back: number): string {
  let d = `${today().slice(0, 7)}-01`;
  for (let i = 0; i < back; i++) d = `${addDays(d, -1).slice(0, 7)}-01`;
  return d.slice(0, 7);
}

/** The harness, its sandbox scenario and Acme's contract (one line), with the rate 150 since 2000. */
export async function startAcmeTenant(): Promise<{ h: SyncHarness; s: Scenario; contract: number }> {
  const h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const contract = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  s.line(contract, s.service('Managed Services'));
  expect((await h.cli(['config', 'set', 'hourlyRate', '150', '--from', '2000-01-01'])).code).toBe(0);
  return { h, s, contract };
}

/** `billing preview --period <period> --json`, which must succeed. */
export async function previewJson(h: SyncHarness, period: string): Promise<any> {
  const r = await h.cli(['billing', 'preview', '--period', period, '--json']);
  expect(r.code).toBe(0);
  return r.json;
}

export const invoiceLines = (p: any): any[] => p.invoices.flatMap((i: any) => i.lines);
