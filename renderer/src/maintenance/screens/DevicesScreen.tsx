/**
 * Device health and self-tests through the real drivers: a test page, a card read, a scan. A card
 * read or a scan waits for the engineer; it can be cancelled. The camera, which the screen owns,
 * is tested with a live preview.
 */
import { useState } from 'react';
import { CameraPreview } from './CameraPreview.tsx';
import type { KioskErrorCode, SelfTestDevice, SelfTestResult } from '../../../../electron/contract/kiosk-api.ts';
import { useDateFormat } from '../../i18n/format-date.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

const TESTABLE: readonly SelfTestDevice[] = ['printer', 'idCard', 'scanner'];

export function DevicesScreen() {
  const { t, i18n } = useMaintenanceT();
  const when = useDateFormat(i18n.language);
  const call = useMaintenanceCall();
  const overview = useMaintenanceLoad((api) => api.getMaintenanceOverview({}));
  const [running, setRunning] = useState<SelfTestDevice | null>(null);
  const [result, setResult] = useState<SelfTestResult | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const run = async (device: SelfTestDevice) => {
    setRunning(device);
    setResult(null);
    setError(null);
    const outcome = await call((api) => api.runSelfTest({ device }));
    setRunning(null);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.code);
    overview.reload();
  };
  const cancel = () => void call((api) => api.cancelSelfTest({}));

  return (
    <section className="mt-screen" data-testid="mt-devices">
      <ScreenHeader title={t('devices.title')} onRefresh={overview.reload} busy={overview.loading} />
      <ErrorNote code={overview.error ?? error} />
      <ul className="mt-cards">
        {(overview.data?.devices ?? []).map((d) => (
          <li key={d.device} className={`mt-card mt-state-${d.configured ? d.state : 'absent'}`} data-testid={`mt-device-${d.device}`}>
            <h2>{t(`device.names.${d.device}`)}</h2>
            <p className="mt-big">{d.configured ? t(`device.states.${d.state}`) : t('device.notConfigured')}</p>
            {d.reason && d.configured && <p>{t('device.reason', { reason: d.reason })}</p>}
            {d.flags.length > 0 && <p>{t('device.flags', { flags: d.flags.join(', ') })}</p>}
            <p className="mt-muted">{t('device.since', { time: when.dateTimeSeconds(d.since) })}</p>
            {Object.entries(d.details).map(([k, v]) => (
              <p key={k} className="mt-muted mono">
                {k}: {v}
              </p>
            ))}
            {d.lastError && <p className="mt-muted">{t('device.lastError', { reason: d.lastError.reason, time: when.dateTimeSeconds(d.lastError.at) })}</p>}
            {(TESTABLE as readonly string[]).includes(d.device) && (
              <button
                type="button"
                className="btn btn-primary"
                data-testid={`mt-selftest-${d.device}`}
                disabled={running !== null || !d.configured}
                onClick={() => void run(d.device as SelfTestDevice)}
              >
                {t(`selfTest.run.${d.device}`)}
              </button>
            )}
            {d.device === 'camera' && (
              <button
                type="button"
                className="btn btn-primary"
                data-testid="mt-selftest-camera"
                disabled={running !== null || previewing}
                onClick={() => setPreviewing(true)}
              >
                {t('selfTest.run.camera')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {previewing && <CameraPreview onClose={() => setPreviewing(false)} onReported={overview.reload} />}
      {running && (
        <div className="mt-panel" role="status" data-testid="mt-selftest-running">
          <p className="mt-big">{t(`selfTest.waiting.${running}`)}</p>
          {running !== 'printer' && (
            <button type="button" className="btn btn-secondary" data-testid="mt-selftest-cancel" onClick={cancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      )}
      {result && <SelfTestOutcome result={result} />}
    </section>
  );
}

function SelfTestOutcome({ result }: { result: SelfTestResult }) {
  const { t } = useMaintenanceT();
  return (
    <div className={`mt-panel mt-outcome-${result.outcome}`} role="status" data-testid="mt-selftest-result" data-outcome={result.outcome}>
      <p className="mt-big">
        {t(`device.names.${result.device}`)} · {t(`selfTest.outcome.${result.outcome}`)}
      </p>
      {result.print && <p>{t('selfTest.print', { status: t(`selfTest.printStatus.${result.print.status}`) })}</p>}
      {result.card && <p className="mono">{t('selfTest.card', { name: result.card.nameMasked, id: result.card.idNumberMasked })}</p>}
      {result.scan && <p>{t('selfTest.scan', { length: result.scan.length, source: result.scan.source })}</p>}
      {result.detail && <p className="mt-muted">{result.detail}</p>}
      <p className="mt-muted">{t('selfTest.duration', { ms: result.durationMs })}</p>
    </div>
  );
}
