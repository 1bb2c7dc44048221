import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from './format.ts';

describe('formatTime', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'zh-CN', resources: {} });
  });

  it('reads as toLocaleString does, in the current language, with one formatter kept per language', async () => {
    const iso = '2026-12-04T10:05:09.000Z';
    await i18next.changeLanguage('zh-CN');
    expect(formatTime(iso)).toBe(new Date(iso).toLocaleString('zh-CN', { hour12: false }));
    await i18next.changeLanguage('en-US');
    expect(formatTime(iso)).toBe(new Date(iso).toLocaleString('en-US', { hour12: false }));
  });

  it('shows never as a dash and an unreadable time as it came', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('')).toBe('—');
    expect(formatTime('yesterday')).toBe('yesterday');
  });
});
