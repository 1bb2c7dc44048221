import type { KioskApi } from '../../electron/contract/kiosk-api.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in the browser shell. */
    kiosk?: KioskApi;
  }
}
