import { formatMilliseconds } from '../../lib/duration';
import { useEffect, useState } from 'react';
import type { LogRow } from '../../../../shared/domain';
import { call } from '../../api';
import { Modal } from '../../components/Modal';
import { StatusBadge } from '../../components/StatusBadge';
import { errorMessage, formatDateTime, STATUS_LABEL, syncTypeLabel } from '../../lib/format';

export function formatDetails(details: unknown): string {
  if (details === null || details === undefined) return 'No details were recorded for this operation.';
  if (typeof details === 'string') return details;
  return JSON.stringify(details, null, 2);
}

/** The seed's details modal: the log row's JSON details, pretty-printed. */
export function LogDetailsModal({ row, onClose }: { row: LogRow; onClose: () => void }) {
  const [full, setFull] = useState<LogRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('logs:get', { id: row.id })
      .then((r) => live && (r ? setFull(r) : setError('This log row no longer exists (it may have been removed by log retention).')))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [row.id]);

  return (
    <Modal title={`Log #${row.id} details`} onClose={onClose} wide>
      <dl className="detail-list">
        <div>
          <dt>Time</dt>
          <dd>{formatDateTime(row.createdAt)}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{syncTypeLabel(row.syncType)}</dd>
        </div>
        <div>
          <dt>Operation</dt>
          <dd className="mono">{row.operation}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={row.status} label={STATUS_LABEL[row.status]} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="num">{formatMilliseconds(row.durationMs)} ms</dd>
        </div>
        {row.runId !== null && (
          <div>
            <dt>Run</dt>
            <dd>#{row.runId}</dd>
          </div>
        )}
      </dl>
      <p className="detail-message">{row.message}</p>
      <h3 className="detail-heading">Details (JSON)</h3>
      {error ? (
        <p className="feedback feedback-error" role="alert">
          {error}
        </p>
      ) : (
        <pre className="json" data-testid="log-details-json" tabIndex={0} aria-label="JSON details" aria-busy={!full}>
          {full ? formatDetails(full.details) : 'Loading…'}
        </pre>
      )}
    </Modal>
  );
}
