import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface TimeoutWarningProps {
  secondsLeft: number;
  onContinue(): void;
}

export function TimeoutWarning({ secondsLeft, onContinue }: TimeoutWarningProps) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="overlay">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="timeout-title"
        aria-describedby="timeout-message"
        data-testid="timeout-warning"
      >
        <h2 id="timeout-title">{t('timeout.title')}</h2>
        <p id="timeout-message">{t('timeout.message')}</p>
        <p className="countdown-big" aria-live="assertive" aria-atomic="true">
          <span data-testid="timeout-countdown">{secondsLeft}</span>
          <span className="countdown-unit">{t('timeout.secondsUnit')}</span>
        </p>
        <button ref={button} type="button" className="btn btn-primary btn-huge" data-testid="continue-button" onClick={onContinue}>
          {t('timeout.continue')}
        </button>
      </div>
    </div>
  );
}
