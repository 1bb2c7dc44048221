/**
 * For administrators on the alerts page: each notification channel as this console instance has
 * it configured, what it delivered, its latest refusals (what they must fix), and a test mail.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestMailResult } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

export function NotifyChannelsPanel() {
  const { t } = useTranslation();
  const { data, error, reload } = usePolling(() => api.notifyChannels(), 10_000, []);
  const [sending, setSending] = useState(false);
  const [test, setTest] = useState<TestMailResult | { result: 'error'; detail: string }>();
  const sendTest = () => {
    setSending(true);
    api.testMail().then(
      (r) => {
        setTest(r);
        setSending(false);
        reload();
      },
      (e: unknown) => {
        setTest({ result: 'error', detail: e instanceof Error ? e.message : String(e) });
        setSending(false);
      },
    );
  };
  const testText = (r: NonNullable<typeof test>) =>
    r.result === 'sent' ? t('notifyChannels.testSent') : r.result === 'failed' ? t('notifyChannels.testFailed', { detail: r.detail }) : r.result === 'unknown' ? t('notifyChannels.testUnknown', { detail: r.detail }) : t('common.error', { message: r.detail });
  return (
    <section aria-labelledby="notify-channels-title" data-testid="notify-channels">
      <h2 id="notify-channels-title">{t('notifyChannels.title')}</h2>
      {error && <p role="alert" className="error">{t('common.error', { message: error })}</p>}
      <table aria-labelledby="notify-channels-title">
        <thead>
          <tr><th>{t('notifyChannels.channel')}</th><th>{t('notifyChannels.target')}</th><th>{t('notifyChannels.delivered')}</th><th>{t('notifyChannels.lastFailures')}</th><th /></tr>
        </thead>
        <tbody>
          {data?.channels.map((c) => (
            <tr key={c.channel} data-channel={c.channel}>
              <td>{t(`alerts.channels.${c.channel}`)}</td>
              <td>{c.configured ? c.target : t('notifyChannels.notConfigured')}{c.configured && !c.enabled ? ` · ${t('notifyChannels.paused')}` : ''}</td>
              <td className={c.counts.failed > 0 ? 'bad' : ''}>{t('notifyChannels.counts', c.counts)}</td>
              <td>
                {c.failures.length === 0
                  ? t('notifyChannels.none')
                  : c.failures.slice(0, 3).map((f) => (
                      <div key={`${f.alertId}-${f.event}`} className="bad">{t('notifyChannels.failure', { id: f.alertId, event: t(`alerts.events.${f.event}`), at: formatTime(f.at), detail: f.detail ?? '' })}</div>
                    ))}
              </td>
              <td>
                {c.channel === 'email' && c.configured && (
                  <button type="button" disabled={sending} onClick={sendTest}>{t('notifyChannels.testMail')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {test && <p role="status" className={test.result === 'sent' ? 'ok' : 'bad'}>{testText(test)}</p>}
    </section>
  );
}
