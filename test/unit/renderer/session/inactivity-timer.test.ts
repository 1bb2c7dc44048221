import { describe, expect, it } from 'vitest';
import { createInactivityTimer, type InactivityState } from '../../../../renderer/src/session/inactivity-timer.ts';
import { createFakeClock } from '../../../support/fake-clock.ts';

function setup(inactivitySeconds = 60, warningSeconds = 15) {
  const clock = createFakeClock(1_000_000);
  const changes: InactivityState[] = [];
  let expired = 0;
  const timer = createInactivityTimer({
    inactivitySeconds,
    warningSeconds,
    clock,
    onChange: (state) => changes.push(state),
    onExpire: () => {
      expired++;
    },
  });
  const countdown = () => changes.filter((s) => s.phase === 'warning').map((s) => (s.phase === 'warning' ? s.secondsLeft : -1));
  return { clock, timer, changes, countdown, expired: () => expired };
}

describe('inactivity timer', () => {
  it('does nothing until started', () => {
    const { clock, timer, expired } = setup();
    clock.advance(600_000);
    expect(timer.state).toEqual({ phase: 'stopped' });
    expect(expired()).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('warns after inactivitySeconds, counts every second down and expires once at zero', () => {
    const { clock, timer, countdown, expired } = setup(60, 15);
    timer.start();
    clock.advance(59_999);
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(1);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 15 });
    clock.advance(14_999);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 1 });
    expect(expired()).toBe(0);
    clock.advance(1);
    expect(timer.state).toEqual({ phase: 'expired' });
    expect(countdown()).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(expired()).toBe(1);
    clock.advance(600_000);
    expect(expired()).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('postpones the warning on activity without setting a timer per touch', () => {
    const { clock, timer } = setup(60, 15);
    timer.start();
    const before = clock.scheduled;
    clock.advance(40_000);
    for (let i = 0; i < 500; i++) timer.activity(); // a burst of touches at t=40 s
    expect(clock.scheduled).toBe(before);
    clock.advance(20_000); // t=60 s: the original timer fires, sees the touch and re-arms
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(39_999);
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(1); // t=100 s = last touch + 60 s
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 15 });
  });

  it('ignores stray touches during the warning: only Continue clears it', () => {
    const { clock, timer, expired } = setup(60, 15);
    timer.start();
    clock.advance(65_000);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 10 });
    timer.activity();
    clock.advance(1000);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 9 });
    timer.continue();
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(59_999);
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(1);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 15 });
    expect(expired()).toBe(0);
  });

  it('derives the countdown from time, so late timers cannot stretch the session', () => {
    const { clock, timer, expired } = setup(60, 15);
    timer.start();
    clock.jump(70_000); // the page was busy: the inactivity timer fires 10 s late
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 5 });
    clock.jump(5_500);
    expect(timer.state).toEqual({ phase: 'expired' });
    expect(expired()).toBe(1);
  });

  it('expires straight away when a late timer finds the warning already over', () => {
    const { clock, timer, changes, expired } = setup(60, 15);
    timer.start();
    clock.jump(120_000);
    expect(timer.state).toEqual({ phase: 'expired' });
    expect(changes.some((s) => s.phase === 'warning')).toBe(false);
    expect(expired()).toBe(1);
  });

  it('stop cancels a running warning and leaves no timer behind', () => {
    const { clock, timer, expired } = setup(60, 15);
    timer.start();
    clock.advance(62_000);
    timer.stop();
    expect(timer.state).toEqual({ phase: 'stopped' });
    expect(clock.pending).toBe(0);
    clock.advance(600_000);
    expect(expired()).toBe(0);
  });

  it('does not warn while paused, and resuming counts as activity', () => {
    const { clock, timer } = setup(60, 15);
    timer.start();
    clock.advance(50_000);
    timer.pause();
    clock.advance(300_000); // a slow upstream query
    expect(timer.state).toEqual({ phase: 'paused' });
    timer.resume();
    clock.advance(59_999);
    expect(timer.state).toEqual({ phase: 'watching' });
    clock.advance(1);
    expect(timer.state.phase).toBe('warning');
  });

  it('with warningSeconds 0 expires at the inactivity limit without a countdown', () => {
    const { clock, timer, changes, expired } = setup(30, 0);
    timer.start();
    clock.advance(30_000);
    expect(timer.state).toEqual({ phase: 'expired' });
    expect(changes.some((s) => s.phase === 'warning')).toBe(false);
    expect(expired()).toBe(1);
  });

  it('can be started again for the next session after expiring', () => {
    const { clock, timer, expired } = setup(10, 5);
    timer.start();
    clock.advance(15_000);
    expect(expired()).toBe(1);
    timer.continue(); // a late tap on Continue after expiry changes nothing
    expect(timer.state).toEqual({ phase: 'expired' });
    timer.start();
    clock.advance(10_000);
    expect(timer.state).toEqual({ phase: 'warning', secondsLeft: 5 });
  });
});
