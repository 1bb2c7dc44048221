/**
 * The wall clock for screens that show it: re-renders once a minute, on the minute (the attract
 * screen shows hours and minutes), so an idle terminal does not render every second all night.
 */
import { useEffect, useState } from 'react';

const MINUTE_MS = 60_000;

export function useClock(now: () => number = Date.now): Date {
  const [time, setTime] = useState(() => new Date(now()));
  useEffect(() => {
    let id = 0;
    const arm = (): void => {
      const at = now();
      // A few ms past the minute: a timer that fires a hair early still lands in the new minute.
      id = window.setTimeout(
        () => {
          setTime(new Date(now()));
          arm();
        },
        MINUTE_MS - (at % MINUTE_MS) + 20,
      );
    };
    arm();
    return () => window.clearTimeout(id);
  }, [now]);
  return time;
}
