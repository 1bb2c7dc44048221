import { describe, expect, it } from 'vitest';
import {
  CARD_TYPE_FLAG_OFFSET,
  TEXT_BLOCK_LENGTH,
  detectCardType,
  encodeIdText,
  parseIdText,
  type IdText,
} from '../../../../native/idcard/id-text.ts';
import { IdCardError } from '../../../../native/idcard/idcard-error.ts';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';

const textOf = ({ photoWlt: _photo, fingerprint: _fp, ...text }: (typeof sampleCards)[keyof typeof sampleCards]) =>
  text as IdText;
const ucs2 = (block: Uint8Array, offset: number, bytes: number) =>
  Buffer.from(block.subarray(offset, offset + bytes)).toString('utf16le');

function expectCardError(fn: () => unknown, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IdCardError);
    expect((error as IdCardError).code).toBe('invalid-card-data');
    expect((error as IdCardError).message).toMatch(message);
    return;
  }
  throw new Error('expected an invalid-card-data error');
}

describe('encodeIdText / parseIdText', () => {
  it.each(Object.keys(sampleCards) as (keyof typeof sampleCards)[])('round-trips the %s sample card', (name) => {
    const text = textOf(sampleCards[name]);
    const block = encodeIdText(text);
    expect(block.length).toBe(TEXT_BLOCK_LENGTH);
    expect(parseIdText(block)).toEqual(text);
  });

  it('lays out a resident card at the GA 467 offsets', () => {
    const block = encodeIdText(textOf(sampleCards.resident));
    expect(ucs2(block, 0, 4)).toBe('张三');
    expect(ucs2(block, 30, 2)).toBe('2');
    expect(ucs2(block, 32, 4)).toBe('01');
    expect(ucs2(block, 36, 16)).toBe('19491231');
    expect(ucs2(block, 122, 36)).toBe('11010519491231002X');
    expect(ucs2(block, 188, 16)).toBe('20150101');
    expect(ucs2(block, 204, 4)).toBe('长期');
    expect(ucs2(block, CARD_TYPE_FLAG_OFFSET, 2)).toBe(' ');
  });

  it('lays out the HMT permit with pass number and issue count after the validity dates', () => {
    const block = encodeIdText(textOf(sampleCards.hmt));
    expect(ucs2(block, 220, 18)).toBe('H12345678');
    expect(ucs2(block, 238, 4)).toBe('01');
    expect(ucs2(block, CARD_TYPE_FLAG_OFFSET, 2)).toBe('J');
  });

  it('lays out the 2017 foreigner card with the 120-byte English name first', () => {
    const block = encodeIdText(textOf(sampleCards.foreign2017));
    expect(ucs2(block, 0, 24)).toBe('SMITH, ALICE');
    expect(ucs2(block, 122, 30)).toBe('GBR310075030220');
    expect(ucs2(block, 152, 6)).toBe('GBR');
    expect(ucs2(block, CARD_TYPE_FLAG_OFFSET, 2)).toBe('I');
  });

  it('splits a long 2023 English name into its 35- and 11-character fields', () => {
    const block = encodeIdText(textOf(sampleCards.foreign2023));
    expect(ucs2(block, 52, 70)).toBe('MARTIN-WILLIAMSON, JONATHAN ALEXAND');
    expect(ucs2(block, 220, 22).trimEnd()).toBe('ER EDWARD');
    expect(ucs2(block, 242, 6)).toBe('CAN');
    expect(ucs2(block, CARD_TYPE_FLAG_OFFSET, 2)).toBe('Y');
  });

  it('trims trailing NUL padding as well as spaces', () => {
    const block = encodeIdText(textOf(sampleCards.resident));
    block.fill(0, 4, 30); // name field padded with NULs instead of spaces
    block.fill(0, CARD_TYPE_FLAG_OFFSET, TEXT_BLOCK_LENGTH); // flag absent
    const parsed = parseIdText(block);
    expect(parsed.name).toBe('张三');
    expect(parsed.cardType).toBe('resident');
  });

  it('reads 0 and 9 gender codes as unknown', () => {
    const block = encodeIdText(textOf(sampleCards.resident));
    block.set(Buffer.from('9', 'utf16le'), 30);
    expect(parseIdText(block).gender).toBe('unknown');
  });
});

describe('parseIdText rejects malformed blocks clearly', () => {
  const good = () => encodeIdText(textOf(sampleCards.resident));

  it.each([0, 255, 257, 1024])('a %i-byte block', (length) => {
    expectCardError(() => parseIdText(new Uint8Array(length)), new RegExp(`${length} bytes, expected 256`));
  });

  it('an unknown card type flag', () => {
    const block = good();
    block.set(Buffer.from('Z', 'utf16le'), CARD_TYPE_FLAG_OFFSET);
    expectCardError(() => detectCardType(block), /card type flag/);
  });

  it('a gender code outside GB/T 2261.1', () => {
    const block = good();
    block.set(Buffer.from('7', 'utf16le'), 30);
    expectCardError(() => parseIdText(block), /gender/);
  });

  it('a nation code outside GB/T 3304', () => {
    const block = good();
    block.set(Buffer.from('77', 'utf16le'), 32);
    expectCardError(() => parseIdText(block), /nation/);
  });

  it('a birth date that is not YYYYMMDD', () => {
    const block = good();
    block.set(Buffer.from('1949-12-', 'utf16le'), 36);
    expectCardError(() => parseIdText(block), /birth date/);
  });

  it('an empty identity number', () => {
    const block = good();
    block.set(Buffer.from(' '.repeat(18), 'utf16le'), 122);
    expectCardError(() => parseIdText(block), /identity number is empty/);
  });

  it('a block of zeros', () => {
    expectCardError(() => parseIdText(new Uint8Array(256)), /gender/);
  });
});

describe('encodeIdText', () => {
  it('refuses values that do not fit their field', () => {
    const text = { ...textOf(sampleCards.resident), name: '名'.repeat(16) };
    expect(() => encodeIdText(text)).toThrow(/name needs 32 bytes but the card field holds 30/);
  });

  it('refuses a resident nation that GB/T 3304 does not list', () => {
    expect(() => encodeIdText({ ...textOf(sampleCards.resident), nation: '火星' })).toThrow(/nation/);
  });
});
