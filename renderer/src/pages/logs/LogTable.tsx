import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { LogRow } from '../../../../shared/domain';
import { DataTable } from '../../components/DataTable';
import { formatMilliseconds } from '../../lib/duration';
import { StatusBadge } from '../../components/StatusBadge';
import { dateAndTime, formatDateTime, STATUS_LABEL, syncTypeLabel } from '../../lib/format';

const col = createColumnHelper<LogRow>();

/** Seed "Log Table": Time, Type, Operation, Status, Duration (ms), Message, Details (View). */
export function LogTable({ rows, busy, onView, empty }: { rows: LogRow[]; busy: boolean; onView: (row: LogRow) => void; empty: string }) {
  const columns = useMemo(
    () => [
      col.accessor('createdAt', {
        header: 'Time',
        cell: (c) => {
          const [date, time] = dateAndTime(c.getValue());
          return (
            <time dateTime={c.getValue()} title={formatDateTime(c.getValue())} className="stacked-time">
              <span>{date}</span> <span className="muted">{time}</span>
            </time>
          );
        },
        meta: { className: 'col-time nowrap' },
      }),
      col.accessor('syncType', { header: 'Type', cell: (c) => syncTypeLabel(c.getValue()), meta: { className: 'col-type nowrap' } }),
      col.accessor('operation', { header: 'Operation', cell: (c) => <span className="mono">{c.getValue()}</span>, meta: { className: 'col-op' } }),
      col.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} label={STATUS_LABEL[c.getValue()]} />, meta: { className: 'col-status' } }),
      col.accessor('durationMs', {
        header: 'Duration (ms)',
        cell: (c) => <span className={c.getValue() > 500 ? 'tone-yellow-text' : undefined}>{formatMilliseconds(c.getValue())}</span>,
        meta: { numeric: true, className: 'col-duration' },
      }),
      col.accessor('message', {
        header: 'Message',
        // Long messages are clamped to two lines; the whole text is in the tooltip and the details modal.
        cell: (c) => (
          <span className="cell-message" title={c.getValue()}>
            {c.getValue()}
          </span>
        ),
        meta: { className: 'col-message' },
      }),
      col.display({
        id: 'details',
        header: 'Details',
        cell: (c) =>
          c.row.original.hasDetails ? (
            <button type="button" className="btn btn-small" onClick={() => onView(c.row.original)} aria-label={`View details of log ${c.row.original.id}`}>
              View
            </button>
          ) : (
            <span className="muted" aria-label="No details">
              —
            </span>
          ),
        meta: { className: 'col-details' },
      }),
    ],
    [onView],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Sync logs"
      getRowId={(r) => String(r.id)}
      busy={busy}
      empty={<span className="muted">{empty}</span>}
      rowClassName={(r) => (r.status === 'error' ? 'row-error' : undefined)}
      testId="log-table"
    />
  );
}
