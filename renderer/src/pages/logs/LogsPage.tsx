import { useCallback, useMemo, useState } from 'react';
import type { LogPage, LogRow } from '../../../../shared/domain';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatCount, STATUS_LABEL, syncTypeLabel } from '../../lib/format';
import { DEFAULT_PER_PAGE, logViewFromParams, paramsFromLogView, type LogViewState } from '../../lib/log-filter-params';
import type { PageName, RouteParams } from '../../lib/route';
import { ExportButton } from './ExportButton';
import { LogDetailsModal } from './LogDetailsModal';
import { LogTable } from './LogTable';
import { draftFromFilter, filterFromDraft, LogFilters, type LogFilterDraft } from './LogFilters';

function describeFilter(view: LogViewState): string {
  const parts: string[] = [];
  if (view.filter.type) parts.push(syncTypeLabel(view.filter.type));
  if (view.filter.status) parts.push(STATUS_LABEL[view.filter.status]);
  if (view.filter.from && view.filter.to) parts.push(`${view.filter.from} to ${view.filter.to}`);
  else if (view.filter.from) parts.push(`from ${view.filter.from}`);
  else if (view.filter.to) parts.push(`up to ${view.filter.to}`);
  if (view.filter.runId) parts.push(`run #${view.filter.runId}`);
  return parts.join(', ');
}

/** Seed "Log Viewer": filters, the table, details, CSV export and pagination that keeps the filters. */
export function LogsPage({ params, navigate }: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  const key = params.toString();
  const view = useMemo(() => logViewFromParams(new URLSearchParams(key)), [key]);
  const query = useApiQuery<LogPage>(() => call('logs:list', { ...view.filter, page: view.page, perPage: view.perPage }), key);
  const [viewing, setViewing] = useState<LogRow | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(null);
  const applied = useMemo(() => draftFromFilter(view.filter, view.perPage), [view]);

  const go = (next: LogViewState) => navigate('logs', paramsFromLogView(next));
  const apply = (d: LogFilterDraft) => go({ filter: filterFromDraft(d, view.filter.runId), page: 1, perPage: d.perPage });
  const onView = useCallback((row: LogRow) => setViewing(row), []);

  const data = query.data;
  const first = data && data.total > 0 ? (data.page - 1) * data.perPage + 1 : 0;
  const last = data ? Math.min(data.total, data.page * data.perPage) : 0;
  // Describe the filter of the rows on screen, not of the request still under way.
  const filterText = query.dataKey === null ? '' : describeFilter(logViewFromParams(new URLSearchParams(query.dataKey)));

  return (
    <div className="page">
      <PageHeader
        title="Sync Logs"
        subtitle="Every record-level operation of every sync."
        actions={
          <>
            <a className="btn" href="#/dashboard">
              Back to Dashboard
            </a>
            <a className="btn" href="#/statistics">
              View Statistics
            </a>
            <ExportButton filter={view.filter} onResult={setNotice} />
          </>
        }
      />
      <LogFilters applied={applied} onApply={apply} onReset={() => go({ filter: {}, page: 1, perPage: DEFAULT_PER_PAGE })} />
      {view.filter.runId !== undefined && (
        <Notice tone="info">
          Showing only the operations of run #{view.filter.runId}.{' '}
          <button type="button" className="link-button" onClick={() => go({ ...view, filter: { ...view.filter, runId: undefined }, page: 1 })}>
            Show all runs
          </button>
        </Notice>
      )}
      {notice && (
        <Notice tone={notice.tone} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      {query.error && <Notice tone="error">Could not load the logs: {query.error}</Notice>}
      <div className="results-bar">
        <p className="results-summary" role="status" data-testid="log-summary">
          {data
            ? data.total === 0
              ? 'No log rows match these filters.'
              : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(data.total)} log rows${filterText ? ` (${filterText})` : ''}`
            : 'Loading logs…'}
        </p>
        {data && data.pageCount > 1 && (
          <span className="muted num">
            Page {formatCount(data.page)} of {formatCount(data.pageCount)}
          </span>
        )}
      </div>
      {data && data.pageCount > 1 && <Pagination page={data.page} pageCount={data.pageCount} label="Log pages, above the table" onPage={(page) => go({ ...view, page })} />}
      <LogTable rows={data?.rows ?? []} busy={query.loading} onView={onView} empty={data ? 'No log rows match these filters.' : 'Loading…'} />
      {data && data.pageCount > 1 && <Pagination page={data.page} pageCount={data.pageCount} label="Log pages" onPage={(page) => go({ ...view, page })} />}
      {viewing && <LogDetailsModal row={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}
