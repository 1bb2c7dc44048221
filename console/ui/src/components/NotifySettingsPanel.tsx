/**
 * For administrators on the alerts page: who gets the alert mail (default list, per severity, per
 * rule) and whether the group robot is told, saved in the console and used by every console
 * instance from the next mail on; the mail transport from the configuration file, read-only; and
 * every version with who changed what when.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigIssue, NotifySettingsChangeView, NotifySettingsView } from '../../../shared/api-types.ts';
import { api, ApiFailure } from '../api.ts';
import { formatTime } from '../format.ts';
import { bodyFrom, formFrom, issueField, issueMessage, type ListField, type ListMode, type NotifySettingsForm } from '../notify-settings-form.ts';

const MODES: ListMode[] = ['inherit', 'list', 'none'];

export function NotifySettingsPanel() {
  const { t } = useTranslation();
  const [view, setView] = useState<NotifySettingsView>();
  const [form, setForm] = useState<NotifySettingsForm>();
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    api.notifySettings().then(
      (v) => {
        setView(v);
        setForm(formFrom(v));
      },
      (e: unknown) => setMessage({ ok: false, text: t('common.error', { message: e instanceof Error ? e.message : String(e) }) }),
    );
  // Loaded once, not polled: a poll would overwrite what the administrator is typing.
  useEffect(() => void load(), []);

  const save = (backToFile: boolean) => {
    if (!view || !form) return;
    setBusy(true);
    api.saveNotifySettings(bodyFrom(view, form, { backToFile })).then(
      (v) => {
        setBusy(false);
        setIssues([]);
        setMessage({ ok: true, text: v.version === view.version ? t('notifySettings.unchanged') : t('notifySettings.saved', { version: v.version }) });
        setView(v);
        setForm(formFrom(v));
      },
      (e: unknown) => {
        setBusy(false);
        const fieldIssues = e instanceof ApiFailure ? (e.body.issues ?? []) : [];
        setIssues(fieldIssues);
        if (e instanceof ApiFailure && e.status === 409 && e.body.error === 'conflict') {
          // Someone saved since this page loaded: show theirs, the administrator makes the change again.
          void load().then(() => setMessage({ ok: false, text: t('notifySettings.conflict') }));
          return;
        }
        setMessage({ ok: false, text: fieldIssues.length > 0 ? t('notifySettings.invalid') : t('notifySettings.refused', { message: e instanceof Error ? e.message : String(e) }) });
      },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(false);
  };

  const problemOf = (key: string) =>
    issues
      .filter((i) => issueField(i.path) === key)
      .map((i) => {
        const m = issueMessage(i.message);
        return 'text' in m ? m.text : t(m.key, m.values);
      })
      .join('; ');
  const setList = (group: 'bySeverity' | 'byRule', key: string, change: Partial<ListField>) =>
    setForm((f) => (f ? { ...f, [group]: { ...f[group], [key]: { ...f[group][key], ...change } as ListField } } : f));

  const listRow = (group: 'bySeverity' | 'byRule', key: string, label: string) => {
    const f = form?.[group][key];
    if (!f) return null;
    const id = `notify-${group}-${key}`;
    const problem = problemOf(`${group}.${key}`);
    return (
      <div key={key} className="notify-list" data-list={`${group}.${key}`}>
        <label htmlFor={`${id}-mode`}>{label}</label>
        <select id={`${id}-mode`} value={f.mode} onChange={(e) => setList(group, key, { mode: e.target.value as ListMode })}>
          {MODES.map((m) => <option key={m} value={m}>{t(`notifySettings.modes.${group}.${m}`)}</option>)}
        </select>
        {f.mode === 'list' && (
          <textarea id={`${id}-list`} aria-label={t('notifySettings.listOf', { name: label })} rows={2} value={f.text} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} onChange={(e) => setList(group, key, { text: e.target.value })} />
        )}
        {problem && <span id={`${id}-problem`} className="field-error">{problem}</span>}
      </div>
    );
  };

  const defaultProblem = problemOf('default');
  return (
    <section aria-labelledby="notify-settings-title" data-testid="notify-settings">
      <h2 id="notify-settings-title">{t('notifySettings.title')}</h2>
      {view && (
        <p data-testid="notify-settings-source">
          {view.source === 'file'
            ? view.version === 0
              ? t('notifySettings.fromFile')
              : t('notifySettings.backToFile', { version: view.version, by: view.changedBy, at: formatTime(view.changedAt) })
            : t('notifySettings.fromConsole', { version: view.version, by: view.changedBy, at: formatTime(view.changedAt) })}
        </p>
      )}
      {view?.source === 'console' && view.fileRecipients && (
        <p className="legend" data-testid="notify-file-lists">{t('notifySettings.fileLists', { lists: view.fileRecipients.default.join(', ') })}</p>
      )}
      {view?.problem && <p role="alert" className="bad">{t('notifySettings.problem', { problem: view.problem })}</p>}
      {view && form && (
        <form onSubmit={submit} className="notify-settings-form" noValidate>
          {view.recipients === null ? (
            <p>{t('notifySettings.noEmail')}</p>
          ) : (
            <>
              <div className="notify-list" data-list="default">
                <label htmlFor="notify-default">{t('notifySettings.default')}</label>
                <textarea id="notify-default" rows={3} value={form.defaultText} aria-invalid={defaultProblem ? true : undefined} aria-describedby={defaultProblem ? 'notify-default-problem' : 'notify-default-hint'} onChange={(e) => setForm({ ...form, defaultText: e.target.value })} />
                {defaultProblem ? <span id="notify-default-problem" className="field-error">{defaultProblem}</span> : <span id="notify-default-hint" className="legend">{t('notifySettings.hint')}</span>}
              </div>
              <fieldset>
                <legend>{t('notifySettings.bySeverity')}</legend>
                {view.severities.map((s) => listRow('bySeverity', s, t(`notifySettings.severities.${s}`, { defaultValue: s })))}
              </fieldset>
              <fieldset>
                <legend>{t('notifySettings.byRule')}</legend>
                {view.rules.map((r) => listRow('byRule', r.rule, `${t(`rules.${r.rule}`, { defaultValue: r.rule })} (${t(`notifySettings.severities.${r.severity}`, { defaultValue: r.severity })})`))}
              </fieldset>
            </>
          )}
          {view.webhookConfigured && (
            <label>
              <input type="checkbox" checked={form.webhookEnabled} onChange={(e) => setForm({ ...form, webhookEnabled: e.target.checked })} /> {t('notifySettings.webhookEnabled')}
            </label>
          )}
          <div className="toolbar">
            <button type="submit" disabled={busy}>{t('notifySettings.save')}</button>
            {view.source === 'console' && view.recipients !== null && (
              <button type="button" disabled={busy} onClick={() => save(true)}>{t('notifySettings.useFile')}</button>
            )}
          </div>
        </form>
      )}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'bad'}>{message.text}</p>}
      {view?.transport && (
        <>
          <h3>{t('notifySettings.transport')}</h3>
          <dl className="facts" data-testid="notify-transport">
            <dt>{t('notifySettings.host')}</dt><dd>{view.transport.host}:{view.transport.port}</dd>
            <dt>{t('notifySettings.tls')}</dt><dd>{t(`notifySettings.tlsModes.${view.transport.tls}`)}</dd>
            <dt>{t('notifySettings.user')}</dt><dd>{view.transport.username ?? t('notifySettings.noUser')}</dd>
            <dt>{t('notifySettings.from')}</dt><dd>{view.transport.from}</dd>
          </dl>
        </>
      )}
      {view && view.history.length > 0 && (
        <table aria-label={t('notifySettings.history')} data-testid="notify-history">
          <caption>{t('notifySettings.history')}</caption>
          <thead><tr><th>{t('notifySettings.version')}</th><th>{t('notifySettings.changedBy')}</th><th>{t('notifySettings.changedAt')}</th><th>{t('notifySettings.changes')}</th></tr></thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={h.version}>
                <td>{h.version}</td>
                <td>{h.changedBy}</td>
                <td>{formatTime(h.changedAt)}</td>
                <td>{h.changes.map((c) => <div key={c.field} className="break">{changeText(t, c)}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function changeText(t: (key: string, options?: Record<string, unknown>) => string, c: NotifySettingsChangeView): string {
  const value = (v: NotifySettingsChangeView['from']) =>
    v === null ? t('notifySettings.notSet') : Array.isArray(v) ? (v.length === 0 ? t('notifySettings.noMail') : v.join(', ')) : typeof v === 'boolean' ? t(v ? 'notifySettings.on' : 'notifySettings.off') : t(`notifySettings.sources.${v}`, { defaultValue: v });
  return `${fieldName(t, c.field)}: ${value(c.from)} → ${value(c.to)}`;
}

function fieldName(t: (key: string, options?: Record<string, unknown>) => string, field: string): string {
  const [head, group, key] = field.split('.');
  if (head === 'source') return t('notifySettings.source');
  if (head === 'webhookEnabled') return t('notifySettings.webhook');
  if (group === 'default') return t('notifySettings.default');
  if (group === 'bySeverity') return `${t('notifySettings.bySeverity')} · ${t(`notifySettings.severities.${key ?? ''}`, { defaultValue: key })}`;
  return `${t('notifySettings.byRule')} · ${t(`rules.${key ?? ''}`, { defaultValue: key })}`;
}
