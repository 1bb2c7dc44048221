import { describe, expect, it } from 'vitest';
import type { NotifySettingsView } from '../../shared/api-types.ts';
import { bodyFrom, formFrom, issueField, issueMessage, parseAddresses } from './notify-settings-form.ts';

const view: NotifySettingsView = {
  version: 3,
  source: 'console',
  changedBy: 'admin',
  changedAt: '2026-12-05T05:00:00.000Z',
  problem: null,
  recipients: { default: ['duty@example.gov.cn', 'it@example.gov.cn'], bySeverity: { critical: ['it@example.gov.cn'] }, byRule: { 'paper-low': [] } },
  fileRecipients: { default: ['duty@example.gov.cn'], bySeverity: {}, byRule: {} },
  webhookConfigured: true,
  webhookEnabled: true,
  transport: null,
  severities: ['critical', 'warning', 'notice'],
  rules: [{ rule: 'offline', severity: 'critical' }, { rule: 'paper-low', severity: 'notice' }],
  history: [],
};

describe('the recipients form', () => {
  it('reads addresses one per line or separated as mail clients paste them', () => {
    expect(parseAddresses(' a@example.gov.cn\nb@example.gov.cn, c@example.gov.cn;d@example.gov.cn，e@example.gov.cn\n\n')).toEqual(['a@example.gov.cn', 'b@example.gov.cn', 'c@example.gov.cn', 'd@example.gov.cn', 'e@example.gov.cn']);
    expect(parseAddresses('   ')).toEqual([]);
  });

  it('keeps "uses the list above", "own list" and "no mail" apart, and saves what it showed unchanged', () => {
    const form = formFrom(view);
    expect(form.bySeverity).toEqual({ critical: { mode: 'list', text: 'it@example.gov.cn' }, warning: { mode: 'inherit', text: '' }, notice: { mode: 'inherit', text: '' } });
    expect(form.byRule).toEqual({ offline: { mode: 'inherit', text: '' }, 'paper-low': { mode: 'none', text: '' } });
    expect(bodyFrom(view, form)).toEqual({ baseVersion: 3, recipients: view.recipients, webhookEnabled: true });
    // An address typed under a list set to "uses the default" is not sent.
    const edited = { ...form, byRule: { ...form.byRule, offline: { mode: 'inherit' as const, text: 'x@example.gov.cn' } }, webhookEnabled: false };
    expect(bodyFrom(view, edited)).toEqual({ baseVersion: 3, recipients: view.recipients, webhookEnabled: false });
    expect(bodyFrom(view, form, { backToFile: true })).toEqual({ baseVersion: 3, recipients: null, webhookEnabled: true });
    expect(bodyFrom({ ...view, recipients: null }, form)).toMatchObject({ recipients: null });
  });

  it('places a server issue on its field', () => {
    expect(issueField('recipients.default.1')).toBe('default');
    expect(issueField('recipients.default')).toBe('default');
    expect(issueField('recipients.bySeverity.critical.0')).toBe('bySeverity.critical');
    expect(issueField('recipients.byRule.paper-low')).toBe('byRule.paper-low');
    expect(issueField('webhookEnabled')).toBe('webhookEnabled');
  });

  it('says the server\'s known refusals in the page\'s language and others as they came', () => {
    expect(issueMessage('not an e-mail address: "x y"')).toEqual({ key: 'notifySettings.invalidAddress', values: { address: '"x y"' } });
    expect(issueMessage('at least one address')).toEqual({ key: 'notifySettings.needOne', values: {} });
    expect(issueMessage('Too big: expected array to have <=50 items')).toEqual({ key: 'notifySettings.tooMany', values: {} });
    expect(issueMessage('Invalid input')).toEqual({ text: 'Invalid input' });
  });
});
