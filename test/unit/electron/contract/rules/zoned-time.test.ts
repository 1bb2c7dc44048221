/**
 * The hall's time zone on paper: a stamp reads the hall's clock whatever the OS zone (CI runs in
 * UTC), and the config's zone check accepts IANA names only.
 */
import { describe, expect, it } from 'vitest';
import { chinaCompactStamp, chinaDay, chinaWallClock, DEFAULT_TIME_ZONE, isTimeZone, zonedIsoDate, zonedParts, zonedStamp } from '../../../../../electron/contract/rules/zoned-time.ts';

const violation = new Date('2026-12-05T01:30:07Z'); // 09:30:07 in Beijing

describe('zoned time', () => {
  it('stamps an instant on the hall’s clock: Asia/Shanghai, and another zone', () => {
    expect(zonedStamp(violation, 'Asia/Shanghai')).toBe('2026-12-05 09:30');
    expect(zonedStamp(violation, 'Asia/Shanghai', { seconds: true })).toBe('2026-12-05 09:30:07');
    expect(zonedStamp(violation, 'UTC')).toBe('2026-12-05 01:30');
    // West of Greenwich the same instant is still the day before.
    expect(zonedStamp(violation, 'America/New_York')).toBe('2026-12-04 20:30');
    expect(zonedStamp('2025-10-12T07:52:00+08:00', 'Asia/Urumqi')).toBe('2025-10-12 05:52');
  });

  it('reads midnight as 00, not 24, and turns the date with the zone', () => {
    expect(zonedStamp(new Date('2026-12-04T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-05 00:00');
    expect(zonedIsoDate(new Date('2026-12-04T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-05');
    expect(zonedIsoDate(new Date('2026-12-04T16:00:00Z'), 'UTC')).toBe('2026-12-04');
    expect(zonedParts(violation, DEFAULT_TIME_ZONE)).toEqual({ year: 2026, month: 12, day: 5, hour: 9, minute: 30, second: 7 });
  });

  it('prints text that is no instant as given, nothing lost', () => {
    expect(zonedStamp('待定', 'Asia/Shanghai')).toBe('待定');
    expect(zonedStamp('', 'Asia/Shanghai')).toBe('');
    expect(zonedStamp(new Date(Number.NaN), 'Asia/Shanghai')).toBe('');
  });

  it('knows IANA zone names and refuses offsets, unknown names and blanks', () => {
    for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'UTC', 'America/Argentina/Buenos_Aires']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['Asia/Beijing', '+08:00', 'GMT+8', 'UTC+8', '', ' Asia/Shanghai', 'Asia/Shanghai\n', '../etc/localtime']) expect(isTimeZone(zone), zone).toBe(false);
  });
  it('gives the payment channels Beijing time, whatever the hall\'s zone: wall clock, compact stamp and day', () => {
    expect(chinaWallClock(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04T23:59:59');
    expect(chinaCompactStamp(new Date('2026-12-04T15:59:59Z'))).toBe('20261204235959');
    expect(chinaDay(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
    expect(chinaDay(new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-05');
    expect(chinaCompactStamp(new Date('2026-12-31T16:00:00Z'))).toBe('20270101000000');
  });
});
