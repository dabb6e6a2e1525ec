import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { LogRow } from '../../../../shared/domain';
import { DataTable } from '../../components/DataTable';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { STATUS_LABEL, syncTypeLabel } from '../../lib/format';

const col = createColumnHelper<LogRow>();

/** Seed "Recent Activity": the last 10 operations with relative time, type, operation, status, message. */
export function RecentActivity({ rows, now }: { rows: LogRow[]; now: Date }) {
  const columns = useMemo(
    () => [
      col.accessor('createdAt', { header: 'Time', cell: (c) => <RelativeTime iso={c.getValue()} now={now} />, meta: { className: 'col-time' } }),
      col.accessor('syncType', { header: 'Type', cell: (c) => syncTypeLabel(c.getValue()), meta: { className: 'col-type' } }),
      col.accessor('operation', { header: 'Operation', cell: (c) => <span className="mono">{c.getValue()}</span>, meta: { className: 'col-op' } }),
      col.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} label={STATUS_LABEL[c.getValue()]} />, meta: { className: 'col-status' } }),
      col.accessor('message', { header: 'Message', cell: (c) => <span className="cell-message">{c.getValue()}</span>, meta: { className: 'col-message' } }),
    ],
    [now],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Recent activity"
      getRowId={(r) => String(r.id)}
      empty={<span className="muted">No sync activity yet. Run a sync above and its operations appear here.</span>}
      testId="recent-activity"
    />
  );
}
