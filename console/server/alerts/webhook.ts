/**
 * Alert notifications to a group robot: 企业微信 (WeCom) and 钉钉 (DingTalk) both take
 * `{"msgtype":"text","text":{"content":…}}`; their markdown messages differ in one field
 * (WeCom `markdown.content`, DingTalk `markdown.title` + `markdown.text`).
 *
 * Outcomes follow the fleet's rule: only a definite refusal is "failed" (4xx, or a 2xx whose body
 * carries a non-zero errcode, as both robots answer a bad key or a rate limit); a timeout, a
 * network error or a 5xx is "unknown" and retried.
 */
import { z } from 'zod';

export const webhookConfigSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    robot: z.enum(['wecom', 'dingtalk']),
    format: z.enum(['text', 'markdown']).default('text'),
    timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export interface AlertMessage {
  title: string;
  lines: string[];
}

export function robotBody(config: Pick<WebhookConfig, 'robot' | 'format'>, message: AlertMessage): Record<string, unknown> {
  if (config.format === 'text') return { msgtype: 'text', text: { content: [message.title, ...message.lines].join('\n') } };
  const markdown = [`### ${message.title}`, ...message.lines.map((l) => `> ${l}`)].join('\n');
  return config.robot === 'wecom'
    ? { msgtype: 'markdown', markdown: { content: markdown } }
    : { msgtype: 'markdown', markdown: { title: message.title, text: markdown } };
}

/** A sent notification may carry a remark (a mail some recipients refused). */
export type DeliveryOutcome = { result: 'sent'; detail?: string } | { result: 'failed'; detail: string } | { result: 'unknown'; detail: string };

export async function sendToRobot(config: WebhookConfig, message: AlertMessage): Promise<DeliveryOutcome> {
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(robotBody(config, message)),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    return { result: 'unknown', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500) return { result: 'unknown', detail: `HTTP ${response.status}` };
  if (response.status >= 400 || response.status < 200 || response.status >= 300) return { result: 'failed', detail: `HTTP ${response.status}: ${text.slice(0, 200)}` };
  let errcode: unknown = 0;
  let errmsg: unknown = '';
  try {
    const body = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    errcode = body.errcode ?? 0;
    errmsg = body.errmsg ?? '';
  } catch {
    // A 2xx without a JSON body: a relay or a test robot. Accepted.
  }
  return errcode === 0 ? { result: 'sent' } : { result: 'failed', detail: `robot errcode ${String(errcode)}: ${String(errmsg).slice(0, 200)}` };
}
