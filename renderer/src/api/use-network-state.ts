/**
 * The terminal's link to the upstream (online / degraded / offline), as the core reports it.
 * Not personal. Shown discreetly: a citizen who submits while offline should know it is kept.
 */
import { useEffect, useState } from 'react';
import type { KioskApi, NetworkStateView } from '../../../electron/contract/kiosk-api.ts';

export function useNetworkState(api: KioskApi): NetworkStateView | null {
  const [view, setView] = useState<NetworkStateView | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('networkState', (next) => setView(next));
    api.getNetworkState({}).then(
      (first) => {
        // An event that arrived meanwhile is newer than this answer.
        if (live) setView((current) => current ?? first);
      },
      () => {},
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return view;
}
