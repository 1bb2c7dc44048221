/** The day stepper and money on the Payments screen: China-time days, whole-day steps across months and years, fen as yuan. */
import { describe, expect, it } from 'vitest';
import { chinaDay, formatFen, shiftDay } from '../../../../renderer/src/maintenance/format.ts';

describe('maintenance formats', () => {
  it('counts days in China time, whatever the screen\'s clock zone', () => {
    expect(chinaDay(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
    expect(chinaDay(new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-05');
  });

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
