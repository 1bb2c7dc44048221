import { describe, expect, it } from 'vitest';
import {
  genderFromCode,
  genderToCode,
  nationFromCode,
  nationFromName,
  nations,
} from '../../../../native/idcard/gender-nation.ts';

describe('GB/T 2261.1 gender codes', () => {
  it('reads 1, 2, 0 and 9 and refuses anything else', () => {
    expect(genderFromCode('1')).toBe('male');
    expect(genderFromCode('2')).toBe('female');
    expect(genderFromCode('0')).toBe('unknown');
    expect(genderFromCode('9')).toBe('unknown');
    expect(genderFromCode('3')).toBeUndefined();
    expect(genderFromCode('')).toBeUndefined();
  });

  it('writes codes that read back to the same gender', () => {
    for (const g of ['male', 'female', 'unknown'] as const) expect(genderFromCode(genderToCode(g))).toBe(g);
  });
});

describe('GB/T 3304 nations', () => {
  it('lists the 56 nations with codes 01..56 plus 97 and 98', () => {
    const codes = nations.map((n) => n.code);
    const expected = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98'];
    expect(codes).toEqual(expected);
    expect(new Set(nations.map((n) => n.name)).size).toBe(58);
  });

  it('looks up both ways', () => {
    expect(nationFromCode('01')?.name).toBe('汉');
    expect(nationFromCode('56')?.name).toBe('基诺');
    expect(nationFromCode('98')?.name).toBe('外国血统中国籍人士');
    expect(nationFromName('维吾尔')?.code).toBe('05');
    expect(nationFromCode('57')).toBeUndefined();
    expect(nationFromName('火星')).toBeUndefined();
  });
});
