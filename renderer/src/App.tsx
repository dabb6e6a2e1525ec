import { useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../shared/domain';
import { call, subscribe } from './api';
import { Notice } from './components/Notice';
import { useRoute } from './hooks/use-route';
import { useNow } from './hooks/use-now';
import { useSyncStatus } from './hooks/use-sync-status';
import { useAttentionCount } from './hooks/use-attention-count';
import { formatElapsed } from './lib/sync-announcer';
import { estimateRemaining, estimateText, progressPercent } from './lib/sync-estimate';
import { RUN_TYPE_LABEL, errorMessage, formatCount, setDisplayCurrency } from './lib/format';
import { paramsFromLogView } from './lib/log-filter-params';
import type { PageName } from './lib/route';
import { AttentionPage } from './pages/attention/AttentionPage';
import { ExcludedPage } from './pages/excluded/ExcludedPage';
import { BillingPage } from './pages/billing/BillingPage';
import { ConfigPage } from './pages/config/ConfigPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { CustomersPage } from './pages/data/CustomersPage';
import { ItemsPage } from './pages/data/ItemsPage';
import { ServicesPage } from './pages/data/ServicesPage';
import { LogsPage } from './pages/logs/LogsPage';
import { StatisticsPage } from './pages/StatisticsPage';

const NAV: { group: string; items: { page: PageName; label: string; short?: string }[] }[] = [
  {
    group: 'Sync',
    items: [
      { page: 'dashboard', label: 'Dashboard' },
      { page: 'attention', label: 'Needs attention', short: 'Attention' },
      { page: 'excluded', label: 'Excluded' },
      { page: 'billing', label: 'Billing' },
      { page: 'logs', label: 'Logs' },
      { page: 'statistics', label: 'Statistics' },
    ],
  },
  {
    group: 'Billing data',
    items: [
      { page: 'customers', label: 'Customers' },
      { page: 'services', label: 'Engineering Services', short: 'Services' },
      { page: 'items', label: 'Engineering Items', short: 'Items' },
    ],
  },
  { group: 'Settings', items: [{ page: 'config', label: 'Configuration' }] },
];

type PageProps = { params: URLSearchParams; navigate: ReturnType<typeof useRoute>[1] };

const TITLES: Record<PageName, string> = {
  dashboard: 'Sync Dashboard',
  attention: 'Needs attention',
  excluded: 'Excluded from sync',
  billing: 'Billing',
  logs: 'Sync Logs',
  statistics: 'Sync Statistics',
  config: 'Configuration',
  customers: 'Customers',
  services: 'Engineering Services',
  items: 'Engineering Items',
};

export function App() {
  const [route, navigate] = useRoute();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Amounts everywhere are shown in the `currency` setting; pages re-render when it changes.
  const [, setCurrency] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    call('app:info')
      .then(setInfo)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    const apply = (code: string) => {
      setDisplayCurrency(code);
      setCurrency(code);
    };
    call('settings:get')
      .then((s) => apply(s.currency))
      .catch(() => undefined);
    return subscribe('settings:changed', (s) => apply(s.currency));
  }, []);

  // The core may ask for a page (a notification click: "show me the errors").
  useEffect(
    () =>
      subscribe('navigate', ({ page, filter }) => {
        navigate(page, page === 'logs' && filter ? paramsFromLogView({ filter, page: 1, perPage: 25 }) : {});
      }),
    [navigate],
  );

  // After navigating, move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    document.title = `${TITLES[route.page]} — Autotask Billing Sync`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('.page-title')?.focus({ preventScroll: false });
  }, [route.page]);

  const sync = useSyncStatus();
  const attention = useAttentionCount(route.page);
  const pageProps = { params: route.params, navigate };
  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            AB
          </span>
          <span className="brand-text">
            <span className="brand-name">Autotask Billing Sync</span>
            <span className="brand-meta">
              {info ? `v${info.version}` : '\u00a0'}
              {info?.demo && <span className="badge badge-blue badge-inline">Demo tenant</span>}
            </span>
          </span>
        </div>
        <nav aria-label="Main">
          {NAV.map((g) => (
            <div key={g.group} className="nav-group">
              <div className="nav-group-label">{g.group}</div>
              <ul>
                {g.items.map((item) => (
                  <li key={item.page}>
                    <NavLink item={item} current={route.page === item.page} count={item.page === 'attention' ? attention : null} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <NavSyncIndicator progress={sync.progress} />
        {/* The one polite live region for syncs, on every page: start, milestones, waits, outcome. */}
        <p className="sr-only" role="status" aria-live="polite" data-testid="sync-announcer">
          {sync.announcement}
        </p>
      </aside>
      <main id="main-content" ref={mainRef} tabIndex={-1} className="main">
        {error ? (
          // Nothing on any page can load without the core: say so once, not once per panel.
          <div className="page page-narrow">
            <h1 className="page-title" tabIndex={-1}>
              The app cannot reach its core
            </h1>
            <Notice tone="error">{error}</Notice>
          </div>
        ) : (
          <Page route={route} info={info} pageProps={pageProps} />
        )}
      </main>
    </div>
  );
}

/**
 * A navigation link. "Needs attention" carries its open count as words, "Needs attention 3 open" (the
 * badge shows the number, "open" is for screen readers), so it is never a colour or a bare dot only.
 */
function NavLink({ item, current, count }: { item: (typeof NAV)[number]['items'][number]; current: boolean; count: ReturnType<typeof useAttentionCount> }) {
  const open = count && count.total > 0 ? formatCount(count.total) : null;
  // With a short label (narrow windows) the name is set whole; it contains what is shown at every width.
  const name = item.short ? [item.label, open && `${open} open`].filter(Boolean).join(' ') : undefined;
  return (
    <a href={`#/${item.page}`} className="nav-link" aria-current={current ? 'page' : undefined} aria-label={name} data-testid={`nav-${item.page}`}>
      <span className={item.short ? 'nav-long' : undefined}>{item.label}</span>
      {item.short && (
        <span className="nav-short" aria-hidden="true">
          {item.short}
        </span>
      )}
      {open && (
        <>
          {' '}
          <span className="nav-count">{open}</span>
          <span className="sr-only"> open</span>
        </>
      )}
    </a>
  );
}

/** A compact "sync running" line under the navigation, on every page; a link to the dashboard's strip. */
function NavSyncIndicator({ progress }: { progress: ReturnType<typeof useSyncStatus>['progress'] }) {
  const now = useNow(1000);
  if (!progress) return null;
  const pct = progressPercent(progress.done, progress.total);
  const left = estimateText(estimateRemaining(progress.done, progress.total, now.getTime() - Date.parse(progress.phaseStartedAt ?? progress.startedAt)));
  return (
    <a href="#/dashboard" className="nav-sync" data-testid="nav-sync-indicator">
      <span className="nav-sync-dot" aria-hidden="true" />
      <span className="nav-sync-text">
        <strong>
          {progress.cancelling ? 'Cancelling' : 'Syncing'} {RUN_TYPE_LABEL[progress.type].toLowerCase()}
        </strong>
        <span className="nav-sync-meta">
          {pct !== null ? `${pct} %` : `${formatCount(progress.done)} read`} · {formatElapsed(now.getTime() - Date.parse(progress.startedAt))}
          {left && ` · ${left}`}
        </span>
        {/* The figure above is what a screen reader hears; the bar only shows it. */}
        <span className={`progress nav-sync-progress${pct === null ? ' is-indeterminate' : ''}`} aria-hidden="true" data-testid="nav-sync-bar">
          <span className="progress-bar" style={{ width: pct === null ? undefined : `${pct}%` }} />
        </span>
      </span>
    </a>
  );
}

function Page({ route, info, pageProps }: { route: ReturnType<typeof useRoute>[0]; info: AppInfo | null; pageProps: PageProps }) {
  return (
    <>
      {route.page === 'dashboard' && <DashboardPage info={info} />}
      {route.page === 'attention' && <AttentionPage />}
      {route.page === 'excluded' && <ExcludedPage />}
      {route.page === 'billing' && <BillingPage {...pageProps} />}
      {route.page === 'logs' && <LogsPage {...pageProps} />}
      {route.page === 'statistics' && <StatisticsPage {...pageProps} />}
      {route.page === 'config' && <ConfigPage info={info} />}
      {route.page === 'customers' && <CustomersPage key="customers" {...pageProps} />}
      {route.page === 'services' && <ServicesPage key="services" {...pageProps} />}
      {route.page === 'items' && <ItemsPage key="items" {...pageProps} />}
    </>
  );
}
