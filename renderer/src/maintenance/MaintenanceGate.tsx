/**
 * The maintenance mode's one hook into the citizen UI: listens for the corner taps on every
 * screen, shows the maintenance mode full screen once the core recognises the sequence, and the
 * out-of-service notice while the terminal is out of service. Both cover the citizen UI.
 */
import { lazy, Suspense, useCallback, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { useCornerTaps } from './use-corner-taps.ts';
import { useServiceMode } from './use-service-mode.ts';

// Staff screens, their strings and styles are a chunk of their own: citizens never pay for them
// in the home screen's start-up (the gate itself is only the corner listener and the mode poll).
const MaintenanceMode = lazy(() => import('./MaintenanceMode.tsx').then((m) => ({ default: m.MaintenanceMode })));
const OutOfServiceScreen = lazy(() => import('./OutOfServiceScreen.tsx').then((m) => ({ default: m.OutOfServiceScreen })));

/** Covers the citizen UI while a chunk loads, so nothing underneath can be touched meanwhile. */
const COVER: CSSProperties = { position: 'fixed', inset: 0, zIndex: 1000, background: '#fff' };

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
  return content === null ? null : createPortal(<Suspense fallback={<div style={COVER} data-testid="maintenance-loading" />}>{content}</Suspense>, document.body);
}
