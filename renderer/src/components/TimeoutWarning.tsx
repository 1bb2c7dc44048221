import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.tsx';

interface TimeoutWarningProps {
  secondsLeft: number;
  onContinue(): void;
}

/** WCAG 2.2.1: the reset is announced with a countdown and one tap extends the session. */
export function TimeoutWarning({ secondsLeft, onContinue }: TimeoutWarningProps) {
  const { t } = useTranslation();
  return (
    // Escape counts as "still here": only an explicit answer clears the warning, never a stray touch.
    <Modal testId="timeout-warning" title={t('timeout.title')} role="alertdialog" describedBy="timeout-message" onClose={onContinue}>
      <p id="timeout-message">{t('timeout.message')}</p>
      <p className="countdown-big" aria-live="assertive" aria-atomic="true">
        <span data-testid="timeout-countdown">{secondsLeft}</span>
        <span className="countdown-unit">{t('timeout.secondsUnit')}</span>
      </p>
      <button type="button" className="btn btn-primary btn-huge" data-testid="continue-button" onClick={onContinue}>
        {t('timeout.continue')}
      </button>
    </Modal>
  );
}
