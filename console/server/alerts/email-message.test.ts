import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_RULES } from './alert-rules.ts';
import { alertMail } from './email-message.ts';
import { RULE_NAMES } from './rule-names.ts';

const config = { subjectPrefix: '[便民终端]', consoleUrl: 'https://console.example.gov.cn/', timeZone: 'Asia/Shanghai' };
const alert = {
  alertId: 7,
  event: 'raised' as const,
  terminalId: 'KM-0001',
  rule: 'paper-out',
  detail: 'paper out: printer',
  openedAt: '2026-12-04T16:30:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
  region: null,
  hall: null,
};

describe('alert mail text', () => {
  it('names every rule with the console UI\'s words', () => {
    for (const tag of ['zh-CN', 'en-US'] as const) {
      const ui = JSON.parse(readFileSync(new URL(`../../ui/src/locales/${tag}.json`, import.meta.url), 'utf8')) as { rules: Record<string, string> };
      expect(RULE_NAMES[tag]).toEqual(ui.rules);
      expect(Object.keys(RULE_NAMES[tag]).sort()).toEqual([...ALERT_RULES].sort());
    }
  });

  it('dates in the configured zone across midnight, says when no hall is known, and keeps a line break out of the subject', () => {
    const mail = alertMail({ ...alert, terminalId: 'KM-0001', detail: 'paper out:\r\nBcc: x@evil.example' }, config);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('开始时间：2026-12-05 00:30:00（Asia/Shanghai）');
    expect(mail.text).toContain('Since: 2026-12-04 16:30:00 UTC');
    expect(mail.text).toContain('营业厅：未登记');
    expect(mail.text).toContain('Hall: not set');
    expect(mail.text).toContain('详情：paper out: Bcc: x@evil.example');
    expect(mail.text.indexOf('【告警】')).toBeLessThan(mail.text.indexOf('[Alert]'));
  });

  it('says who cleared a resolved alert without naming them', () => {
    const mail = alertMail({ ...alert, event: 'resolved', resolvedAt: '2026-12-04T17:00:00.000Z', resolvedBy: 'zhangsan' }, config);
    expect(mail.subject).toBe('[便民终端] 已恢复：KM-0001 缺纸 / Resolved: KM-0001 paper out');
    expect(mail.text).toContain('恢复时间：2026-12-05 01:00:00（Asia/Shanghai），由值班人员处理');
    expect(mail.text).toContain('Resolved: 2026-12-04 17:00:00 UTC, resolved by staff');
    expect(mail.text).not.toContain('zhangsan');
  });
});
