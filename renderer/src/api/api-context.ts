/** The page's KioskApi for components outside a service journey (e.g. 好差评 on the credit result). */
import { createContext, useContext } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';

export const ApiContext = createContext<KioskApi | null>(null);

export function useKioskApi(): KioskApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useKioskApi outside <ApiContext.Provider>');
  return api;
}
