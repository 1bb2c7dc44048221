import { describe, expect, it } from 'vitest';
import { LaunchCodes } from '../../../../../electron/shells/browser/launch-codes.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('one-time launch codes', () => {
  it('redeems a fresh code once; a second use is reported as used (a leaked URL), not as unknown', () => {
    const codes = new LaunchCodes({ now: clock().now });
    const code = codes.issue();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(codes.redeem(code)).toEqual({ ok: true });
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'used' });
  });

  it('refuses a code past its lifetime, and the refusal spends it', () => {
    const time = clock();
    const codes = new LaunchCodes({ ttlMs: 60_000, now: time.now });
    const code = codes.issue();
    time.advance(60_001);
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'expired' });
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'used' });
  });

  it('accepts a code up to the end of its lifetime', () => {
    const time = clock();
    const codes = new LaunchCodes({ ttlMs: 60_000, now: time.now });
    const code = codes.issue();
    time.advance(60_000);
    expect(codes.redeem(code)).toEqual({ ok: true });
  });

  it.each(['', 'short', 'x'.repeat(65), 'has space in it and is long enough', '../../etc/passwd-aaaaaaaaaaaaaaa'])('refuses %j as unknown', (code) => {
    const codes = new LaunchCodes();
    codes.issue();
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('keeps several codes open at once, each good for one use', () => {
    const codes = new LaunchCodes();
    const first = codes.issue();
    const second = codes.issue();
    expect(first).not.toBe(second);
    expect(codes.redeem(second)).toEqual({ ok: true });
    expect(codes.redeem(first)).toEqual({ ok: true });
  });
});
