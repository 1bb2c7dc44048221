/**
 * The screen's one date formatter: the hall's zone, not the browser's (vitest and the e2e Chromium
 * run in UTC), in zh-CN and en-US; a calendar date stays that day in any zone; junk shows as given.
 */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../../renderer/src/i18n/format-date.ts';

const violation = '2026-12-05T01:30:00Z'; // 09:30 in Beijing

describe('formatDate', () => {
  it('shows a UTC instant on the clock of Asia/Shanghai, in zh-CN and en-US', () => {
    expect(formatDate(violation, 'dateTime', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日 09:30');
    expect(formatDate(violation, 'dateTime', 'en-US', 'Asia/Shanghai')).toBe('Dec 5, 2026, 09:30');
    expect(formatDate(violation, 'time', 'zh-CN', 'Asia/Shanghai')).toBe('09:30');
    expect(formatDate(violation, 'time', 'en-US', 'Asia/Shanghai')).toBe('09:30');
    expect(formatDate(violation, 'date', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日');
    expect(formatDate(violation, 'date', 'en-US', 'Asia/Shanghai')).toBe('Dec 5, 2026');
    expect(formatDate(violation, 'longDate', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月5日星期六');
    expect(formatDate(violation, 'longDate', 'en-US', 'Asia/Shanghai')).toBe('Saturday, December 5, 2026');
    expect(formatDate(new Date(violation), 'dateTimeSeconds', 'zh-CN', 'Asia/Shanghai')).toBe('2026/12/5 09:30:00');
    expect(formatDate(new Date(violation), 'dateTimeSeconds', 'en-US', 'Asia/Shanghai')).toBe('12/5/26, 09:30:00');
  });

  it('shows the same instant on another zone’s clock, the date turning with it', () => {
    expect(formatDate(violation, 'dateTime', 'zh-CN', 'UTC')).toBe('2026年12月5日 01:30');
    expect(formatDate(violation, 'dateTime', 'en-US', 'America/New_York')).toBe('Dec 4, 2026, 20:30');
    expect(formatDate('2026-12-04T16:30:00Z', 'date', 'en-US', 'Asia/Shanghai')).toBe('Dec 5, 2026');
    expect(formatDate('2026-12-04T16:30:00Z', 'date', 'en-US', 'UTC')).toBe('Dec 4, 2026');
  });

  it('shows a calendar date (YYYY-MM-DD) as that day in any zone, never the day before', () => {
    for (const zone of ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      expect(formatDate('2030-05-01', 'date', 'zh-CN', zone), zone).toBe('2030年5月1日');
      expect(formatDate('2030-05-01', 'date', 'en-US', zone), zone).toBe('May 1, 2030');
    }
  });

  it('shows input that is no date as given, and falls back to China time for a zone the browser refuses', () => {
    expect(formatDate('待定', 'dateTime', 'zh-CN', 'Asia/Shanghai')).toBe('待定');
    expect(formatDate('', 'date', 'en-US', 'Asia/Shanghai')).toBe('');
    expect(formatDate('2026-13-45', 'date', 'en-US', 'Asia/Shanghai')).toBe('2026-13-45');
    expect(formatDate(new Date(Number.NaN), 'time', 'en-US', 'Asia/Shanghai')).toBe('');
    expect(formatDate(violation, 'time', 'en-US', 'Mars/Olympus')).toBe('09:30');
  });
});
