/** Listens for keyboard-wedge scans while `active`; see wedge-buffer.ts. */
import { useEffect, useRef } from 'react';
import { createWedgeBuffer } from './wedge-buffer.ts';

export function useWedgeScan(active: boolean, onCode: (code: string) => void): void {
  const handler = useRef(onCode);
  handler.current = onCode;
  useEffect(() => {
    if (!active) return undefined;
    const buffer = createWedgeBuffer();
    const onKey = (event: KeyboardEvent): void => {
      const code = buffer.key(event.key, performance.now());
      if (code !== null) {
        event.preventDefault();
        handler.current(code);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
