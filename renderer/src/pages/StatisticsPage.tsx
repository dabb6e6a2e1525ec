import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { DashboardData, Paged, RunDay, RunSummary } from '../../../shared/domain';
import { RunHistoryChart, RunHistoryTable } from './RunHistoryChart';
import { call } from '../api';
import { BreakdownTable } from '../components/BreakdownTable';
import { DataTable } from '../components/DataTable';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { Pagination } from '../components/Pagination';
import { StatusBadge } from '../components/StatusBadge';
import { SummaryCards } from '../components/SummaryCards';
import { useApiQuery } from '../hooks/use-api-query';
import { useNow } from '../hooks/use-now';
import { formatCount, formatDateTime, formatDuration, RUN_STATUS_LABEL, RUN_TYPE_LABEL, TRIGGER_LABEL } from '../lib/format';
import { formatHash, intParam, type PageName, type RouteParams } from '../lib/route';

const PER_PAGE = 25;
const CHART_DAYS = 14;
const col = createColumnHelper<RunSummary>();
const num = (header: string, pick: (r: RunSummary) => number, id: string) => col.accessor(pick, { id, header, cell: (c) => formatCount(c.getValue()), meta: { numeric: true } });

/** "View Statistics": the run history with per-run counts, beside the per-type breakdown. */
export function StatisticsPage({ params, navigate }: { params: URLSearchParams; navigate: (page: PageName, params?: RouteParams) => void }) {
  const now = useNow();
  const page = intParam(params, 'page', 1);
  const dash = useApiQuery<DashboardData>(() => call('dashboard:get'), 'stats-dashboard');
  const runs = useApiQuery<Paged<RunSummary>>(() => call('runs:list', { page, perPage: PER_PAGE }), `runs-${page}`);
  const daily = useApiQuery<RunDay[]>(() => call('runs:daily', { days: CHART_DAYS }), 'runs-daily');
  const columns = useMemo(
    () => [
      col.accessor('startedAt', {
        header: 'Started',
        cell: (c) => (
          <>
            {formatDateTime(c.getValue())}
            <span className="cell-sub">{TRIGGER_LABEL[c.row.original.trigger] ?? c.row.original.trigger}</span>
          </>
        ),
        meta: { className: 'nowrap' },
      }),
      col.accessor('type', {
        header: 'Sync',
        cell: (c) => (
          <>
            {RUN_TYPE_LABEL[c.getValue()]}
            {c.row.original.dryRun && <span className="badge badge-gray badge-inline">Dry run</span>}
          </>
        ),
        meta: { className: 'nowrap' },
      }),
      col.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} label={RUN_STATUS_LABEL[c.getValue()]} /> }),
      num('Created', (r) => r.counts.create, 'create'),
      num('Updated', (r) => r.counts.update, 'update'),
      num('Unchanged', (r) => r.counts.unchanged, 'unchanged'),
      num('Skipped', (r) => r.counts.skip, 'skip'),
      num('Warnings', (r) => r.counts.warning, 'warning'),
      num('Errors', (r) => r.counts.error, 'error'),
      num('API calls', (r) => r.apiCalls, 'apiCalls'),
      col.accessor('durationMs', { header: 'Duration', cell: (c) => formatDuration(c.getValue()), meta: { numeric: true, className: 'nowrap' } }),
      col.accessor('message', {
        id: 'reason',
        header: 'Reason',
        // Why a run failed, stopped or had record errors; a successful run needs no reason.
        cell: (c) => (c.row.original.status === 'success' || c.row.original.status === 'running' ? '' : (c.getValue() ?? '')),
        meta: { className: 'col-reason' },
      }),
      col.display({
        id: 'logs',
        header: 'Logs',
        cell: (c) => (
          <a href={formatHash('logs', { run: c.row.original.runId })} aria-label={`Logs of run ${c.row.original.runId}`}>
            Logs
          </a>
        ),
      }),
    ],
    [],
  );
  const pageCount = runs.data ? Math.max(1, Math.ceil(runs.data.total / PER_PAGE)) : 1;

  return (
    <div className="page">
      <PageHeader
        title="Sync Statistics"
        subtitle="Aggregated figures and the history of sync runs."
        actions={
          <>
            <a className="btn" href="#/dashboard">
              Back to Dashboard
            </a>
            <a className="btn" href="#/logs">
              View Logs
            </a>
          </>
        }
      />
      {(dash.error || runs.error) && <Notice tone="error">Could not load the statistics: {dash.error ?? runs.error}</Notice>}
      {dash.data && <SummaryCards data={dash.data} now={now} />}
      <div className="stats-grid">
        <section className="panel" aria-labelledby="stats-breakdown-title">
          <h2 id="stats-breakdown-title" className="panel-title">
            Operations by sync type
          </h2>
          {dash.data && <BreakdownTable rows={dash.data.breakdown} />}
        </section>
      </div>
      <section className="panel" aria-labelledby="runs-chart-title">
        <h2 id="runs-chart-title" className="panel-title">
          Runs per day (last {CHART_DAYS} days)
        </h2>
        {daily.error && <Notice tone="error">Could not load the run history: {daily.error}</Notice>}
        {daily.data && (
          <>
            <RunHistoryChart days={daily.data} />
            <details className="chart-table">
              <summary>Show the chart&apos;s figures as a table</summary>
              <RunHistoryTable days={daily.data} />
            </details>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="runs-title">
        <div className="panel-head">
          <h2 id="runs-title" className="panel-title">
            Sync runs
          </h2>
          {runs.data && <span className="muted">{formatCount(runs.data.total)} runs</span>}
        </div>
        <DataTable
          columns={columns}
          data={runs.data?.rows ?? []}
          caption="Sync runs"
          getRowId={(r) => String(r.runId)}
          busy={runs.loading}
          empty={<span className="muted">{runs.data ? 'No sync has run yet.' : 'Loading…'}</span>}
          testId="runs-table"
          className="compact"
        />
        {pageCount > 1 && <Pagination page={page} pageCount={pageCount} label="Run pages" onPage={(p) => navigate('statistics', { page: p })} />}
      </section>
    </div>
  );
}
