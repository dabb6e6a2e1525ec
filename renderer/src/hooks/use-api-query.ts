import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/format';

export interface ApiQuery<T> {
  data: T | null;
  /** The key the shown `data` was loaded for (it lags `key` while the next request runs). */
  dataKey: string | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a page. The previous data stays on screen while the next request runs (no flash of an
 * empty table, no layout jump); a response that arrives after a newer request started is dropped.
 */
export function useApiQuery<T>(load: () => Promise<T>, key: string): ApiQuery<T> {
  const [data, setData] = useState<{ value: T; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    loadRef
      .current()
      .then((value) => {
        if (seq.current !== mine) return;
        setData({ value, key });
        setError(null);
      })
      .catch((e: unknown) => {
        if (seq.current !== mine) return;
        setError(errorMessage(e));
      })
      .finally(() => {
        if (seq.current === mine) setLoading(false);
      });
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: data?.value ?? null, dataKey: data?.key ?? null, error, loading, reload };
}
