// `IN (…)` lookups by many ids: split into chunks (SQLite allows 32,766 parameters; the queries here use 900
// per statement) and one `?` per value.

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "IN (?, ?, ?)" helpers for one-query-per-page lookups (SQLite allows 32,766 parameters). */
export function placeholders(n: number): string {
  // Pages ask for the same few lengths over and over (500, then the last page's).
  let text = PLACEHOLDERS.get(n);
  if (text === undefined) {
    text = Array.from({ length: n }, () => '?').join(', ');
    if (PLACEHOLDERS.size < 1000) PLACEHOLDERS.set(n, text);
  }
  return text;
}
const PLACEHOLDERS = new Map<number, string>();
