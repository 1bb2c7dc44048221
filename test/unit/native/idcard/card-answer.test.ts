import { describe, expect, it } from 'vitest';
import {
  encodeAdditionalAddress,
  interpretAdditionalAddress,
  interpretCardAnswer,
} from '../../../../native/idcard/card-answer.ts';
import { encodeCardPayload } from '../../../../native/idcard/card-payload.ts';
import { encodeIdText } from '../../../../native/idcard/id-text.ts';
import { IdCardError } from '../../../../native/idcard/idcard-error.ts';
import { samBaudCode, samBaudFromCode } from '../../../../native/idcard/sam-baud.ts';
import { SW3 } from '../../../../native/idcard/sam-status.ts';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';

const response = (sw3: number, data: Uint8Array = new Uint8Array(0)) => ({ sw1: 0, sw2: 0, sw3, data });

function errorOf(fn: () => unknown): IdCardError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IdCardError);
    return error as IdCardError;
  }
  throw new Error('expected an IdCardError');
}

describe('interpretCardAnswer', () => {
  const { photoWlt, ...text } = sampleCards.resident;
  const data = encodeCardPayload({ text: encodeIdText(text), photo: photoWlt }, false);

  it('returns the checked card for a 90 answer', () => {
    expect(interpretCardAnswer(response(SW3.SUCCESS, data), false)).toEqual(sampleCards.resident);
  });

  it('reports a card that left (80) as no-card and other statuses with their code', () => {
    expect(errorOf(() => interpretCardAnswer(response(SW3.FIND_CARD_FAILED), false)).code).toBe('no-card');
    const error = errorOf(() => interpretCardAnswer(response(SW3.READ_CARD_FAILED), false));
    expect(error.code).toBe('sam-status');
    expect(error.message).toMatch(/card read failed: .*SW3 0x41/);
  });
});

describe('additional address (30 03 answer)', () => {
  it('round-trips through the 70-byte space-padded field', () => {
    const bytes = encodeAdditionalAddress('云南省昆明市示例路9号');
    expect(bytes).toHaveLength(70);
    expect(interpretAdditionalAddress(response(SW3.SUCCESS, bytes))).toBe('云南省昆明市示例路9号');
  });

  it('is undefined for 91 (no content) and for an all-blank field', () => {
    expect(interpretAdditionalAddress(response(SW3.NO_CONTENT))).toBeUndefined();
    expect(interpretAdditionalAddress(response(SW3.SUCCESS, encodeAdditionalAddress('')))).toBeUndefined();
  });

  it.each([
    ['an odd byte count', new Uint8Array(69)],
    ['no bytes', new Uint8Array(0)],
    ['more than 70 bytes', new Uint8Array(72)],
  ])('rejects %s as invalid card data', (_label, data) => {
    expect(errorOf(() => interpretAdditionalAddress(response(SW3.SUCCESS, data))).code).toBe('invalid-card-data');
  });

  it('maps a failure status to a SAM status error', () => {
    expect(errorOf(() => interpretAdditionalAddress(response(SW3.READ_CARD_FAILED))).samStatus?.code).toBe('read-card-failed');
  });

  it('refuses to encode an address longer than the field', () => {
    expect(() => encodeAdditionalAddress('长'.repeat(36))).toThrow(RangeError);
  });
});

describe('line speed codes (60 nn)', () => {
  it.each([
    [115200, 0],
    [57600, 1],
    [38400, 2],
    [19200, 3],
    [9600, 4],
  ])('%i baud is 60 %i and back', (baud, code) => {
    expect(samBaudCode(baud)).toBe(code);
    expect(samBaudFromCode(code)).toBe(baud);
  });

  it('refuses other rates and codes', () => {
    expect(() => samBaudCode(14400)).toThrow(/cannot run at 14400 baud/);
    expect(samBaudFromCode(5)).toBeUndefined();
  });
});
