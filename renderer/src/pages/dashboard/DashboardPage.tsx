import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, CredentialStatus, DashboardData, RunSummary, SyncProgress } from '../../../../shared/domain';
import type { Settings } from '../../../../shared/settings';
import { call, subscribe } from '../../api';
import { BreakdownTable } from '../../components/BreakdownTable';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { SummaryCards } from '../../components/SummaryCards';
import { useApiQuery } from '../../hooks/use-api-query';
import { useNow } from '../../hooks/use-now';
import { DemoOffer } from '../config/DemoOffer';
import { RecentActivity } from './RecentActivity';
import { SyncPanels } from './SyncPanels';
import { SyncStatusStrip } from './SyncStatusStrip';

interface DashboardBundle {
  dashboard: DashboardData;
  credentials: CredentialStatus;
  settings: Settings;
}

export function isConfigured(c: CredentialStatus): boolean {
  return Boolean(c.username && c.integrationCode && c.secretSaved);
}

export function DashboardPage({ info }: { info: AppInfo | null }) {
  const now = useNow();
  const query = useApiQuery<DashboardBundle>(async () => {
    const [dashboard, credentials, settings] = await Promise.all([call('dashboard:get'), call('credentials:get'), call('settings:get')]);
    return { dashboard, credentials, settings };
  }, 'dashboard');
  const { reload } = query;
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [finished, setFinished] = useState<RunSummary | null>(null);

  // The dashboard says what was running when it loaded; pushed events keep it current from then on. So a
  // reload (the one after each finished run) must not put its older snapshot over a pushed event: the next
  // run's progress can arrive while the reload is under way, and `running: null` would hide it.
  const pushed = useRef(false);
  useEffect(() => {
    if (query.data && !pushed.current) setProgress(query.data.dashboard.running);
  }, [query.data]);

  useEffect(() => {
    const offProgress = subscribe('sync:progress', (p) => {
      pushed.current = true;
      setProgress(p);
      setFinished(null);
    });
    const offFinished = subscribe('sync:finished', (run) => {
      pushed.current = true;
      setProgress(null);
      setFinished(run);
      reload();
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [reload]);

  const onQueued = useCallback(() => {
    // The run may finish before the first progress event arrives (a tiny tenant): check once.
    void call('sync:current')
      .then((p) => p && setProgress(p))
      .catch(() => undefined);
  }, []);

  const data = query.data;
  const scheduleText = data ? (data.settings.schedulePaused ? 'Automatic sync is paused.' : `Automatic sync runs daily at ${data.settings.scheduleTime}.`) : '';

  return (
    <div className="page">
      <PageHeader
        title="Sync Dashboard"
        subtitle="Monitor the Autotask integration and start a sync by hand."
        actions={
          <>
            <a className="btn" href="#/logs">
              View Logs
            </a>
            <a className="btn" href="#/config">
              Configuration
            </a>
          </>
        }
      />
      {query.error && <Notice tone="error">Could not load the dashboard: {query.error}</Notice>}
      {data && !isConfigured(data.credentials) && (
        <Notice tone="warning">
          <strong>Autotask is not connected yet.</strong> Enter the API user&apos;s details in <a href="#/config">Configuration</a> before syncing.
          {info && !info.demo && <DemoOffer onEnabled={reload} />}
        </Notice>
      )}
      {data ? (
        <>
          <SummaryCards data={data.dashboard} now={now} />
          <SyncStatusStrip progress={progress} finished={finished} scheduleText={scheduleText} />
          <SyncPanels busy={progress !== null} onQueued={onQueued} finished={finished} />
          <div className="dashboard-grid">
            <section className="panel" aria-labelledby="breakdown-title">
              <h2 id="breakdown-title" className="panel-title">
                Sync Type Breakdown
              </h2>
              <BreakdownTable rows={data.dashboard.breakdown} />
            </section>
            <nav className="panel quick-links" aria-labelledby="quick-links-title">
              <h2 id="quick-links-title" className="panel-title">
                Quick Links
              </h2>
              <ul>
                <li>
                  <a href="#/config">Configuration</a>
                  <span className="muted">API credentials and settings</span>
                </li>
                <li>
                  <a href="#/logs">View Logs</a>
                  <span className="muted">Every operation, with filters and CSV export</span>
                </li>
                <li>
                  <a href="#/statistics">Statistics</a>
                  <span className="muted">Every sync run and its counts</span>
                </li>
                <li>
                  <a href="#/customers">Customers</a>
                  <span className="muted">Created on demand by contract syncs</span>
                </li>
              </ul>
            </nav>
          </div>
          <section className="panel" aria-labelledby="recent-title">
            <div className="panel-head">
              <h2 id="recent-title" className="panel-title">
                Recent Activity
              </h2>
              <a href="#/logs" className="btn btn-small">
                View All Logs
              </a>
            </div>
            <RecentActivity rows={data.dashboard.recent} now={now} />
          </section>
        </>
      ) : (
        !query.error && <DashboardSkeleton />
      )}
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the dashboard" className="skeleton-cards">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="card skeleton" />
      ))}
    </div>
  );
}
