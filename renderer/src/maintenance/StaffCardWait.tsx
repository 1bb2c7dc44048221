/**
 * Shown in place of the PIN keys while the core waits for a staff card on the ID-card reader:
 * what to do, the seconds left (the core's own timeout ends the wait), and a cancel.
 */
import { useMaintenanceT } from './maintenance-i18n.ts';

export function StaffCardWait({ secondsLeft, onCancel }: { secondsLeft: number; onCancel(): void }) {
  const { t } = useMaintenanceT();
  return (
    <div className="mt-card-wait" data-testid="card-wait">
      <p className="mt-big">{t('card.place')}</p>
      <p className="mt-card-countdown" data-testid="card-countdown" aria-live="off">
        {t('card.countdown', { seconds: secondsLeft })}
      </p>
      <button type="button" className="btn btn-secondary" data-testid="card-cancel" onClick={onCancel}>
        {t('card.cancel')}
      </button>
    </div>
  );
}
