/**
 * "The ID card reader is here": a label and an arrow pinned to the screen edge nearest the reader
 * (config `hall.cardReader`, seen from the citizen), so the first thing a citizen needs on most
 * journeys is found before they start.
 */
import { useTranslation } from 'react-i18next';
import type { HallView } from '../../../electron/contract/kiosk-api.ts';

/** Degrees the downward arrow turns to point at the reader. */
const TURN: Record<HallView['cardReader'], number> = {
  below: 0,
  'below-left': 45,
  'below-right': -45,
  left: 90,
  right: -90,
};

export function CardReaderArrow({ place }: { place: HallView['cardReader'] }) {
  const { t } = useTranslation();
  return (
    <p className={`reader-arrow reader-arrow-${place}`} data-testid="reader-arrow" data-place={place}>
      <span>{t('attract.cardReader')}</span>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={{ transform: `rotate(${TURN[place]}deg)` }}>
        <path d="M10 2h4v13.2l4.6-4.6 2.8 2.8L12 22.8l-9.4-9.4 2.8-2.8 4.6 4.6V2z" />
      </svg>
    </p>
  );
}
