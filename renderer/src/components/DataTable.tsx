import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';

declare module '@tanstack/react-table' {
  // The augmentation must repeat the library's type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned, tabular figures: amounts, counts, durations. */
    numeric?: boolean;
    /** Class for the column's cells (widths, wrapping). */
    className?: string;
  }
}

export interface DataTableProps<T> {
  // Columns of one table hold different value types; TanStack types such a list as ColumnDef<T, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  data: T[];
  /** Read by screen readers as the table's name; the scrollable region is named after it ("…, scrollable table"), so it never repeats the name of the section around it. */
  caption: string;
  empty: ReactNode;
  getRowId: (row: T) => string;
  busy?: boolean;
  rowClassName?: (row: T) => string | undefined;
  testId?: string;
  /** Extra class on the table, e.g. 'compact' for many numeric columns. */
  className?: string;
}

/** The column's header as plain text: narrow windows show it beside each value (stacked rows). */
function headerText(header: unknown): string | undefined {
  return typeof header === 'string' ? header : undefined;
}

/**
 * A server-paginated table (the core sorts and pages; this only renders one page). The wrapper scrolls
 * sideways on half-width windows instead of squeezing columns, and is focusable so the keyboard can scroll
 * it; on phone-narrow windows each row becomes a small card of "label: value" lines (see styles.css).
 */
export function DataTable<T>({ columns, data, caption, empty, getRowId, busy, rowClassName, testId, className }: DataTableProps<T>) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => getRowId(row) });
  const cls = (meta: { numeric?: boolean; className?: string } | undefined) => [meta?.numeric ? 'num' : '', meta?.className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`table-wrap${busy ? ' is-busy' : ''}`} role="region" aria-label={`${caption}, scrollable table`} tabIndex={0} aria-busy={busy || undefined}>
      <table className={`data-table stackable${className ? ` ${className}` : ''}`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={cls(header.column.columnDef.meta)}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {data.length === 0 ? (
            <tr className="empty-row">
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className={rowClassName?.(row.original)}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cls(cell.column.columnDef.meta)} data-label={headerText(cell.column.columnDef.header)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
