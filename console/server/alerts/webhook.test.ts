import { describe, expect, it } from 'vitest';
import { robotBody, webhookConfigSchema } from './webhook.ts';

describe('group robot message shapes', () => {
  const message = { title: '告警 KM-0001', lines: ['offline', 'since 10:00'] };

  it('sends text the same way to 企业微信 and 钉钉', () => {
    for (const robot of ['wecom', 'dingtalk'] as const) {
      expect(robotBody({ robot, format: 'text' }, message)).toEqual({ msgtype: 'text', text: { content: '告警 KM-0001\noffline\nsince 10:00' } });
    }
  });

  it('uses markdown.content for 企业微信 and markdown.title + text for 钉钉', () => {
    expect(robotBody({ robot: 'wecom', format: 'markdown' }, message)).toEqual({ msgtype: 'markdown', markdown: { content: '### 告警 KM-0001\n> offline\n> since 10:00' } });
    expect(robotBody({ robot: 'dingtalk', format: 'markdown' }, message)).toEqual({ msgtype: 'markdown', markdown: { title: '告警 KM-0001', text: '### 告警 KM-0001\n> offline\n> since 10:00' } });
  });

  it('refuses a webhook that is not http(s) or names an unknown robot', () => {
    expect(webhookConfigSchema.safeParse({ url: 'file:///etc/passwd', robot: 'wecom' }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: 'https://oapi.dingtalk.com/robot/send?access_token=x', robot: 'feishu' }).success).toBe(false);
  });
});
