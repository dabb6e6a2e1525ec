// Hash routes (`#/logs?status=error&page=2`): they work the same under file://, app:// and the browser
// bridge, survive a reload, and keep a page's filters in the address so Back/Forward and pagination keep them.

export const PAGES = ['dashboard', 'attention', 'excluded', 'billing', 'logs', 'statistics', 'config', 'customers', 'services', 'items'] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName;
  params: URLSearchParams;
}

export type RouteParams = Record<string, string | number | boolean | undefined | null>;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageName) : 'dashboard';
  return { page, params: new URLSearchParams(query) };
}

export function formatHash(page: PageName, params: RouteParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}

/** A positive whole number from a query parameter, or the fallback. */
export function intParam(params: URLSearchParams, key: string, fallback: number, max = 1_000_000): number {
  const n = Number(params.get(key));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}
