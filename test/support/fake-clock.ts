/**
 * A manual clock for the renderer's timer logic: `advance` moves time in order through due
 * timers; `jump` moves time first and fires what is due afterwards, late, the way a busy or
 * throttled page (or Playwright's clock.fastForward) delivers timers.
 */
export interface FakeClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  advance(ms: number): void;
  jump(ms: number): void;
  readonly pending: number;
  readonly scheduled: number;
}

export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let nextHandle = 1;
  let scheduled = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const nextDue = (limit: number): [number, { at: number; callback: () => void }] | undefined => {
    let best: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].at > limit) continue;
      if (best === undefined || entry[1].at < best[1].at) best = entry;
    }
    return best;
  };

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = nextHandle++;
      scheduled++;
      timers.set(handle, { at: now + Math.max(0, ms), callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (let due = nextDue(end); due !== undefined; due = nextDue(end)) {
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = end;
    },
    jump(ms) {
      now += ms;
      // Each timer that was due fires once, late; timers they schedule for "now" fire too.
      for (let due = nextDue(now); due !== undefined; due = nextDue(now)) {
        timers.delete(due[0]);
        due[1].callback();
      }
    },
    get pending() {
      return timers.size;
    },
    get scheduled() {
      return scheduled;
    },
  };
}
