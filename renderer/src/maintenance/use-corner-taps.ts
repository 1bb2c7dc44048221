/**
 * Reports taps in the corner hot zones (80×80 px) to the core, which recognises the configured
 * sequence. One capture listener on the document: the zones work on every screen, over modals
 * too, and never swallow a tap meant for a button that happens to sit in a corner.
 */
import { useEffect, useRef } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { cornerAt, tapToReport } from './corner-zones.ts';

export function useCornerTaps(api: KioskApi, enabled: boolean, onUnlock: () => void): void {
  const onUnlockRef = useRef(onUnlock);
  onUnlockRef.current = onUnlock;
  useEffect(() => {
    if (!enabled) return undefined;
    let lastWasCorner = false;
    const onPointerDown = (event: PointerEvent) => {
      if (!event.isPrimary) return;
      const corner = cornerAt(event.clientX, event.clientY, window.innerWidth, window.innerHeight);
      const { report } = tapToReport(corner, lastWasCorner);
      lastWasCorner = corner !== null;
      if (!report) return;
      api
        .staffCornerTap({ corner })
        .then((result) => {
          if (result.unlocked) onUnlockRef.current();
        })
        .catch(() => undefined);
    };
    document.addEventListener('pointerdown', onPointerDown, { capture: true, passive: true });
    return () => document.removeEventListener('pointerdown', onPointerDown, { capture: true });
  }, [api, enabled]);
}
