/**
 * Terminal info (service tiles, timeouts, default locale): loaded at start, again on every
 * visit to the home screen, when the core reports a configuration change, and whenever a device
 * or the upstream link changes state: the tiles show a failure before a citizen tries.
 * Not personal data.
 */
import { useCallback, useEffect, useState } from 'react';
import type { KioskApi, TerminalInfo } from '../../../electron/contract/kiosk-api.ts';

const RETRY_MS = 5000;

/** Returns the latest info (null until first loaded) and a function that reloads it. */
export function useTerminalInfo(api: KioskApi): [TerminalInfo | null, () => void] {
  const [info, setInfo] = useState<TerminalInfo | null>(null);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => api.on('configChanged', refresh), [api, refresh]);
  useEffect(() => api.on('networkState', refresh), [api, refresh]);
  useEffect(() => api.on('deviceStatus', refresh), [api, refresh]);

  useEffect(() => {
    let live = true;
    let retry: number | undefined;
    const load = (): void => {
      api.getTerminalInfo({}).then(
        (value) => {
          if (live) setInfo(value);
        },
        () => {
          if (live) retry = window.setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      live = false;
      window.clearTimeout(retry);
    };
  }, [api, generation]);

  return [info, refresh];
}
