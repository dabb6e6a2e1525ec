// Money is integer cents everywhere in the core; it is shown and exchanged as a decimal string.

/** "150", "150.5", "150.50" → 15050. Throws on anything else (callers validate user input first). */
export function decimalToCents(value: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`Not a money amount: ${JSON.stringify(value)}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new Error(`Money amount out of range: ${value}`);
  return m[1] ? -cents : cents;
}

/** 75000 → "750.00"; -5 → "-0.05". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1234.5" → "$1,234.50" for display. */
export function formatMoney(decimal: string, currencySymbol = '$'): string {
  const cents = decimalToCents(decimal);
  const sign = cents < 0 ? '-' : '';
  const [whole = '0', frac = '00'] = centsToDecimal(Math.abs(cents)).split('.');
  return `${sign}${currencySymbol}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
