import { useEffect, useState } from 'react';

/** Whole seconds left of `seconds`, counted from mount (or from when `restartKey` changes). */
export function useCountdown(seconds: number, restartKey: unknown): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const endsAt = performance.now() + seconds * 1000;
    setLeft(seconds);
    const id = window.setInterval(() => {
      setLeft(Math.max(0, Math.ceil((endsAt - performance.now()) / 1000)));
    }, 250);
    return () => window.clearInterval(id);
  }, [seconds, restartKey]);
  return left;
}
