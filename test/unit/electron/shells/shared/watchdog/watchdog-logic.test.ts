import { describe, expect, it } from 'vitest';
import { msUntilDailyRestart, nextDailyRestart } from '../../../../../../electron/shells/shared/watchdog/daily-restart.ts';
import { outOfServicePage } from '../../../../../../electron/shells/shared/watchdog/out-of-service-page.ts';
import {
  DEFAULT_RENDERER_POLICY,
  initialRendererState,
  stepRendererWatchdog,
  type RendererEvent,
  type RendererWatchdogState,
} from '../../../../../../electron/shells/shared/watchdog/renderer-watchdog.ts';
import { RestartBrake, brakePolicyFrom, mayRestart } from '../../../../../../electron/shells/shared/watchdog/restart-brake.ts';

const MIN = 60_000;

describe('restart brake', () => {
  it('allows max restarts per sliding window, then refuses until the oldest ages out', () => {
    const brake = new RestartBrake({ maxRestarts: 3, windowMs: 10 * MIN });
    expect([0, MIN, 2 * MIN].map((t) => brake.tryRestart(t))).toEqual([true, true, true]);
    expect(brake.tryRestart(3 * MIN)).toBe(false);
    expect(brake.count(3 * MIN)).toBe(3);
    expect(brake.tryRestart(10 * MIN)).toBe(true);
    expect(brake.tryRestart(10 * MIN + 1)).toBe(false);
    brake.reset();
    expect(brake.tryRestart(10 * MIN + 2)).toBe(true);
  });

  it('reads its policy from the watchdog config', () => {
    const policy = brakePolicyFrom({ maxRestarts: 3, restartWindowMinutes: 10 });
    expect(policy).toEqual({ maxRestarts: 3, windowMs: 600_000 });
    expect(mayRestart([0, 1, 2], policy, 3)).toBe(false);
  });
});

describe('daily restart', () => {
  it('is the next local quiet hour, strictly in the future', () => {
    expect(nextDailyRestart(new Date(2025, 2, 1, 1, 30), 3)).toEqual(new Date(2025, 2, 1, 3, 0));
    expect(nextDailyRestart(new Date(2025, 2, 1, 3, 0), 3)).toEqual(new Date(2025, 2, 2, 3, 0));
    expect(nextDailyRestart(new Date(2025, 2, 1, 22, 0), 3)).toEqual(new Date(2025, 2, 2, 3, 0));
    expect(nextDailyRestart(new Date(2025, 11, 31, 23, 59), 0)).toEqual(new Date(2026, 0, 1, 0, 0));
    expect(msUntilDailyRestart(new Date(2025, 2, 1, 2, 59, 59), 3)).toBe(1000);
  });

  it('refuses an hour that does not exist', () => {
    expect(() => nextDailyRestart(new Date(), 24)).toThrow(RangeError);
    expect(() => nextDailyRestart(new Date(), 2.5)).toThrow(RangeError);
  });
});

describe('renderer watchdog', () => {
  const policy = { ...DEFAULT_RENDERER_POLICY, maxMissedPings: 3, loadGraceMs: 10_000, unresponsiveGraceMs: 15_000 };

  function run(events: RendererEvent[], start: RendererWatchdogState = initialRendererState(0)) {
    let state = start;
    const actions: string[] = [];
    for (const event of events) {
      const step = stepRendererWatchdog(state, event, policy);
      state = step.state;
      if (step.action.kind !== 'none') actions.push(step.action.kind);
    }
    return { state, actions };
  }

  const healthyAt = (at: number): RendererEvent => ({ type: 'ping-answered', rendered: true, at });

  it('reports the first healthy answer once (boot guard), then stays quiet', () => {
    const { state, actions } = run([healthyAt(1000), healthyAt(6000)]);
    expect(actions).toEqual(['became-healthy']);
    expect(state.health).toBe('healthy');
  });

  it('a crashed renderer process is reloaded', () => {
    const { state, actions } = run([healthyAt(1000), { type: 'render-process-gone', reason: 'crashed', at: 2000 }]);
    expect(actions).toEqual(['became-healthy', 'reload']);
    expect(state.health).toBe('recovering');
  });

  it('a hung page (alive but not answering) is killed and reloaded after the missed pings', () => {
    const { actions } = run([
      healthyAt(1000),
      { type: 'ping-failed', at: 6000 },
      { type: 'ping-failed', at: 11_000 },
      { type: 'ping-failed', at: 16_000 },
    ]);
    expect(actions).toEqual(['became-healthy', 'kill-and-reload']);
  });

  it('a white screen (page answers, app not rendered) counts as a missed ping', () => {
    const { actions } = run([
      healthyAt(1000),
      ...[6000, 11_000, 16_000].map((at) => ({ type: 'ping-answered', rendered: false, at }) as RendererEvent),
    ]);
    expect(actions).toEqual(['became-healthy', 'kill-and-reload']);
  });

  it('one answered ping clears earlier misses', () => {
    const { actions } = run([
      healthyAt(1000),
      { type: 'ping-failed', at: 6000 },
      { type: 'ping-failed', at: 11_000 },
      healthyAt(16_000),
      { type: 'ping-failed', at: 21_000 },
      { type: 'ping-failed', at: 26_000 },
    ]);
    expect(actions).toEqual(['became-healthy']);
  });

  it('Chromium "unresponsive" leads to a restart only after the grace period, unless it recovers', () => {
    expect(run([healthyAt(1000), { type: 'unresponsive', at: 2000 }, { type: 'tick', at: 10_000 }, { type: 'responsive', at: 12_000 }, { type: 'tick', at: 30_000 }]).actions).toEqual([
      'became-healthy',
    ]);
    expect(run([healthyAt(1000), { type: 'unresponsive', at: 2000 }, { type: 'tick', at: 17_000 }]).actions).toEqual(['became-healthy', 'kill-and-reload']);
  });

  it('a page still loading after a restart gets its grace period', () => {
    const { actions } = run([
      { type: 'ping-failed', at: 2000 },
      { type: 'ping-failed', at: 4000 },
      { type: 'ping-failed', at: 6000 },
      { type: 'ping-failed', at: 8000 },
    ]);
    expect(actions).toEqual([]);
  });

  it('a renderer that keeps hanging hits the brake and shows the out-of-service page, then retries after the cool-down', () => {
    const hang = (t: number): RendererEvent[] => [{ type: 'ping-failed', at: t }, { type: 'ping-failed', at: t + 5000 }, { type: 'ping-failed', at: t + 10_000 }];
    const { state, actions } = run([healthyAt(1000), ...hang(20_000), ...hang(60_000), ...hang(100_000), ...hang(140_000), { type: 'render-process-gone', reason: 'crashed', at: 160_000 }]);
    expect(actions).toEqual(['became-healthy', 'kill-and-reload', 'kill-and-reload', 'kill-and-reload', 'show-out-of-service']);
    expect(state.health).toBe('out-of-service');

    const later = run([{ type: 'tick', at: 150_000 + policy.outOfServiceRetryMs - 1 }], state);
    expect(later.actions).toEqual([]);
    const retry = run([{ type: 'tick', at: 150_000 + policy.outOfServiceRetryMs }], state);
    expect(retry.actions).toEqual(['reload']);
    expect(retry.state).toMatchObject({ health: 'recovering', restarts: [] });
  });

  it('restarts spread out over time never engage the brake', () => {
    const events: RendererEvent[] = [healthyAt(1000)];
    for (let i = 1; i <= 6; i++) events.push({ type: 'render-process-gone', reason: 'oom', at: i * 4 * MIN }, healthyAt(i * 4 * MIN + 5000));
    expect(run(events).actions.filter((a) => a === 'reload')).toHaveLength(6);
  });
});

describe('out-of-service page', () => {
  it('is static bilingual HTML that escapes the message and refreshes itself', () => {
    const html = outOfServicePage({ 'zh-CN': '维修中 <script>alert(1)</script>', 'en-US': 'Under "repair"' }, 30);
    expect(html).toContain('维修中 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Under &quot;repair&quot;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<meta http-equiv="refresh" content="30">');
  });
});
