import type { RunSummary, SyncProgress } from '../../../../shared/domain';
import { formatCount, RUN_STATUS_LABEL, RUN_TYPE_LABEL } from '../../lib/format';
import { StatusBadge } from '../../components/StatusBadge';
import { useEffect, useRef, useState } from 'react';
import { call } from '../../api';
import { useNow } from '../../hooks/use-now';
import { errorMessage } from '../../lib/format';
import { formatElapsed, retryInSeconds } from '../../lib/sync-announcer';
import { estimateRemaining, estimateText, progressPercent } from '../../lib/sync-estimate';

function countsText(c: { create: number; update: number; unchanged: number; skip: number; error: number; warning: number }): string {
  return [
    `${formatCount(c.create)} created`,
    `${formatCount(c.update)} updated`,
    `${formatCount(c.unchanged)} unchanged`,
    `${formatCount(c.skip)} skipped`,
    `${formatCount(c.warning)} warnings`,
    `${formatCount(c.error)} errors`,
  ].join(' · ');
}

/**
 * Live progress of the running sync (pushed `sync:progress` events), or the outcome of the one that just
 * finished. The strip is always there, so the page below does not move when a sync starts or ends.
 */
export function SyncStatusStrip({ progress, finished, scheduleText }: { progress: SyncProgress | null; finished: RunSummary | null; scheduleText: string }) {
  // When the run ends while the focus is in the progress strip (on Cancel), the strip is replaced: move
  // the focus to the outcome that replaces it rather than let it fall to the page body.
  const focusInside = useRef(false);
  const finishedRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!progress && finished && focusInside.current) {
      focusInside.current = false;
      finishedRef.current?.focus();
    }
  }, [progress, finished]);
  if (progress) {
    const pct = progressPercent(progress.done, progress.total);
    const label = `${RUN_TYPE_LABEL[progress.type]} sync in progress`;
    return (
      <section
        className="panel status-strip is-running"
        aria-label="Sync progress"
        data-testid="sync-progress"
        onFocus={() => (focusInside.current = true)}
        onBlur={(e) => (focusInside.current = e.currentTarget.contains(e.relatedTarget as Node | null))}
      >
        <div className="status-strip-head">
          <strong>{label}</strong>
          <span className="muted">{progress.phase}</span>
          <Elapsed progress={progress} />
          <CancelButton cancelling={progress.cancelling === true} />
          <span className="status-strip-figure num">
            {progress.total !== null ? `${formatCount(progress.done)} of ${formatCount(progress.total)}` : `${formatCount(progress.done)} processed`}
          </span>
        </div>
        <div
          className={`progress${pct === null ? ' is-indeterminate' : ''}`}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={progress.total ?? undefined}
          aria-valuenow={progress.total !== null ? progress.done : undefined}
          aria-valuetext={progress.total !== null ? `${progress.phase}: ${progress.done} of ${progress.total}` : `${progress.phase}: ${progress.done} processed`}
        >
          <div className="progress-bar" style={{ width: pct === null ? undefined : `${pct}%` }} />
        </div>
        {progress.waiting && <Waiting until={progress.waiting.until} reason={progress.waiting.reason} />}
        <div className="status-strip-counts muted">
          {progress.message ? `${progress.message} — ` : ''}
          {countsText(progress.counts)}
        </div>
      </section>
    );
  }
  if (finished) {
    return (
      <section className="panel status-strip" aria-label="Last sync result" data-testid="sync-finished" tabIndex={-1} ref={finishedRef}>
        <div className="status-strip-head">
          <StatusBadge status={finished.status} label={RUN_STATUS_LABEL[finished.status]} />
          <strong>{RUN_TYPE_LABEL[finished.type]} sync finished</strong>
          {finished.message && <span className="muted">{finished.message}</span>}
        </div>
        <div className="status-strip-counts muted">{countsText(finished.counts)}</div>
      </section>
    );
  }
  return (
    <section className="panel status-strip is-idle" aria-label="Sync status">
      <div className="status-strip-head">
        <span className="dot" aria-hidden="true" />
        <strong>No sync running</strong>
        <span className="muted">{scheduleText}</span>
      </div>
    </section>
  );
}

function Elapsed({ progress }: { progress: SyncProgress }) {
  const now = useNow(1000).getTime();
  const left = estimateText(estimateRemaining(progress.done, progress.total, now - Date.parse(progress.phaseStartedAt ?? progress.startedAt)));
  return (
    <>
      <span className="muted num" data-testid="sync-elapsed">
        Elapsed {formatElapsed(now - Date.parse(progress.startedAt))}
      </span>
      {left && (
        <span className="muted num" data-testid="sync-estimate">
          {left}
        </span>
      )}
    </>
  );
}

function Waiting({ until, reason }: { until: string; reason: string }) {
  const now = useNow(1000);
  return (
    <p className="status-strip-waiting" data-testid="sync-waiting" title={reason}>
      Waiting for Autotask (retrying in {retryInSeconds(until, now.getTime())} s)
    </p>
  );
}

/**
 * Stops the run after the page it is on. aria-disabled rather than disabled once asked, so the focus
 * stays on the button (issue #16: focus is never lost when a control disables).
 */
function CancelButton({ cancelling }: { cancelling: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const off = cancelling || pending;
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-danger status-strip-cancel"
        aria-disabled={off || undefined}
        onClick={() => {
          if (off) return;
          setPending(true);
          setError(null);
          call('sync:cancel')
            .catch((e: unknown) => setError(errorMessage(e)))
            .finally(() => setPending(false));
        }}
      >
        {off ? 'Cancelling…' : 'Cancel'}
      </button>
      {error && (
        <span className="feedback feedback-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
