/** The day stepper and money on the Payments screen: whole-day steps across months and years, fen as yuan (China-time days: rules/zoned-time). */
import { describe, expect, it } from 'vitest';
import { formatFen, shiftDay } from '../../../../renderer/src/maintenance/format.ts';

describe('maintenance formats', () => {
  it('steps whole days across month and year ends', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2027-03-01', -1)).toBe('2027-02-28');
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(123456, 'en-US')).toBe('CN¥1,234.56');
    expect(formatFen(350, 'zh-CN')).toBe('¥3.50');
  });
});
