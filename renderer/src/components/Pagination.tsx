import { formatCount } from '../lib/format';

export type PageItem = number | 'gap-before' | 'gap-after';

/**
 * Page numbers to show around the current page: always the first and last, up to `radius` either side,
 * gaps elsewhere. Constant size whatever the page count (a million log rows are 40,000 pages).
 */
export function pageWindow(page: number, pageCount: number, radius = 2): PageItem[] {
  if (pageCount <= 1) return [1];
  const items: PageItem[] = [];
  const from = Math.max(2, page - radius);
  const to = Math.min(pageCount - 1, page + radius);
  items.push(1);
  if (from > 2) items.push('gap-before');
  for (let p = from; p <= to; p++) items.push(p);
  if (to < pageCount - 1) items.push('gap-after');
  items.push(pageCount);
  return items;
}

export interface PaginationProps {
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
  /** Accessible name of the navigation landmark, e.g. "Log pages". */
  label?: string;
}

// First/Previous/Next/Last use aria-disabled, not disabled: after "Last" the focus stays on it instead of
// dropping to the page body (issue #16).
export function Pagination({ page, pageCount, onPage, label = 'Pages' }: PaginationProps) {
  const count = Math.max(1, pageCount);
  const atStart = page <= 1;
  const atEnd = page >= count;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="btn btn-page" aria-disabled={atStart || undefined} onClick={() => !atStart && onPage(1)}>
        First
      </button>
      <button type="button" className="btn btn-page" aria-disabled={atStart || undefined} onClick={() => !atStart && onPage(page - 1)}>
        Previous
      </button>
      <ul className="page-numbers">
        {pageWindow(page, count).map((item) =>
          typeof item === 'number' ? (
            <li key={item}>
              <button
                type="button"
                className={`btn btn-page${item === page ? ' is-current' : ''}`}
                aria-current={item === page ? 'page' : undefined}
                aria-label={`Page ${formatCount(item)}`}
                onClick={() => item !== page && onPage(item)}
              >
                {formatCount(item)}
              </button>
            </li>
          ) : (
            <li key={item} className="page-gap" aria-hidden="true">
              …
            </li>
          ),
        )}
      </ul>
      <button type="button" className="btn btn-page" aria-disabled={atEnd || undefined} onClick={() => !atEnd && onPage(page + 1)}>
        Next
      </button>
      <button type="button" className="btn btn-page" aria-disabled={atEnd || undefined} onClick={() => !atEnd && onPage(count)}>
        Last
      </button>
    </nav>
  );
}
