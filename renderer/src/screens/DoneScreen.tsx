import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

const SHOW_MS = 6000;

/** Thank-you screen; holds no personal data (it was wiped on the way here). */
export function DoneScreen({ onReset }: { onReset(): void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const id = window.setTimeout(onReset, SHOW_MS);
    return () => window.clearTimeout(id);
  }, [onReset]);
  return (
    <section className="screen screen-center" data-testid="done" aria-labelledby="done-title">
      <span className="done-mark" aria-hidden="true">
        ✓
      </span>
      <h1 id="done-title" className="screen-title">
        {t('done.title')}
      </h1>
      <p className="status-text" role="status" aria-live="polite">
        {t('done.takeItems')}
      </p>
      <p className="muted">{t('done.wiped')}</p>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="done-button" onClick={onReset}>
          {t('actions.home')}
        </button>
      </div>
    </section>
  );
}
