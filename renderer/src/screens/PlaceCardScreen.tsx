import { useTranslation } from 'react-i18next';
import { CardIllustration } from '../components/CardIllustration.tsx';
import { StepIndicator } from '../components/StepIndicator.tsx';
import { useCountdown } from '../session/use-countdown.ts';

interface PlaceCardScreenProps {
  /** The service the card is read for. */
  kicker: string;
  reading: boolean;
  timeoutSeconds: number;
  /** Restarts the countdown for each read attempt. */
  attempt: number;
  onBack(): void;
  /** Another way in that needs no card (e.g. enterprise credit by code). */
  alternative?: { label: string; testId: string; onSelect(): void };
  /** The journey's step names and the card's place among them. */
  steps?: { current: number; names: readonly string[] };
}

export function PlaceCardScreen({ kicker, reading, timeoutSeconds, attempt, onBack, alternative, steps }: PlaceCardScreenProps) {
  const { t } = useTranslation();
  const secondsLeft = useCountdown(timeoutSeconds, attempt);
  return (
    <section className="screen screen-center" data-testid="place-card" aria-labelledby="place-card-title">
      <p className="screen-kicker">{kicker}</p>
      {steps && <StepIndicator current={steps.current} steps={steps.names} />}
      <h1 id="place-card-title" className="screen-title">
        {t('credit.placeCard.instruction')}
      </h1>
      <CardIllustration label={t('credit.placeCard.illustration')} />
      <p className="status-text" role="status" aria-live="polite">
        {reading ? t('credit.placeCard.reading') : t('credit.placeCard.detail')}
      </p>
      {!reading && (
        <p className="countdown" data-testid="card-countdown">
          {t('credit.placeCard.countdown', { seconds: secondsLeft })}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        {alternative && !reading && (
          <button type="button" className="btn btn-secondary" data-testid={alternative.testId} onClick={alternative.onSelect}>
            {alternative.label}
          </button>
        )}
      </div>
    </section>
  );
}
