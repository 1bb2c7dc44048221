import { describe, expect, it } from 'vitest';
import { scrubPersonalNumbers } from '../../../../../electron/core/logging/scrub.ts';

const ID = '11010519491231002X';
const FW = (ascii: string) => ascii.replace(/[0-9X]/g, (c) => (c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

describe('scrubPersonalNumbers: ID numbers in every shape', () => {
  it.each([
    ['plain', `card ${ID} read`, 'card 110***********002X read'],
    ['lower-case check character', 'card 11010519491231002x read', 'card 110***********002X read'],
    ['colon prefix', `ID:${ID}`, 'ID:110***********002X'],
    ['label touching the number', `ID${ID}`, 'ID110***********002X'],
    ['Chinese label', `身份证号${ID}。`, '身份证号110***********002X。'],
    ['spaces 6-8-4', 'id 110105 19491231 002X', 'id 110***********002X'],
    ['dashes 6-8-4', 'id 110105-19491231-002X', 'id 110***********002X'],
    ['mixed separators', 'id 110105 1949-1231 002X', 'id 110***********002X'],
    ['full-width digits', `号码${FW(ID)}`, '号码110***********002X'],
    ['full-width with ideographic spaces', `号码${FW('110105')}\u3000${FW('19491231')}\u3000${FW('002X')}`, '号码110***********002X'],
    ['half and full width mixed', `x ${FW('110105')}19491231${FW('002X')} y`, 'x 110***********002X y'],
    ['inside JSON', JSON.stringify({ idNumber: ID }), '{"idNumber":"110***********002X"}'],
    ['15-digit legacy', 'old 110105491231002 id', 'old 110********1002 id'],
    ['15-digit legacy with spaces', 'old 110105 491231 002 id', 'old 110********1002 id'],
  ])('%s', (_label, input, expected) => {
    expect(scrubPersonalNumbers(input)).toBe(expected);
  });
});

describe('scrubPersonalNumbers: mobile numbers', () => {
  it.each([
    ['plain', 'tel 13800138000.', 'tel 138****8000.'],
    ['+86', 'tel +8613912345678', 'tel +86 139****5678'],
    ['+86 with a space and dashes', 'tel +86 139-1234-5678', 'tel +86 139****5678'],
    ['3-4-4 spaces', 'tel 139 1234 5678', 'tel 139****5678'],
    ['full-width', `tel ${FW('15012345678')}`, 'tel 150****5678'],
    ['full-width plus', `tel ＋８６ ${FW('15012345678')}`, 'tel +86 150****5678'],
    ['86 without plus', 'tel 86 18612345678', 'tel 86 186****5678'],
    ['label touching', 'Tel18612345678', 'Tel186****5678'],
    ['inside JSON', '{"phone":"19912345678"}', '{"phone":"199****5678"}'],
  ])('%s', (_label, input, expected) => {
    expect(scrubPersonalNumbers(input)).toBe(expected);
  });
});

describe('scrubPersonalNumbers: bank card numbers (Luhn-valid)', () => {
  it.each([
    ['UnionPay 19 digits', 'card 6222021234567890128', 'card 6222***********0128'],
    ['UnionPay 16 digits in groups of 4', 'card 6228 4800 1234 5671', 'card 6228********5671'],
    ['dashes', 'card 4111-1111-1111-1111', 'card 4111********1111'],
    ['ICBC 9558', 'card 9558801234567890128', 'card 9558***********0128'],
    ['14 digits', 'card 37144963539849', 'card 3714******9849'],
    ['full-width', `card ${FW('6228480012345671')}`, 'card 6228********5671'],
  ])('%s', (_label, input, expected) => {
    expect(scrubPersonalNumbers(input)).toBe(expected);
  });

  it('leaves a card-length number that fails the Luhn check alone', () => {
    expect(scrubPersonalNumbers('card 6228480012345672')).toBe('card 6228480012345672');
  });
});

describe('scrubPersonalNumbers: ordinary numbers are not mangled', () => {
  it.each([
    ['epoch milliseconds', '{"at":1733338800123}'],
    ['epoch microseconds', 'took 1733338800123456 us'],
    ['epoch nanoseconds', 'hrtime 1733338800123456789'],
    ['epoch seconds', 'at 1733338800'],
    ['ISO time', '"time":"2026-12-04T20:24:59.123Z"'],
    ['date with dashes', 'on 2026-12-04 at 20:30'],
    ['job ids and counts', 'jobId 1234 and port 8780, 42 items, 1000000 bytes'],
    ['list of small numbers with spaces', 'values 12 13 14 15 16 17 18 19'],
    ['hex hash', '"hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"'],
    ['hex with long digit run', '"prev":"ab13800138000cd2201"'],
    ['words', 'SESSIONENDEDOK'],
    ['11 digits not a mobile prefix', 'count 12345678901'],
    ['semver and ports', 'version 1.10.3 on 127.0.0.1:18780'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
  ])('%s', (_label, input) => {
    expect(scrubPersonalNumbers(input)).toBe(input);
  });
});

describe('scrubPersonalNumbers: foreigner permanent-residence numbers', () => {
  it('masks the 2017 form (3 letters, 12 digits) and leaves ordinary upper-case words alone', () => {
    expect(scrubPersonalNumbers('pr USA110019491231')).toBe('pr USA********1231');
    expect(scrubPersonalNumbers('SESSIONENDEDOK ABC')).toBe('SESSIONENDEDOK ABC');
  });
});
