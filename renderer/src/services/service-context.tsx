/**
 * What a service journey gets from the shell: the API, the terminal's timeouts, and the ways out
 * (home, finish, switch to another service, a lost session). A service never ends the session or
 * wipes anything itself: leaving its screen unmounts it, and its state (with any personal data)
 * goes with it.
 */
import { createContext, useContext, useEffect } from 'react';
import type { KioskApi, TerminalInfo } from '../../../electron/contract/kiosk-api.ts';
import type { KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';

export interface ServiceContextValue {
  api: KioskApi;
  serviceId: string;
  timeouts: TerminalInfo['timeouts'];
  /** Tiles of the terminal (availability of the services a guide may start). */
  services: TerminalInfo['services'];
  home(): void;
  /** The citizen is done: end the session (the shell shows "done" and wipes). */
  finish(): void;
  switchService(serviceId: string): void;
  /** The core's session is gone (NO_SESSION): the shell wipes and restarts. */
  sessionLost(code: KioskErrorCode): void;
  /** True while the citizen waits on the terminal: the inactivity warning holds off. */
  setWaiting(waiting: boolean): void;
  /** The service's current screen, for the call-staff request and the read-aloud button. */
  setScreen(screen: string): void;
}

export const ServiceContext = createContext<ServiceContextValue | null>(null);

export function useService(): ServiceContextValue {
  const value = useContext(ServiceContext);
  if (value === null) throw new Error('useService outside a service journey');
  return value;
}

/**
 * A journey tells the shell which of its screens shows (call staff, read aloud) and whether the
 * citizen is waiting on the terminal (no inactivity warning meanwhile), whenever either changes.
 */
export function useServiceScreen(screen: string, waiting: boolean): void {
  const { setScreen, setWaiting } = useService();
  useEffect(() => {
    setScreen(screen);
    setWaiting(waiting);
  }, [screen, waiting, setScreen, setWaiting]);
}
