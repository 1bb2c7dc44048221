/**
 * The PIN pad's answers to a staff card (pin-entry.ts): each outcome and reader failure becomes
 * the notice the screen shows, a card lockout locks the PIN keys too (one shared lockout), and a
 * cancelled wait leaves no notice behind.
 */
import { describe, expect, it } from 'vitest';
import { canSubmit, INITIAL_PIN, pinReducer, type PinAction, type PinState } from '../../../../renderer/src/maintenance/pin-entry.ts';

const run = (actions: PinAction[], from: PinState = INITIAL_PIN) => actions.reduce(pinReducer, from);
const typed = run([...'6024'].map((digit): PinAction => ({ type: 'digit', digit })));

describe('PIN pad: staff card answers', () => {
  it('shows an unregistered card with the attempts left, and forgets half-typed digits', () => {
    expect(run([{ type: 'card-answer', result: { status: 'not-registered', remainingAttempts: 2, retryInSeconds: 1 } }], typed)).toEqual({
      digits: '',
      checking: false,
      notice: { kind: 'card-not-registered', remainingAttempts: 2 },
    });
  });

  it('locks the PIN keys on a card lockout, and counts it down like a PIN lockout', () => {
    const locked = run([{ type: 'card-answer', result: { status: 'locked', retryInSeconds: 2, long: true } }]);
    expect(locked.notice).toEqual({ kind: 'locked', retryInSeconds: 2, long: true });
    expect(canSubmit(run([...'1234'].map((digit): PinAction => ({ type: 'digit', digit })), locked))).toBe(false);
    expect(run([{ type: 'tick' }, { type: 'tick' }], locked).notice).toEqual({ kind: 'none' });
  });

  it('keeps the PIN usable when no card is registered', () => {
    const none = run([{ type: 'card-answer', result: { status: 'no-cards' } }]);
    expect(none.notice).toEqual({ kind: 'no-cards' });
    expect(canSubmit(run([...'602413'].map((digit): PinAction => ({ type: 'digit', digit })), none))).toBe(true);
  });

  it('a recognised card asks for the PIN (two factors): the keys stay usable and the PIN goes to staffLogin', () => {
    const card = run([{ type: 'card-answer', result: { status: 'pin-required', pinSeconds: 60 } }], typed);
    expect(card).toEqual({ digits: '', checking: false, notice: { kind: 'card-pin', seconds: 60 } });
    const withPin = run([...'602413'].map((digit): PinAction => ({ type: 'digit', digit })), card);
    expect(canSubmit(withPin)).toBe(true);
    expect(run([{ type: 'submit' }], withPin).checking).toBe(true);
  });

  it('names the reader failures: timeout, unavailable, unreadable; a cancel leaves no notice; other codes stay codes', () => {
    const failed = (code: string) => run([{ type: 'card-failed', code }], { ...typed, notice: { kind: 'card-timeout' } }).notice;
    expect(failed('CARD_TIMEOUT')).toEqual({ kind: 'card-timeout' });
    expect(failed('DEVICE_UNAVAILABLE')).toEqual({ kind: 'card-unavailable' });
    expect(failed('CARD_INVALID')).toEqual({ kind: 'card-unreadable' });
    expect(failed('CARD_READ_FAILED')).toEqual({ kind: 'card-unreadable' });
    expect(failed('READ_CANCELLED')).toEqual({ kind: 'none' });
    expect(failed('INTERNAL')).toEqual({ kind: 'error', code: 'INTERNAL' });
  });
});
