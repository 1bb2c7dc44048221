import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { NotifyChannelsPanel } from '../components/NotifyChannelsPanel.tsx';
import { NotifySettingsPanel } from '../components/NotifySettingsPanel.tsx';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const CAN_ACT = new Set(['operator', 'publisher', 'admin']);

export function AlertsPage({ session, open }: { session: SessionInfo; open: (id: string) => void }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const { data, error, reload } = usePolling(() => api.alerts(all), 5000, [all]);
  const act = (id: number, verb: 'acknowledge' | 'resolve') =>
    api.alertAction(id, verb).then(
      () => {
        setActionError(undefined);
        reload();
      },
      (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <section>
      <h1>{t('alerts.title')}</h1>
      <label className="toolbar">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('alerts.showResolved')}
      </label>
      {(error ?? actionError) && <p role="alert" className="error">{t('common.error', { message: error ?? actionError })}</p>}
      {data?.length === 0 && <p>{t('alerts.none')}</p>}
      <table aria-label={t('alerts.title')}>
        <thead>
          <tr><th>{t('alerts.opened')}</th><th>{t('alerts.terminal')}</th><th>{t('alerts.rule')}</th><th>{t('alerts.detail')}</th><th>{t('alerts.state')}</th><th>{t('alerts.notify')}</th><th /></tr>
        </thead>
        <tbody>
          {data?.map((a) => (
            <tr key={a.id} data-alert={a.rule}>
              <td>{formatTime(a.openedAt)}</td>
              <td><a href={`/terminals/${a.terminalId}`} onClick={(e) => { e.preventDefault(); open(a.terminalId); }}>{a.terminalId}</a></td>
              <td>{t(`rules.${a.rule}`, { defaultValue: a.rule })}</td>
              <td>{a.detail}</td>
              <td>{t(`alerts.states.${a.state}`)}{a.acknowledgedBy ? ` · ${a.acknowledgedBy}` : ''}{a.resolvedBy ? ` · ${a.resolvedBy}` : ''}</td>
              <td>
                {a.notifications.length === 0 && t('alerts.notifyNone')}
                {a.notifications.map((n) => (
                  <div key={`${n.channel}-${n.event}`} data-notify={`${n.channel}-${n.event}`} className={n.state === 'failed' ? 'bad' : ''}>
                    {t(`alerts.channels.${n.channel}`)} · {t(`alerts.events.${n.event}`)}: {t(`alerts.notifyStates.${n.state}`)}
                    {n.detail ? ` (${n.detail})` : ''}
                    {n.state === 'pending' && n.nextAt ? ` · ${t('alerts.retryAt', { at: formatTime(n.nextAt) })}` : ''}
                  </div>
                ))}
              </td>
              <td>
                {CAN_ACT.has(session.role) && a.state === 'open' && <button type="button" onClick={() => void act(a.id, 'acknowledge')}>{t('alerts.acknowledge')}</button>}
                {CAN_ACT.has(session.role) && a.state !== 'resolved' && <button type="button" onClick={() => void act(a.id, 'resolve')}>{t('alerts.resolve')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {session.role === 'admin' && <NotifyChannelsPanel />}
      {session.role === 'admin' && <NotifySettingsPanel />}
    </section>
  );
}
