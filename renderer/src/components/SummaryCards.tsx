import type { DashboardData } from '../../../shared/domain';
import { formatCount, formatDateTime, RUN_STATUS_LABEL, RUN_TYPE_LABEL, relativeTime } from '../lib/format';

/** Seed "Sync Status Overview": Last Sync (blue), Total Syncs (gray), Successful (green), Failed (red). */
export function SummaryCards({ data, now }: { data: DashboardData; now: Date }) {
  const last = data.lastRun;
  return (
    <section aria-label="Sync status overview" className="cards">
      <div className="card card-blue">
        <div className="card-label">Last Sync</div>
        <div className="card-value" data-testid="last-sync">
          {data.lastSyncAt ? (
            <time dateTime={data.lastSyncAt} title={formatDateTime(data.lastSyncAt)}>
              {relativeTime(data.lastSyncAt, now)}
            </time>
          ) : (
            'Never'
          )}
        </div>
        <div className="card-foot">{last ? `${RUN_TYPE_LABEL[last.type]} · ${RUN_STATUS_LABEL[last.status]}` : 'No sync has run yet'}</div>
      </div>
      <div className="card card-gray">
        <div className="card-label">Total Syncs</div>
        <div className="card-value" data-testid="total-syncs">
          {formatCount(data.totalSyncs)}
        </div>
        <div className="card-foot">Contract and time entry runs</div>
      </div>
      <div className="card card-green">
        <div className="card-label">Successful</div>
        <div className="card-value" data-testid="successful-syncs">
          {formatCount(data.successful)}
        </div>
        <div className="card-foot">
          <span data-testid="partial-syncs">{formatCount(data.partial)}</span> more with record errors (partial)
          {data.cancelled > 0 && (
            <>
              {' · '}
              <span data-testid="cancelled-syncs">{formatCount(data.cancelled)}</span> cancelled
            </>
          )}
        </div>
      </div>
      <div className="card card-red">
        <div className="card-label">Failed</div>
        <div className="card-value" data-testid="failed-syncs">
          {formatCount(data.failed)}
        </div>
        <div className="card-foot">
          {data.failed > 0 || data.partial > 0 ? (
            // The queue lists every failed and partial run with its reason and a link to its log rows.
            <a href="#/attention" className="card-link" data-testid="failed-card-link">
              See why in Needs attention
            </a>
          ) : (
            'Nothing to look at'
          )}
        </div>
      </div>
    </section>
  );
}
