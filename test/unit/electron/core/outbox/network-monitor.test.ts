import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkMonitor, type CallOutcome, type NetworkSnapshot } from '../../../../../electron/core/outbox/network-monitor.ts';

class ProbeError extends Error {
  constructor(readonly outcome: CallOutcome) {
    super(outcome);
  }
}

function setUp(offlineAfter = 3) {
  let answer: CallOutcome = 'ok';
  let probes = 0;
  const changes: NetworkSnapshot[] = [];
  const monitor = new NetworkMonitor({
    probe: async () => {
      probes += 1;
      if (answer !== 'ok') throw new ProbeError(answer);
    },
    classify: (error) => (error as ProbeError).outcome,
    onlineProbeMs: 30_000,
    offlineProbeMs: 5_000,
    offlineAfter,
    minProbeGapMs: 1000,
  });
  monitor.on('change', (change) => changes.push(change));
  return {
    monitor,
    changes,
    states: () => changes.map((c) => c.state),
    probes: () => probes,
    answer: (next: CallOutcome) => {
      answer = next;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-10T00:00:00Z') });
});
afterEach(() => vi.useRealTimers());

describe('NetworkMonitor', () => {
  it('starts offline and goes online after the first successful probe', async () => {
    const t = setUp();
    expect(t.monitor.state).toBe('offline');
    t.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.monitor.state).toBe('online');
    expect(t.changes[0]).toMatchObject({ state: 'online', previous: 'offline', changedAt: '2025-03-10T00:00:00.000Z' });
    t.monitor.stop();
  });

  it('degrades on the first unreachable call and goes offline after three in a row', () => {
    const t = setUp();
    t.monitor.report('ok');
    t.monitor.report('unreachable');
    t.monitor.report('unreachable');
    expect(t.monitor.state).toBe('degraded');
    t.monitor.report('unreachable');
    expect(t.monitor.state).toBe('offline');
    t.monitor.report('unreachable');
    expect(t.states()).toEqual(['online', 'degraded', 'offline']);
  });

  it('an error answer (5xx) is degraded, never offline: the upstream is there', () => {
    const t = setUp();
    t.monitor.report('ok');
    for (let i = 0; i < 10; i += 1) t.monitor.report('error');
    expect(t.monitor.state).toBe('degraded');
    t.monitor.report('unreachable');
    t.monitor.report('error');
    t.monitor.report('unreachable');
    t.monitor.report('unreachable');
    expect(t.monitor.state).toBe('degraded');
    t.monitor.report('ok');
    expect(t.states()).toEqual(['online', 'degraded', 'online']);
  });

  it('probes every 30 s while online and every 5 s otherwise, and notices the return', async () => {
    const t = setUp(1);
    t.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(t.probes()).toBe(1);
    t.answer('unreachable');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.probes()).toBe(2);
    expect(t.monitor.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.probes()).toBe(3);
    t.answer('ok');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.monitor.state).toBe('online');
    expect(t.states()).toEqual(['online', 'offline', 'online']);
    t.monitor.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.probes()).toBe(4);
  });

  it('probeSoon() asks at most once per gap and never while a probe runs', async () => {
    const t = setUp();
    t.monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    t.monitor.probeSoon();
    t.monitor.probeSoon();
    expect(t.probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    t.monitor.probeSoon();
    t.monitor.probeSoon();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.probes()).toBe(2);
    t.monitor.stop();
  });
});

describe('NetworkMonitor before its first answer', () => {
  it('has heard nothing at start, and tells listeners once the first answer confirms offline', () => {
    const { monitor, changes } = setUp();
    expect(monitor.heard).toBe(false);
    expect(monitor.state).toBe('offline');
    monitor.report('unreachable');
    expect(monitor.heard).toBe(true);
    expect(monitor.state).toBe('offline');
    expect(changes.map((c) => c.state)).toEqual(['offline']);
    monitor.report('unreachable');
    expect(changes).toHaveLength(1);
  });

  it('reports the first answer as a change when it moves the state', () => {
    const { monitor, states } = setUp();
    monitor.report('ok');
    expect(monitor.heard).toBe(true);
    expect(states()).toEqual(['online']);
  });
});
