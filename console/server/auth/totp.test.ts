import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totp, verifyTotp, type TotpAlgorithm } from './totp.ts';

// RFC 6238 Appendix B: 8-digit codes, 30 s steps, a seed per algorithm.
const seeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the RFC test vectors at T=%i', (time, sha1, sha256, sha512) => {
    expect(totp(seeds.sha1, time, { digits: 8 })).toBe(sha1);
    expect(totp(seeds.sha256, time, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(seeds.sha512, time, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('round-trips base32 and accepts one step of drift, not two', () => {
    const secret = base32Encode(seeds.sha1);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret)).toEqual(seeds.sha1);
    const now = new Date(1_111_111_111_000);
    const code = totp(seeds.sha1, 1_111_111_111);
    expect(verifyTotp(secret, code, now)).toBe(true);
    expect(verifyTotp(secret, code, new Date(now.getTime() + 30_000))).toBe(true);
    expect(verifyTotp(secret, code, new Date(now.getTime() + 90_000))).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
  });
});
