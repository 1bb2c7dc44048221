import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { PaymentRelayPanel } from '../components/PaymentRelayPanel.tsx';
import { formatBytes, formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

export function TerminalPage({ id, session }: { id: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error } = usePolling(() => api.terminal(id), 3000, [id]);
  const [logRequest, setLogRequest] = useState<string>();
  const requestLogs = () =>
    api.propose({ name: 'request-logs', targets: { terminals: [id] } }).then(
      (c) => setLogRequest(t('terminal.logsRequested', { state: t(`commands.states.${c.state}`) })),
      (e: unknown) => setLogRequest(t('common.error', { message: e instanceof Error ? e.message : String(e) })),
    );
  if (error)
    return (
      // A terminal the console does not know (or cannot load) still shows what the relay counted for its id.
      <section>
        <h1>{t('terminal.title', { id })}</h1>
        <p role="alert" className="error">{t('common.error', { message: error })}</p>
        <PaymentRelayPanel id={id} session={session} />
      </section>
    );
  if (!data) return <p className="loading">{t('common.loading')}</p>;
  const term = data.terminal;
  const queue = term.queue;
  return (
    <section>
      <h1>
        {t('terminal.title', { id: term.id })}{' '}
        <span className={term.online ? 'ok' : 'bad'} data-status={term.online ? 'online' : 'offline'}>
          {term.online ? t('status.online') : t('status.offline')}
        </span>
      </h1>
      <dl className="facts">
        <dt>{t('terminal.since')}</dt>
        <dd>{formatTime(term.statusSince)}{term.statusReason ? ` (${term.statusReason})` : ''}</dd>
        <dt>{t('fleet.col.site')}</dt>
        <dd>{[term.region, term.hall].filter(Boolean).join(' · ') || '—'} {term.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</dd>
        <dt>{t('fleet.col.heartbeat')}</dt>
        <dd>{formatTime(term.lastHeartbeatAt)}{term.clockSkewMs !== null ? ` · ${t('terminal.skew', { seconds: Math.round(term.clockSkewMs / 1000) })}` : ''}</dd>
        <dt>{t('terminal.versions')}</dt>
        <dd>{t('terminal.versionLine', { app: term.appVersion ?? '—', config: term.configVersion ?? '—' })}</dd>
        <dt>{t('terminal.serviceMode')}</dt>
        <dd>{term.serviceMode ? t(`serviceMode.${term.serviceMode}`) : '—'}</dd>
        <dt>{t('fleet.col.queue')}</dt>
        <dd>
          {queue === null ? '—' : 'error' in queue ? t('terminal.queueError', { message: queue.error }) : t('terminal.queueLine', { pending: queue.pending, failed: queue.failed, held: queue.held ?? 0 })}
          {queue && 'oldestPendingAt' in queue && queue.oldestPendingAt ? ` · ${t('terminal.oldest', { at: formatTime(queue.oldestPendingAt) })}` : ''}
        </dd>
        <dt>{t('terminal.undecryptable')}</dt>
        <dd className={queue && 'pending' in queue && (queue.undecryptable ?? 0) > 0 ? 'bad' : ''} data-field="undecryptable">
          {queue && 'pending' in queue && queue.undecryptable !== undefined ? queue.undecryptable : '—'}
        </dd>
        <dt>{t('terminal.disk')}</dt>
        <dd>{term.disk === null ? '—' : 'error' in term.disk ? term.disk.error : t('terminal.diskLine', { free: formatBytes(term.disk.freeBytes), total: formatBytes(term.disk.totalBytes) })}</dd>
        <dt>{t('terminal.watchdog')}</dt>
        <dd data-field="watchdog-restarts">{term.watchdogRestarts ?? '—'}</dd>
        <dt>{t('terminal.movedAside')}</dt>
        <dd className={term.databasesMovedAside.length > 0 ? 'bad' : ''} data-field="moved-aside">{term.databasesMovedAside.join(', ') || '—'}</dd>
        <dt>{t('terminal.lastError')}</dt>
        <dd>{term.lastError ? `${formatTime(term.lastError.at)} ${term.lastError.message}` : '—'}</dd>
      </dl>

      <h2>{t('terminal.devices')}</h2>
      <table>
        <thead><tr><th>{t('terminal.device')}</th><th>{t('terminal.state')}</th><th>{t('terminal.reason')}</th></tr></thead>
        <tbody>
          {term.devices.map((d) => (
            <tr key={d.device}><td>{d.device}</td><td className={d.state === 'ready' || d.state === 'busy' ? 'ok' : 'bad'}>{d.state}</td><td>{[d.reason, ...(d.flags ?? [])].filter(Boolean).join(', ')}</td></tr>
          ))}
        </tbody>
      </table>

      <h2>{t('terminal.history')}</h2>
      <table aria-label={t('terminal.history')}>
        <thead><tr><th>{t('terminal.time')}</th><th>{t('terminal.state')}</th><th>{t('terminal.reason')}</th></tr></thead>
        <tbody>
          {data.statusHistory.map((h, i) => (
            <tr key={i}><td>{formatTime(h.receivedAt)}</td><td>{h.state === 'online' ? t('status.online') : t('status.offline')}</td><td>{h.reason ?? ''}</td></tr>
          ))}
        </tbody>
      </table>

      <h2>{t('terminal.events')}</h2>
      <table>
        <thead><tr><th>{t('terminal.time')}</th><th>{t('terminal.type')}</th><th>{t('terminal.data')}</th></tr></thead>
        <tbody>
          {data.events.map((e, i) => (
            <tr key={i}><td>{formatTime(e.at)}</td><td>{e.type}</td><td><code>{JSON.stringify(e.data)}</code></td></tr>
          ))}
        </tbody>
      </table>

      <h2>{t('terminal.acks')}</h2>
      <table>
        <thead><tr><th>{t('terminal.time')}</th><th>{t('terminal.command')}</th><th>{t('terminal.state')}</th><th>{t('terminal.reason')}</th></tr></thead>
        <tbody>
          {data.acks.map((a, i) => (
            <tr key={i}><td>{formatTime(a.at)}</td><td>{a.commandType ?? a.commandId}</td><td>{a.status}</td><td>{a.detail ?? ''}</td></tr>
          ))}
        </tbody>
      </table>

      <PaymentRelayPanel id={id} session={session} />

      <h2>{t('terminal.logs')}</h2>
      {session.role !== 'viewer' && (
        <p>
          <button type="button" onClick={() => void requestLogs()}>{t('terminal.requestLogs')}</button> {logRequest}
        </p>
      )}
      {data.logs.length === 0 && <p>{t('terminal.noLogs')}</p>}
      {data.logs.map((log) => (
        <details key={log.requestId}>
          <summary>{t('terminal.logSummary', { id: log.requestId, at: formatTime(log.receivedAt) })}{log.complete ? '' : ` · ${t('terminal.logMissing', { parts: log.missing.join(', ') })}`}</summary>
          <pre>{log.text}</pre>
        </details>
      ))}
    </section>
  );
}
