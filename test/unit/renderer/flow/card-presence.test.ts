import { describe, expect, it } from 'vitest';
import { cardPresence } from '../../../../renderer/src/flow/card-read.ts';

describe('card presence from reader status', () => {
  it('reads the flag both ways, so a lifted card returns the step to "place your card"', () => {
    expect(cardPresence({ device: 'idCard', flags: ['card-present'] })).toBe(true);
    // The flag clearing is what undoes a stale "reading" after a card lifted just before the read.
    expect(cardPresence({ device: 'idCard', flags: [] })).toBe(false);
    expect(cardPresence({ device: 'printer', flags: ['card-present'] })).toBeNull();
  });
});
