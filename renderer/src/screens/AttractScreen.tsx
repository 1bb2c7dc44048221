import { useTranslation } from 'react-i18next';

/** Idle screen: no adverts, the whole area is one "start" button. */
export function AttractScreen({ onStart }: { onStart(): void }) {
  const { t } = useTranslation();
  return (
    <section className="attract-wrap" aria-labelledby="attract-title">
      {/* Headings may not sit inside a button; this one is for screen readers. */}
      <h1 id="attract-title" className="sr-only">
        {t('app.title')}
      </h1>
      <button type="button" className="attract" data-testid="attract" onClick={onStart}>
        <span className="attract-pulse" aria-hidden="true" />
        <span className="attract-title">{t('attract.touchToStart')}</span>
        <span className="attract-hint">{t('attract.hint')}</span>
        <span className="attract-privacy">{t('attract.privacy')}</span>
      </button>
    </section>
  );
}
