/**
 * The authorisation page (授权确认) before the face check: what will be queried, for what, by whom,
 * and what happens to the face. The texts are the locale packs' (personCheck.purpose.<service>),
 * so a hall's wording is changed with the locales, never in code.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonCheckPhotoSource } from '../../../electron/contract/kiosk-api.ts';
import { loadFaceEngine } from './face-engine.ts';

interface PersonCheckConsentProps {
  purpose: string;
  /** Which photo the face is compared with (the terminal's configuration): said before the citizen agrees. */
  photoSource: PersonCheckPhotoSource;
  onAgree(): void;
  onDecline(): void;
}

export function PersonCheckConsent({ purpose, photoSource, onAgree, onDecline }: PersonCheckConsentProps) {
  const { t } = useTranslation();
  const rows = ['what', 'why', 'who'] as const;
  // The models load while the citizen reads (public weights, nothing personal): a failure shows later, when they are needed.
  useEffect(() => void loadFaceEngine().catch(() => undefined), []);
  return (
    <section className="screen" data-testid="person-consent" aria-labelledby="person-consent-title">
      <p className="screen-kicker">{t('personCheck.title')}</p>
      <h1 id="person-consent-title" className="screen-title">
        {t('personCheck.consent.title')}
      </h1>
      <div className="panel">
        <dl className="record-meta">
          {rows.map((row) => (
            <div key={row}>
              <dt>{t(`personCheck.consent.${row}`)}</dt>
              <dd data-testid={`person-consent-${row}`} data-speak="">
                {t(`personCheck.purpose.${purpose}.${row}`)}
              </dd>
            </div>
          ))}
        </dl>
        <p data-speak="" data-testid="person-consent-photo" data-source={photoSource}>
          {t(`personCheck.consent.photo.${photoSource}`)}
        </p>
        <p>{t('personCheck.consent.kept')}</p>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="person-decline" onClick={onDecline}>
          {t('personCheck.consent.decline')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="person-agree" onClick={onAgree}>
          {t('personCheck.consent.agree')}
        </button>
      </div>
    </section>
  );
}
