import { describe, expect, it } from 'vitest';
import { encodeSamId, formatSamId } from '../../../../native/idcard/sam-id.ts';
import { UnavailableWltDecoder, WltDecoderUnavailableError } from '../../../../native/idcard/wlt-decoder.ts';
import { IdCardError } from '../../../../native/idcard/idcard-error.ts';

describe('SAM id', () => {
  it('formats the 16-byte answer as vendors print it and encodes it back', () => {
    // 20230101 = 0x0134AFD5, stored little-endian.
    const id = '05.01-20230101-0000000001-2023000001';
    const bytes = encodeSamId(id);
    expect(bytes.length).toBe(16);
    expect([...bytes.subarray(0, 8)]).toEqual([0x05, 0, 0x01, 0, 0xd5, 0xaf, 0x34, 0x01]);
    expect(formatSamId(bytes)).toBe(id);
  });

  it('refuses a short answer and a malformed id', () => {
    expect(() => formatSamId(new Uint8Array(10))).toThrow(IdCardError);
    expect(() => encodeSamId('not-a-sam-id')).toThrow(RangeError);
  });
});

describe('UnavailableWltDecoder', () => {
  it('rejects clearly instead of inventing a picture', async () => {
    const decoder = new UnavailableWltDecoder();
    const attempt = decoder.decode(new Uint8Array(1024));
    await expect(attempt).rejects.toBeInstanceOf(WltDecoderUnavailableError);
    await expect(attempt).rejects.toThrow(/no WLT decoder configured/);
  });
});
