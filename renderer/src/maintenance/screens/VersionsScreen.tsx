/** Config versions, newest first, and the one-tap way back to the version before the live one. */
import { useState } from 'react';
import type { ConfigRestoreResult, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { useDateFormat } from '../../i18n/format-date.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

export function VersionsScreen() {
  const { t, i18n } = useMaintenanceT();
  const when = useDateFormat(i18n.language);
  const call = useMaintenanceCall();
  const versions = useMaintenanceLoad((api) => api.listConfigVersions({}));
  const [result, setResult] = useState<ConfigRestoreResult | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const restore = async () => {
    setBusy(true);
    setError(null);
    const outcome = await call((api) => api.restorePreviousConfig({}));
    setBusy(false);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.code);
    versions.reload();
  };

  const list = versions.data ?? [];
  const current = list.find((v) => v.current);
  return (
    <section className="mt-screen" data-testid="mt-versions">
      <ScreenHeader title={t('versions.title')} onRefresh={versions.reload} busy={versions.loading} />
      <ErrorNote code={versions.error ?? error} />
      <div className="mt-toolbar">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="mt-restore-previous"
          disabled={busy || !current || current.parent === null}
          onClick={() => void restore()}
        >
          {t('versions.restore')}
        </button>
      </div>
      {result && (
        <p className={`mt-panel ${result.restored ? 'mt-outcome-passed' : 'mt-outcome-failed'}`} data-testid="mt-restore-result" role="status">
          {result.restored
            ? t('versions.restored', { seq: result.seq, version: result.version })
            : result.reason === 'no-previous'
              ? t('versions.noPrevious')
              : t('versions.refused', { problems: result.problems.map((p) => `${p.path}: ${p.reason}`).join('; ') })}
        </p>
      )}
      <ul className="mt-list">
        {list.map((v) => (
          <li key={v.seq} className={`mt-list-item${v.current ? ' mt-current' : ''}`} data-testid={`mt-version-${v.seq}`}>
            <div className="mt-list-main">
              <p className="mt-big">
                {t('versions.seq', { seq: v.seq })} {v.configVersion ? `· ${v.configVersion}` : ''} {v.current && <span className="mt-badge">{t('versions.current')}</span>}{' '}
                {v.proven && <span className="mt-badge mt-badge-ok">{t('versions.proven')}</span>}
              </p>
              <p className="mt-muted">
                {when.dateTimeSeconds(v.savedAt)} · {t(`versions.source.${v.source}`)} · {t('versions.by', { actor: v.actor })}
              </p>
              {v.note && <p>{v.note}</p>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
