/** Restarting the app, after a confirmation: the shell restarts it (or says it cannot). */
import { useState } from 'react';
import type { KioskErrorCode, RestartResult } from '../../../../electron/contract/kiosk-api.ts';
import { useMaintenanceCall } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

export function SystemScreen() {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<RestartResult | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);

  const restart = async () => {
    setConfirming(false);
    setError(null);
    const outcome = await call((api) => api.restartApp({}));
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.code);
  };

  return (
    <section className="mt-screen" data-testid="mt-system">
      <ScreenHeader title={t('system.title')} />
      <ErrorNote code={error} />
      {!confirming ? (
        <button type="button" className="btn btn-primary btn-huge" data-testid="mt-restart" onClick={() => setConfirming(true)}>
          {t('system.restart')}
        </button>
      ) : (
        <div className="mt-panel" role="alertdialog" aria-label={t('system.restart')}>
          <p className="mt-big">{t('system.confirm')}</p>
          <div className="mt-actions">
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" data-testid="mt-restart-confirm" onClick={() => void restart()}>
              {t('system.restartNow')}
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className="mt-panel" data-testid="mt-restart-result" role="status">
          {result.restarting ? t('system.restarting') : t('system.unsupported')}
        </p>
      )}
    </section>
  );
}
