import { useTranslation } from 'react-i18next';
import type { KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';

interface ErrorScreenProps {
  code: KioskErrorCode;
  onRetry: (() => void) | null;
  onHome(): void;
}

export function ErrorScreen({ code, onRetry, onHome }: ErrorScreenProps) {
  const { t } = useTranslation();
  return (
    <section className="screen screen-center" data-testid="error" data-code={code} aria-labelledby="error-title">
      <span className="error-mark" aria-hidden="true">
        !
      </span>
      <h1 id="error-title" className="screen-title">
        {t('errors.title')}
      </h1>
      <p className="error-message" role="alert" data-testid="error-message">
        {t(`errors.${code}`, { defaultValue: t('errors.INTERNAL') })}
      </p>
      <div className="actions">
        {onRetry && (
          <button type="button" className="btn btn-primary" data-testid="retry-button" onClick={onRetry}>
            {t('actions.retry')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" data-testid="home-button" onClick={onHome}>
          {t('actions.home')}
        </button>
      </div>
    </section>
  );
}
