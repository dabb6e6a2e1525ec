import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Paged } from '../../../../shared/domain';
import { DataTable } from '../../components/DataTable';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SearchBox } from '../../components/SearchBox';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatCount } from '../../lib/format';
import { intParam, type PageName, type RouteParams } from '../../lib/route';

export const LIST_PER_PAGE = 25;

export interface ListPageProps<T> {
  page: PageName;
  title: string;
  subtitle: ReactNode;
  noun: [singular: string, plural: string];
  searchLabel: string;
  searchPlaceholder: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in DataTable: mixed value types
  columns: ColumnDef<T, any>[];
  load: (q: { search?: string; page: number; perPage: number }) => Promise<Paged<T>>;
  getRowId: (row: T) => string;
  emptyHint: ReactNode;
  params: URLSearchParams;
  navigate: (page: PageName, params?: RouteParams) => void;
  rowClassName?: (row: T) => string | undefined;
  /** Applied filters besides the search (from the address): kept by search and pagination, part of the query key. */
  filters?: RouteParams;
  /** Shown above the search (e.g. a filter form). */
  toolbar?: ReactNode;
  /** Shown under the search, for the rows on screen (e.g. totals). */
  summary?: (data: Paged<T>) => ReactNode;
  /** Wording of an empty result when filters are applied. */
  filteredEmpty?: string;
}

/** A searchable, paginated list of billing data (customers, services, items); search and page live in the address. */
export function ListPage<T>(p: ListPageProps<T>) {
  const search = p.params.get('search') ?? '';
  const page = intParam(p.params, 'page', 1);
  const keep = p.filters ?? {};
  const query = useApiQuery(() => p.load({ ...(search ? { search } : {}), page, perPage: LIST_PER_PAGE }), `${p.page}|${search}|${page}|${JSON.stringify(keep)}`);
  const data = query.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.total / LIST_PER_PAGE)) : 1;
  const [one, many] = p.noun;
  // Numbers and wording follow the rows on screen, not the request still under way.
  const shownSearch = query.dataKey?.split('|')[1] ?? '';
  const first = data && data.total > 0 ? (data.page - 1) * LIST_PER_PAGE + 1 : 0;
  const last = data ? Math.min(data.total, data.page * LIST_PER_PAGE) : 0;

  return (
    <div className="page">
      <PageHeader title={p.title} subtitle={p.subtitle} />
      {p.toolbar}
      <div className="list-toolbar">
        <SearchBox id={`${p.page}-search`} label={p.searchLabel} placeholder={p.searchPlaceholder} value={search} onSearch={(s) => p.navigate(p.page, { ...keep, search: s })} />
        <p className="results-summary" role="status">
          {data
            ? data.total === 0
              ? shownSearch
                ? `No ${many} match “${shownSearch}”.`
                : (p.filteredEmpty ?? `No ${many} yet.`)
              : `${formatCount(first)}–${formatCount(last)} of ${formatCount(data.total)} ${data.total === 1 ? one : many}${shownSearch ? ` matching “${shownSearch}”` : ''}`
            : `Loading ${many}…`}
        </p>
      </div>
      {data && p.summary?.(data)}
      {query.error && (
        <Notice tone="error">
          Could not load the {many}: {query.error}
        </Notice>
      )}
      {pageCount > 1 && (
        <Pagination page={page} pageCount={pageCount} label={`${p.title} pages, above the table`} onPage={(n) => p.navigate(p.page, { ...keep, search, page: n })} />
      )}
      <DataTable
        columns={p.columns}
        data={data?.rows ?? []}
        caption={p.title}
        getRowId={p.getRowId}
        busy={query.loading}
        rowClassName={p.rowClassName}
        empty={<span className="muted">{data ? (search ? `Nothing matches “${search}”.` : p.emptyHint) : 'Loading…'}</span>}
        testId={`${p.page}-table`}
      />
      {pageCount > 1 && <Pagination page={page} pageCount={pageCount} label={`${p.title} pages`} onPage={(n) => p.navigate(p.page, { ...keep, search, page: n })} />}
    </div>
  );
}
