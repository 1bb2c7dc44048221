/** The terminal's service mode as the citizen screen follows it: asked once, then pushed. */
import { useEffect, useState } from 'react';
import type { KioskApi, ServiceModeView } from '../../../electron/contract/kiosk-api.ts';

export function useServiceMode(api: KioskApi): ServiceModeView | null {
  const [mode, setMode] = useState<ServiceModeView | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('serviceModeChanged', (next) => setMode(next));
    api
      .getServiceMode({})
      // An event that arrived meanwhile is newer than this answer.
      .then((current) => live && setMode((known) => known ?? current))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return mode;
}
