import { describe, expect, it } from 'vitest';
import { canMove, FINAL_STATES, isFinal, OPEN_STATES, PAYMENT_STATES } from '../../../../../electron/core/payments/payment-state.ts';

describe('payment state machine', () => {
  it('splits every state into open or final', () => {
    expect([...OPEN_STATES, ...FINAL_STATES].sort()).toEqual([...PAYMENT_STATES].sort());
    for (const s of FINAL_STATES) expect(isFinal(s)).toBe(true);
    for (const s of OPEN_STATES) expect(isFinal(s)).toBe(false);
  });

  it('never leaves a final state', () => {
    for (const from of FINAL_STATES) for (const to of PAYMENT_STATES) expect(canMove(from, to)).toBe(false);
  });

  it('follows the channels: paid is only delivered or refunded, unknown is never failed without a query', () => {
    expect(canMove('created', 'awaiting')).toBe(true);
    expect(canMove('awaiting', 'paid')).toBe(true);
    expect(canMove('unknown', 'reversing')).toBe(true);
    expect(canMove('paid', 'failed')).toBe(false);
    expect(canMove('paid', 'closed')).toBe(false);
    expect(canMove('paid', 'delivering')).toBe(true);
    expect(canMove('paid', 'refunding')).toBe(true);
    expect(canMove('delivering', 'refunding')).toBe(true);
    expect(canMove('reversing', 'paid')).toBe(false);
    expect(canMove('reversing', 'reversed')).toBe(true);
    expect(canMove('refunding', 'refunded')).toBe(true);
    expect(canMove('refunding', 'delivered')).toBe(false);
  });
});
