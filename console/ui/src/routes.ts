/** The console's few client-side routes, kept in the address bar so a link can be shared. */
import { useEffect, useState } from 'react';

export type Route = { page: 'fleet' } | { page: 'alerts' } | { page: 'commands' } | { page: 'rollouts' } | { page: 'people' } | { page: 'reports' } | { page: 'terminal'; id: string };

export function parseRoute(pathname: string): Route {
  const terminal = /^\/terminals\/([A-Za-z0-9_-]{1,64})$/.exec(pathname);
  if (terminal?.[1]) return { page: 'terminal', id: terminal[1] };
  if (pathname === '/alerts') return { page: 'alerts' };
  if (pathname === '/commands') return { page: 'commands' };
  if (pathname === '/rollouts') return { page: 'rollouts' };
  if (pathname === '/people') return { page: 'people' };
  if (pathname === '/reports') return { page: 'reports' };
  return { page: 'fleet' };
}

export function hrefOf(route: Route): string {
  if (route.page === 'terminal') return `/terminals/${route.id}`;
  return route.page === 'fleet' ? '/' : `/${route.page}`;
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: Route) => {
    history.pushState(null, '', hrefOf(next));
    setRoute(next);
  };
  return [route, go];
}

/** Calls load now and every intervalMs while mounted; the latest answer or error wins. */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (d) => {
          if (live) {
            setData(d);
            setError(undefined);
          }
        },
        (e: unknown) => {
          if (live) setError(e instanceof Error ? e.message : String(e));
        },
      );
    void run();
    const timer = setInterval(() => void run(), intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [...deps, tick, intervalMs]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}
