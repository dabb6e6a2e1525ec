import type { LogRow, LogStatus, Operation, SyncType } from '../../../shared/domain';

export interface RawLogRow {
  id: number;
  run_id: number | null;
  sync_type: string;
  operation: string;
  status: string;
  message: string;
  duration_ms: number;
  details?: string | null;
  has_details?: number;
  created_at: string;
}

export function toLogRow(r: RawLogRow, withDetails: boolean): LogRow {
  let details: unknown = null;
  if (withDetails && r.details) {
    try {
      details = JSON.parse(r.details);
    } catch {
      details = r.details;
    }
  }
  return {
    id: r.id,
    runId: r.run_id,
    syncType: r.sync_type as SyncType,
    operation: r.operation as Operation,
    status: r.status as LogStatus,
    message: r.message,
    durationMs: r.duration_ms,
    details,
    hasDetails: r.has_details !== undefined ? r.has_details === 1 : Boolean(r.details),
    createdAt: r.created_at,
  };
}

export const LOG_LIST_COLUMNS = 'id, run_id, sync_type, operation, status, message, duration_ms, (details IS NOT NULL) AS has_details, created_at';
