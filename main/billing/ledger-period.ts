// Calendar months as the ledger uses them ('YYYY-MM'); pure.
import { addDays } from '../../shared/dates';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** 'YYYY-MM' → its first and last calendar day. */
export function monthRange(month: string): { month: string; from: string; to: string } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`Not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { month, from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

export function nextMonth(month: string): string {
  return addDays(monthRange(month).to, 1).slice(0, 7);
}

/** "November 2026" for messages (English month names: messages are in English throughout). */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${names[m - 1]} ${y}`;
}
