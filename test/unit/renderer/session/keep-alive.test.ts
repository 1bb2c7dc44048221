import { describe, expect, it } from 'vitest';
import { createKeepAlive } from '../../../../renderer/src/session/keep-alive.ts';

describe('session keep-alive', () => {
  it('tells the core at most once per interval while the citizen is active', () => {
    let now = 0;
    let sent = 0;
    const keepAlive = createKeepAlive({ minIntervalMs: 30_000, now: () => now, send: () => sent++ });
    for (now = 0; now < 29_000; now += 1000) keepAlive.activity();
    expect(sent).toBe(0);
    now = 30_000;
    keepAlive.activity();
    keepAlive.activity();
    expect(sent).toBe(1);
    for (now = 30_000; now <= 95_000; now += 500) keepAlive.activity();
    expect(sent).toBe(3); // at 30 s, 60 s and 90 s
  });

  it('restarts the interval when something else reached the core', () => {
    let now = 0;
    let sent = 0;
    const keepAlive = createKeepAlive({ minIntervalMs: 10_000, now: () => now, send: () => sent++ });
    now = 9_000;
    keepAlive.sentNow();
    now = 12_000;
    keepAlive.activity();
    expect(sent).toBe(0);
    now = 19_000;
    keepAlive.activity();
    expect(sent).toBe(1);
  });
});
