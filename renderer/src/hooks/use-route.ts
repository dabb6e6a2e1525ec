import { useCallback, useEffect, useState } from 'react';
import { formatHash, parseHash, type PageName, type Route, type RouteParams } from '../lib/route';

/** The current hash route, and a navigate() that pushes a history entry (so Back works). */
export function useRoute(): [Route, (page: PageName, params?: RouteParams) => void] {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((page: PageName, params: RouteParams = {}) => {
    const next = formatHash(page, params);
    if (window.location.hash === next) setRoute(parseHash(next));
    else window.location.hash = next;
  }, []);
  return [route, navigate];
}
