/**
 * The alert mail: Chinese first, English below, plain text. It names the terminal, its hall, the
 * rule, since when, and links to the console's alert page; it carries only what the terminal
 * reported about itself (the rule's detail: devices, counts, file names), never a citizen's data.
 * Rule names are the console UI's words (rule-names.ts), so page and mail say the same.
 */
import { ALERT_RULES, RULE_SEVERITY, type AlertRule, type Severity } from './alert-rules.ts';
import type { EmailConfig } from './email-config.ts';
import { RULE_NAMES } from './rule-names.ts';

export interface AlertMail {
  subject: string;
  text: string;
}

export interface MailAlert {
  alertId: number;
  event: 'raised' | 'resolved';
  terminalId: string;
  rule: string;
  detail: string;
  openedAt: string;
  resolvedAt: string | null;
  /** 'system' when the condition cleared by itself, else the person who resolved it. */
  resolvedBy: string | null;
  region: string | null;
  hall: string | null;
}

const SEVERITY_TEXT: Record<Severity, { zh: string; en: string }> = {
  critical: { zh: '紧急', en: 'critical' },
  warning: { zh: '警告', en: 'warning' },
  notice: { zh: '提示', en: 'notice' },
};

const isRule = (rule: string): rule is AlertRule => (ALERT_RULES as readonly string[]).includes(rule);

function ruleNames(rule: string): { zh: string; en: string; severity: Severity | undefined } {
  if (!isRule(rule)) return { zh: rule, en: rule, severity: undefined };
  return { zh: RULE_NAMES['zh-CN'][rule], en: RULE_NAMES['en-US'][rule], severity: RULE_SEVERITY[rule] };
}

function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const utcTime = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/** Mail headers take one line: a detail or a hall with a line break must not add a header. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();

export function alertMail(a: MailAlert, config: Pick<EmailConfig, 'subjectPrefix' | 'consoleUrl' | 'timeZone'>): AlertMail {
  const rule = ruleNames(a.rule);
  const link = `${config.consoleUrl.replace(/\/+$/, '')}/alerts`;
  const hall = [a.region, a.hall].filter((p): p is string => p !== null && p !== '').join(' / ');
  const resolved = a.event === 'resolved';
  const severity = rule.severity ? SEVERITY_TEXT[rule.severity] : undefined;
  const prefix = config.subjectPrefix ? `${config.subjectPrefix} ` : '';
  const subject = oneLine(
    resolved
      ? `${prefix}已恢复：${a.terminalId} ${rule.zh} / Resolved: ${a.terminalId} ${rule.en}`
      : `${prefix}告警：${a.terminalId} ${rule.zh}${severity ? `（${severity.zh}）` : ''} / Alert: ${a.terminalId} ${rule.en}${severity ? ` (${severity.en})` : ''}`,
  );
  const byZh = a.resolvedBy === 'system' ? '条件消失，自动恢复' : '由值班人员处理';
  const byEn = a.resolvedBy === 'system' ? 'the condition cleared' : 'resolved by staff';
  const zh = [
    resolved ? `【已恢复】终端 ${a.terminalId}：${rule.zh}` : `【告警】终端 ${a.terminalId}：${rule.zh}${severity ? `（${severity.zh}）` : ''}`,
    `营业厅：${hall || '未登记'}`,
    `规则：${rule.zh}（${a.rule}）`,
    `开始时间：${localTime(a.openedAt, config.timeZone)}（${config.timeZone}）`,
    ...(resolved && a.resolvedAt ? [`恢复时间：${localTime(a.resolvedAt, config.timeZone)}（${config.timeZone}），${byZh}`] : []),
    `详情：${oneLine(a.detail)}`,
    `查看：${link}（告警 #${a.alertId}）`,
  ];
  const en = [
    resolved ? `[Resolved] Terminal ${a.terminalId}: ${rule.en}` : `[Alert] Terminal ${a.terminalId}: ${rule.en}${severity ? ` (${severity.en})` : ''}`,
    `Hall: ${hall || 'not set'}`,
    `Rule: ${rule.en} (${a.rule})`,
    `Since: ${utcTime(a.openedAt)}`,
    ...(resolved && a.resolvedAt ? [`Resolved: ${utcTime(a.resolvedAt)}, ${byEn}`] : []),
    `Detail: ${oneLine(a.detail)}`,
    `Open: ${link} (alert #${a.alertId})`,
  ];
  return { subject, text: [...zh, '', '——', '', ...en, ''].join('\n') };
}

export function testMail(config: Pick<EmailConfig, 'subjectPrefix' | 'consoleUrl'>, by: string, at: string): AlertMail {
  const prefix = config.subjectPrefix ? `${config.subjectPrefix} ` : '';
  return {
    subject: `${prefix}测试邮件 / Test mail`,
    text: [
      `这是便民终端管理台发出的测试邮件（${utcTime(at)}，由 ${by} 发送）。收到即说明告警邮件可以送达。`,
      `管理台：${config.consoleUrl}`,
      '',
      '——',
      '',
      `A test mail from the Bianmin kiosk fleet console (${utcTime(at)}, sent by ${by}). If you read this, alert mail reaches you.`,
      `Console: ${config.consoleUrl}`,
      '',
    ].join('\n'),
  };
}
