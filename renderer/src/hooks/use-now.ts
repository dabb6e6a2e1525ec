import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`, so "5 minutes ago" keeps itself true without a reload. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
