/** Small pieces every maintenance screen uses. */
import type { ReactNode } from 'react';
import type { KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';

export function ScreenHeader({ title, onRefresh, busy }: { title: string; onRefresh?: () => void; busy?: boolean }) {
  const { t } = useMaintenanceT();
  return (
    <header className="mt-header">
      <h1>{title}</h1>
      {onRefresh && (
        <button type="button" className="btn btn-secondary" data-testid="mt-refresh" disabled={busy} onClick={onRefresh}>
          {busy ? t('common.loading') : t('common.refresh')}
        </button>
      )}
    </header>
  );
}

export function ErrorNote({ code }: { code: KioskErrorCode | null }) {
  const { t } = useMaintenanceT();
  if (code === null) return null;
  return (
    <p className="mt-error" role="alert" data-testid="mt-error">
      {t('common.failed', { code })}
    </p>
  );
}

export function Facts({ rows }: { rows: Array<[string, ReactNode, string?]> }) {
  return (
    <dl className="mt-facts">
      {rows.map(([label, value, testId]) => (
        <div key={label} className="mt-fact" {...(testId ? { 'data-testid': testId } : {})}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
