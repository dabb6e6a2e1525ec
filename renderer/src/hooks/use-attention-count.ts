import { useEffect, useState } from 'react';
import type { AttentionCount } from '../../../shared/attention';
import { call, subscribe } from '../api';

/** Fired on window by the Needs attention page after an acknowledgement, so the navigation count follows. */
export const ATTENTION_CHANGED = 'attention-changed';

/** The navigation's "Needs attention" count: loaded at start, after every sync and every acknowledgement. */
export function useAttentionCount(refreshKey: string): AttentionCount | null {
  const [count, setCount] = useState<AttentionCount | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    call('attention:count')
      .then((c) => alive && setCount(c))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [tick, refreshKey]);
  useEffect(() => {
    const bump = () => setTick((t) => t + 1);
    window.addEventListener(ATTENTION_CHANGED, bump);
    const off = subscribe('sync:finished', bump);
    return () => {
      window.removeEventListener(ATTENTION_CHANGED, bump);
      off();
    };
  }, []);
  return count;
}
