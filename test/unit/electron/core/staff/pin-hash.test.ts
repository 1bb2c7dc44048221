import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPin, parsePinHash, pinWeakness, verifyPin } from '../../../../../electron/core/staff/pin-hash.ts';

const fast = { N: 2 ** 10, r: 8, p: 1 };

describe('staff PIN hashing', () => {
  it('hashes with scrypt and a fresh salt per PIN; only the right PIN verifies', async () => {
    const a = await hashPin('740213', fast);
    const b = await hashPin('740213', fast);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('740213');
    expect(await verifyPin('740213', a)).toBe(true);
    expect(await verifyPin('740213', b)).toBe(true);
    expect(await verifyPin('740214', a)).toBe(false);
    expect(await verifyPin('', a)).toBe(false);
  });

  it('uses the slow default cost unless told otherwise', async () => {
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 15);
    const started = performance.now();
    const hash = await hashPin('590371');
    expect(hash.startsWith(`scrypt$${DEFAULT_SCRYPT.N}$`)).toBe(true);
    expect(await verifyPin('590371', hash)).toBe(true);
    // Two derivations at the default cost: measurably slow, by design.
    expect(performance.now() - started).toBeGreaterThan(20);
  });

  it.each([
    ['not scrypt', 'bcrypt$10$abc'],
    ['missing parts', 'scrypt$1024$8$1$salt'],
    ['N not a power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['N absurdly large (memory exhaustion)', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['short key', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('a malformed stored hash (%s) never verifies', async (_label, stored) => {
    expect(parsePinHash(stored)).toBeUndefined();
    expect(await verifyPin('740213', stored)).toBe(false);
  });

  it.each([
    ['12a456', 'digits only'],
    ['12345', '6 to 12'],
    ['1234567890123', '6 to 12'],
    ['000000', 'repeat'],
    ['123456', 'run'],
    ['987654', 'run'],
    ['890123', 'run'],
  ])('refuses the weak PIN %s', (pin, why) => {
    expect(pinWeakness(pin)).toContain(why);
  });

  it('accepts an ordinary PIN', () => {
    expect(pinWeakness('740213')).toBeUndefined();
    expect(pinWeakness('31415926')).toBeUndefined();
  });
});
