/** The first maintenance screen: is this terminal well, and if not, where to look. */
import { useState } from 'react';
import type { AlertView, KioskErrorCode, MaintenanceOverview } from '../../../../electron/contract/kiosk-api.ts';
import { useDateFormat } from '../../i18n/format-date.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, Facts, ScreenHeader } from './parts.tsx';

export function OverviewScreen() {
  const { t, i18n } = useMaintenanceT();
  const overview = useMaintenanceLoad((api) => api.getMaintenanceOverview({}));
  const o = overview.data;
  return (
    <section className="mt-screen" data-testid="mt-overview">
      <ScreenHeader title={t('overview.title')} onRefresh={overview.reload} busy={overview.loading} />
      <ErrorNote code={overview.error} />
      {o && <OverviewAlerts alerts={o.alerts} locale={i18n.language} onChanged={overview.reload} />}
      {o && <OverviewFacts o={o} locale={i18n.language} />}
      {o && (
        <ul className="mt-device-list" aria-label={t('overview.devices')}>
          {o.devices.map((d) => (
            <li key={d.device} className={`mt-device mt-state-${d.configured ? d.state : 'absent'}`} data-testid={`mt-overview-device-${d.device}`}>
              <strong>{t(`device.names.${d.device}`)}</strong>
              <span>{d.configured ? t(`device.states.${d.state}`) : t('device.notConfigured')}</span>
              {d.reason && d.configured && <span className="mt-muted">{d.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OverviewFacts({ o, locale }: { o: MaintenanceOverview; locale: string }) {
  const { t } = useMaintenanceT();
  const when = useDateFormat(locale);
  const disk = 'error' in o.disk ? o.disk.error : t('overview.diskFree', { free: formatBytes(o.disk.freeBytes, locale), total: formatBytes(o.disk.totalBytes, locale) });
  return (
    <Facts
      rows={[
        [t('overview.terminal'), o.terminalId, 'mt-overview-terminal'],
        [t('overview.appVersion'), o.appVersion],
        [t('overview.configVersion'), o.config.seq === null ? o.config.version : t('overview.configSeq', { version: o.config.version, seq: o.config.seq })],
        [t('overview.uptime'), formatDuration(o.uptimeSeconds)],
        [
          t('overview.serviceMode'),
          o.serviceMode.outOfService ? t('serviceMode.out') : t('serviceMode.in'),
          'mt-overview-service-mode',
        ],
        [t('overview.network'), `${t(`network.states.${o.network.state}`)} · ${when.dateTimeSeconds(o.network.since)}`],
        [
          t('overview.queue'),
          t('overview.queueCounts', { pending: o.queue.pending, failed: o.queue.failed, acknowledged: o.queue.acknowledged }),
          'mt-overview-queue',
        ],
        [t('overview.disk'), disk],
        [t('overview.lastError'), o.lastError ? `${when.dateTimeSeconds(o.lastError.at)} ${o.lastError.message}` : t('overview.noError')],
        [t('overview.audit'), t('overview.auditHead', { seq: o.audit.seq, hash: o.audit.hash.slice(0, 12) })],
        [t('overview.logs'), t('overview.logFiles', { files: o.logs.files, size: formatBytes(o.logs.bytes, locale) })],
        [t('overview.fleet'), o.fleet.enabled ? o.fleet.state : t('overview.fleetOff')],
      ]}
    />
  );
}

/** First on the screen: what staff must act on, with the engineer's detail under each headline. */
function OverviewAlerts({ alerts, locale, onChanged }: { alerts: AlertView[]; locale: string; onChanged(): void }) {
  const { t } = useMaintenanceT();
  const when = useDateFormat(locale);
  const call = useMaintenanceCall();
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const acknowledgeGap = async (gap: { from: number; to: number }) => {
    setError(null);
    const outcome = await call((api) => api.acknowledgeSequenceGap(gap));
    if (outcome.ok) setAcknowledged(true);
    else setError(outcome.code);
    onChanged();
  };
  return (
    <div data-testid="mt-overview-alerts">
      <h3>{t('overview.alerts')}</h3>
      <ErrorNote code={error} />
      {acknowledged && (
        <p className="mt-muted" role="status">
          {t('overview.gapAcknowledged')}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="mt-muted">{t('overview.noAlerts')}</p>
      ) : (
        <ul className="mt-device-list" aria-label={t('overview.alerts')}>
          {alerts.map((alert) => ({ alert, gap: gapOf(alert) })).map(({ alert, gap }) => (
            <li key={alert.id} className={`mt-device mt-warn mt-alert-${alert.severity}`} data-testid={`mt-overview-alert-${alert.id}`}>
              <strong>
                {t(`overview.alertSeverity.${alert.severity}`)} · {t(`overview.alertKinds.${alert.kind}`, { defaultValue: alert.kind })}
              </strong>
              <span>{t('overview.alertSince', { since: when.dateTimeSeconds(alert.since) })}</span>
              <span className="mt-muted">{alert.detail}</span>
              {gap && (
                <button type="button" className="btn btn-secondary" data-testid="mt-overview-acknowledge-gap" onClick={() => void acknowledgeGap(gap)}>
                  {t('overview.acknowledgeGap')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A lost-submissions alert names its gap in its id (outbox-runtime.ts: `outbox-lost:<from>-<to>`). */
function gapOf(alert: AlertView): { from: number; to: number } | undefined {
  const match = /^outbox-lost:(\d+)-(\d+)$/.exec(alert.id);
  return match ? { from: Number(match[1]), to: Number(match[2]) } : undefined;
}
