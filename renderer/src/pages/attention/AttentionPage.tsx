import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AttentionQueue, FlaggedItem } from '../../../../shared/attention';
import { call, subscribe } from '../../api';
import { DataTable } from '../../components/DataTable';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useApiQuery } from '../../hooks/use-api-query';
import { ATTENTION_CHANGED } from '../../hooks/use-attention-count';
import { errorMessage, formatCount } from '../../lib/format';
import { acknowledgedColumns, acknowledgedText, openColumns, runColumns } from './attention-columns';

const shownOf = (shown: number, total: number) => (total > shown ? ` (the latest ${formatCount(shown)} shown)` : '');

/**
 * "Needs attention" (issue #16): items a sync flagged, to acknowledge (kept, with who and when), and
 * failed or partial runs with their reason. A flag raised again after an acknowledgement is open again.
 */
export function AttentionPage() {
  const query = useApiQuery<AttentionQueue>(() => call('attention:get', {}), 'attention');
  const { reload } = query;
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const focusAfter = useAckFocus(query.data);

  useEffect(() => subscribe('sync:finished', () => reload()), [reload]);

  const acknowledge = useCallback(
    async (row: FlaggedItem) => {
      setBusyId(row.itemId);
      try {
        const r = await call('attention:acknowledge', { itemId: row.itemId });
        setNotice({ tone: 'success', text: r.recorded ? acknowledgedText(r.item) : r.message });
        focusAfter(row.itemId);
        window.dispatchEvent(new Event(ATTENTION_CHANGED));
      } catch (e) {
        setNotice({ tone: 'error', text: errorMessage(e) });
      } finally {
        setBusyId(null);
        reload();
      }
    },
    [reload, focusAfter],
  );
  const open = useMemo(() => openColumns((r) => void acknowledge(r), busyId), [acknowledge, busyId]);
  const acked = useMemo(() => acknowledgedColumns(), []);
  const runs = useMemo(() => runColumns(), []);
  const q = query.data;

  return (
    <div className="page">
      <PageHeader title="Needs attention" subtitle="Items Autotask no longer bills as imported, and syncs that failed or finished with errors." />
      {query.error && <Notice tone="error">Could not load the queue: {query.error}</Notice>}
      {notice && (
        <Notice tone={notice.tone} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      )}
      {q && (
        <>
          <section className="panel" aria-labelledby="open-flags-title">
            <h2 id="open-flags-title" className="panel-title" tabIndex={-1}>
              Flagged items to review: {formatCount(q.openTotal)}
              {shownOf(q.open.length, q.openTotal)}
            </h2>
            <p className="muted panel-note">
              A sync flags an imported item when its time entry is un-approved, made non-billable, moved or deleted in Autotask. Acknowledge it once you have dealt with it; if a
              later sync flags it again, it comes back here.
            </p>
            <DataTable
              caption="Flagged items to review"
              columns={open}
              data={q.open}
              getRowId={(r) => String(r.itemId)}
              empty="Nothing to review: no open flags."
              testId="open-flags"
              busy={query.loading}
              className="compact"
            />
          </section>
          <section className="panel" aria-labelledby="runs-title">
            <h2 id="runs-title" className="panel-title">
              Failed and partial runs: {q.runs.length === 0 ? 'none' : `${formatCount(q.unresolvedRuns)} not followed by a successful run`}
            </h2>
            <DataTable caption="Failed and partial runs" columns={runs} data={q.runs} getRowId={(r) => String(r.runId)} empty="No sync has failed." testId="failing-runs" />
          </section>
          <section className="panel" aria-labelledby="acked-title">
            <h2 id="acked-title" className="panel-title" tabIndex={-1}>
              Acknowledged: {formatCount(q.acknowledgedTotal)}
              {shownOf(q.acknowledged.length, q.acknowledgedTotal)}
            </h2>
            <DataTable
              caption="Acknowledged flagged items"
              columns={acked}
              data={q.acknowledged}
              getRowId={(r) => String(r.itemId)}
              empty="Nothing acknowledged yet."
              testId="acked-flags"
              className="compact"
            />
          </section>
        </>
      )}
      {!q && !query.error && <div aria-busy="true" aria-label="Loading the queue" className="card skeleton" />}
    </div>
  );
}

/**
 * After an acknowledgement the row (and its focused button) leaves the list: focus the next row's button,
 * else the previous one's, else the list's heading, once the reloaded list is on screen.
 */
function useAckFocus(data: AttentionQueue | null): (itemId: number) => void {
  const pending = useRef<{ index: number } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (!p || !data) return;
    pending.current = null;
    const buttons = [...document.querySelectorAll<HTMLElement>('[data-ack-item]')];
    (buttons[p.index] ?? buttons[p.index - 1] ?? document.getElementById('open-flags-title'))?.focus();
  }, [data]);
  return useCallback((itemId: number) => {
    const buttons = [...document.querySelectorAll<HTMLElement>('[data-ack-item]')];
    pending.current = {
      index: Math.max(
        0,
        buttons.findIndex((b) => b.dataset.ackItem === String(itemId)),
      ),
    };
  }, []);
}
