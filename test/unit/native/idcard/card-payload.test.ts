import { describe, expect, it } from 'vitest';
import { encodeCardPayload, parseCardPayload } from '../../../../native/idcard/card-payload.ts';
import { IdCardError } from '../../../../native/idcard/idcard-error.ts';

const text = new Uint8Array(256).fill(0x20);
const photo = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31) & 0xff);
const fingerprint = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) & 0xff);

function cardError(fn: () => unknown): IdCardError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IdCardError);
    expect((error as IdCardError).code).toBe('invalid-card-data');
    return error as IdCardError;
  }
  throw new Error('expected an error');
}

describe('card payload (30 01 / 30 10 data)', () => {
  it('starts with big-endian lengths 0x0100 and 0x0400 and slices by them', () => {
    const data = encodeCardPayload({ text, photo }, false);
    expect([...data.subarray(0, 4)]).toEqual([0x01, 0x00, 0x04, 0x00]);
    expect(data.length).toBe(4 + 256 + 1024);
    expect(parseCardPayload(data, false)).toEqual({ text, photo });
  });

  it('carries a fingerprint block with its own length for 30 10', () => {
    const data = encodeCardPayload({ text, photo, fingerprint }, true);
    expect([...data.subarray(0, 6)]).toEqual([0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);
    expect(parseCardPayload(data, true)).toEqual({ text, photo, fingerprint });
  });

  it('honours a photo length other than 1024', () => {
    const small = photo.subarray(0, 700);
    expect(parseCardPayload(encodeCardPayload({ text, photo: small }, false), false).photo).toEqual(small);
  });

  it('reports truncated data', () => {
    const data = encodeCardPayload({ text, photo }, false);
    expect(cardError(() => parseCardPayload(data.subarray(0, 1000), false)).message).toMatch(
      /truncated: length fields announce 1284 bytes, received 1000/,
    );
    expect(cardError(() => parseCardPayload(data.subarray(0, 3), false)).message).toMatch(/truncated/);
  });

  it('reports bytes beyond the announced blocks', () => {
    const data = encodeCardPayload({ text, photo }, false);
    const longer = new Uint8Array(data.length + 5);
    longer.set(data);
    expect(cardError(() => parseCardPayload(longer, false)).message).toMatch(/5 bytes beyond/);
  });

  it('reports a text block length other than 256', () => {
    const data = encodeCardPayload({ text: new Uint8Array(200), photo }, false);
    expect(cardError(() => parseCardPayload(data, false)).message).toMatch(/says 200 bytes, expected 256/);
  });
});
