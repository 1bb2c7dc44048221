/** GET <upstream>/health with timing, and the network state the citizen screen shows. */
import { useState } from 'react';
import type { KioskErrorCode, NetworkTestResult } from '../../../../electron/contract/kiosk-api.ts';
import { useDateFormat } from '../../i18n/format-date.ts';
import { useMaintenanceCall } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, Facts, ScreenHeader } from './parts.tsx';

export function NetworkScreen() {
  const { t, i18n } = useMaintenanceT();
  const when = useDateFormat(i18n.language);
  const call = useMaintenanceCall();
  const [result, setResult] = useState<NetworkTestResult | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    const outcome = await call((api) => api.networkTest({}));
    setBusy(false);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.code);
  };

  return (
    <section className="mt-screen" data-testid="mt-network">
      <ScreenHeader title={t('network.title')} />
      <ErrorNote code={error} />
      <button type="button" className="btn btn-primary btn-huge" data-testid="mt-network-test" disabled={busy} onClick={() => void run()}>
        {busy ? t('network.running') : t('network.run')}
      </button>
      {result && (
        <div className={`mt-panel ${result.ok ? 'mt-outcome-passed' : 'mt-outcome-failed'}`} data-testid="mt-network-result" role="status">
          <p className="mt-big">{result.ok ? t('network.ok', { ms: result.latencyMs }) : t('network.failed', { error: result.error ?? '', ms: result.latencyMs })}</p>
          <Facts
            rows={[
              [t('network.url'), <span className="mono">{result.url}</span>],
              [t('network.state'), `${t(`network.states.${result.network.state}`)} · ${when.dateTimeSeconds(result.network.since)}`],
              [t('network.queued'), String(result.network.queued)],
            ]}
          />
        </div>
      )}
    </section>
  );
}
