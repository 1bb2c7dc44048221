/**
 * One device's state as the core reports it (getDeviceStatus, then deviceStatus events), so a
 * button can say why it cannot work before a citizen presses it. null until known. Not personal.
 */
import { useEffect, useState } from 'react';
import type { DeviceKind, DeviceStatus, KioskApi } from '../../../electron/contract/kiosk-api.ts';

export function useDeviceStatus(api: KioskApi, device: DeviceKind): DeviceStatus | null {
  const [status, setStatus] = useState<DeviceStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('deviceStatus', (next) => {
      if (next.device === device) setStatus(next);
    });
    api.getDeviceStatus({}).then(
      (all) => {
        // An event that arrived meanwhile is newer than this answer.
        if (live) setStatus((current) => current ?? all.find((s) => s.device === device) ?? null);
      },
      () => {},
    );
    return () => {
      live = false;
      off();
    };
  }, [api, device]);
  return status;
}

/**
 * Why the printer cannot print now ('paper-out', 'cover-open', 'disconnected'…), or null when it
 * can or its state is not known yet (then printing is tried, and its outcome is shown).
 */
export function printerBlockedReason(status: DeviceStatus | null): string | null {
  if (status === null || status.state === 'ready' || status.state === 'busy') return null;
  for (const flag of ['paper-out', 'cover-open']) if (status.flags.includes(flag)) return flag;
  return status.reason ?? status.state;
}
