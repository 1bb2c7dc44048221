/** Logs and the audit log onto the USB drive, and a check of the audit chain on the terminal. */
import { useState } from 'react';
import type { AuditVerification, ExportResult, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { formatBytes } from '../format.ts';
import { useMaintenanceCall } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

type Done =
  | { kind: 'logs'; result: ExportResult }
  | { kind: 'audit'; result: ExportResult & { verification: AuditVerification } }
  | { kind: 'verify'; result: AuditVerification };

export function ExportScreen() {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (kind: Done['kind']) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const outcome =
      kind === 'logs'
        ? await call(async (api) => ({ kind, result: await api.exportLogs({ target: 'usb' }) }) as Done)
        : kind === 'audit'
          ? await call(async (api) => ({ kind, result: await api.exportAudit({ target: 'usb' }) }) as Done)
          : await call(async (api) => ({ kind, result: await api.verifyAudit({}) }) as Done);
    setBusy(false);
    if (outcome.ok) setDone(outcome.value);
    else setError(outcome.code);
  };

  return (
    <section className="mt-screen" data-testid="mt-export">
      <ScreenHeader title={t('export.title')} />
      <p className="mt-muted">{t('export.hint')}</p>
      <div className="mt-toolbar">
        <button type="button" className="btn btn-primary" data-testid="mt-export-logs" disabled={busy} onClick={() => void run('logs')}>
          {t('export.logs')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="mt-export-audit" disabled={busy} onClick={() => void run('audit')}>
          {t('export.audit')}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="mt-verify-audit" disabled={busy} onClick={() => void run('verify')}>
          {t('export.verify')}
        </button>
      </div>
      {error === 'DEVICE_UNAVAILABLE' ? (
        <p className="mt-error" role="alert">
          {t('export.noDrive')}
        </p>
      ) : (
        <ErrorNote code={error} />
      )}
      {done && <DoneNote done={done} />}
    </section>
  );
}

function DoneNote({ done }: { done: Done }) {
  const { t, i18n } = useMaintenanceT();
  const verification = done.kind === 'verify' ? done.result : done.kind === 'audit' ? done.result.verification : null;
  return (
    <div className={`mt-panel ${verification && !verification.ok ? 'mt-outcome-failed' : 'mt-outcome-passed'}`} data-testid="mt-export-result" role="status">
      {done.kind !== 'verify' && (
        <>
          <p className="mt-big">{t('export.done', { count: done.result.files.length })}</p>
          <p className="mono">{done.result.directory}</p>
          <ul>
            {done.result.files.map((f) => (
              <li key={f.name} className="mono">
                {f.name} · {formatBytes(f.bytes, i18n.language)}
              </li>
            ))}
          </ul>
        </>
      )}
      {verification &&
        (verification.ok ? (
          <p className="mt-big">{t('export.verified', { entries: verification.entries })}</p>
        ) : (
          <p className="mt-big">{t('export.broken', { line: verification.line, reason: verification.reason })}</p>
        ))}
    </div>
  );
}
