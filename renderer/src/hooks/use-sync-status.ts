import { useEffect, useRef, useState } from 'react';
import type { RunSummary, SyncProgress } from '../../../shared/domain';
import { call, subscribe } from '../api';
import { initialAnnouncer, onFinished, onProgress } from '../lib/sync-announcer';

/**
 * The running sync for the whole window (navigation indicator, live region): what `sync:current` says
 * at start, then the pushed `sync:progress` / `sync:finished` events.
 */
export function useSyncStatus(): { progress: SyncProgress | null; finished: RunSummary | null; announcement: string } {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [finished, setFinished] = useState<RunSummary | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const state = useRef(initialAnnouncer);
  useEffect(() => {
    let alive = true;
    const progressed = (p: SyncProgress) => {
      const r = onProgress(state.current, p);
      state.current = r.state;
      if (r.say) setAnnouncement(r.say);
      setProgress(p);
      setFinished(null);
    };
    void call('sync:current')
      .then((p) => alive && p && progressed(p))
      .catch(() => undefined);
    const offP = subscribe('sync:progress', progressed);
    const offF = subscribe('sync:finished', (run) => {
      const r = onFinished(run);
      state.current = r.state;
      setAnnouncement(r.say);
      setProgress(null);
      setFinished(run);
    });
    return () => {
      alive = false;
      offP();
      offF();
    };
  }, []);
  return { progress, finished, announcement };
}
