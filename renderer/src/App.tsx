import { useEffect, useState } from 'react';
import type { AppInfo, DashboardData } from '../../shared/domain';
import { call } from './api';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [dash, setDash] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([call('app:info'), call('dashboard:get')])
      .then(([i, d]) => {
        setInfo(i);
        setDash(d);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Autotask Billing Sync</h1>
        {info && <span className="muted">v{info.version}</span>}
      </header>
      <main>
        {error && <p role="alert">{error}</p>}
        {dash && (
          <section aria-label="Sync status overview" className="cards">
            <div className="card card-blue">
              <div className="card-label">Last Sync</div>
              <div className="card-value" data-testid="last-sync">{dash.lastSyncAt ?? 'Never'}</div>
            </div>
            <div className="card card-gray">
              <div className="card-label">Total Syncs</div>
              <div className="card-value">{dash.totalSyncs}</div>
            </div>
          </section>
        )}
      </main>
    </div>
  );
}
