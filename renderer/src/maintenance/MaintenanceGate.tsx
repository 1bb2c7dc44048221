/**
 * The maintenance mode's one hook into the citizen UI: listens for the corner taps on every
 * screen, shows the maintenance mode full screen once the core recognises the sequence, and the
 * out-of-service notice while the terminal is out of service. Both cover the citizen UI.
 */
import { useCallback, useState } from 'react';
import { createPortal } from 'react-dom';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { MaintenanceMode } from './MaintenanceMode.tsx';
import { OutOfServiceScreen } from './OutOfServiceScreen.tsx';
import { useCornerTaps } from './use-corner-taps.ts';
import { useServiceMode } from './use-service-mode.ts';
import './maintenance.css';

export function MaintenanceGate({ api }: { api: KioskApi }) {
  const [open, setOpen] = useState(false);
  const mode = useServiceMode(api);
  const close = useCallback(() => setOpen(false), []);
  useCornerTaps(api, !open, () => setOpen(true));

  const content = open ? (
    <MaintenanceMode api={api} onExit={close} />
  ) : mode?.outOfService ? (
    <OutOfServiceScreen message={mode.message} />
  ) : null;
  return content === null ? null : createPortal(content, document.body);
}
