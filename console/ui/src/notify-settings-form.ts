/**
 * The alert mail recipients form (components/NotifySettingsPanel.tsx) as plain data: lists typed
 * one address per line (commas, semicolons and spaces also separate, as people paste them from
 * mail clients), and for each severity and rule whether it uses the list above it, its own list,
 * or sends no mail. The server checks the addresses with the configuration file's rules.
 */
import type { EmailRecipientsView, NotifySettingsEditBody, NotifySettingsView } from '../../shared/api-types.ts';

/** inherit: the severity's list (a rule) or the default list (a severity); none: no mail. */
export type ListMode = 'inherit' | 'list' | 'none';
export interface ListField {
  mode: ListMode;
  text: string;
}

export interface NotifySettingsForm {
  defaultText: string;
  bySeverity: Record<string, ListField>;
  byRule: Record<string, ListField>;
  webhookEnabled: boolean;
}

export function parseAddresses(text: string): string[] {
  return text.split(/[\s,;，；、]+/u).filter((a) => a !== '');
}

function field(list: string[] | undefined): ListField {
  if (list === undefined) return { mode: 'inherit', text: '' };
  return list.length === 0 ? { mode: 'none', text: '' } : { mode: 'list', text: list.join('\n') };
}

export function formFrom(view: NotifySettingsView): NotifySettingsForm {
  const r = view.recipients;
  return {
    defaultText: (r?.default ?? []).join('\n'),
    bySeverity: Object.fromEntries(view.severities.map((s) => [s, field(r?.bySeverity[s])])),
    byRule: Object.fromEntries(view.rules.map(({ rule }) => [rule, field(r?.byRule[rule])])),
    webhookEnabled: view.webhookEnabled,
  };
}

function lists(fields: Record<string, ListField>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, f] of Object.entries(fields)) {
    if (f.mode === 'list') out[key] = parseAddresses(f.text);
    else if (f.mode === 'none') out[key] = [];
  }
  return out;
}

/** The body that saves the form over `view`'s version; `recipients: null` (the file's lists) when asked or without a mail channel. */
export function bodyFrom(view: NotifySettingsView, form: NotifySettingsForm, options: { backToFile?: boolean } = {}): NotifySettingsEditBody {
  const recipients: EmailRecipientsView | null =
    view.recipients === null || options.backToFile ? null : { default: parseAddresses(form.defaultText), bySeverity: lists(form.bySeverity), byRule: lists(form.byRule) };
  return { baseVersion: view.version, recipients, webhookEnabled: form.webhookEnabled };
}

/** The form field an issue path of the server names (`recipients.byRule.paper-low.2` → `byRule.paper-low`). */
export function issueField(path: string): string {
  const parts = path.split('.');
  if (parts[0] !== 'recipients') return parts[0] ?? '';
  if (parts[1] === 'default' || parts[1] === undefined) return 'default';
  return `${parts[1]}.${parts[2] ?? ''}`;
}

/** A server issue in the page's language where the console knows it (the file's zod messages), else as it came. */
export function issueMessage(message: string): { key: string; values: Record<string, string> } | { text: string } {
  const address = /^not an e-mail address: (.*)$/.exec(message);
  if (address) return { key: 'notifySettings.invalidAddress', values: { address: address[1] ?? '' } };
  if (message === 'at least one address') return { key: 'notifySettings.needOne', values: {} };
  if (/50/.test(message) && /too big|at most|<=/i.test(message)) return { key: 'notifySettings.tooMany', values: {} };
  return { text: message };
}
