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
    <button type="button" className="screen screen-center done" data-testid="done" onClick={onReset}>
      <span className="done-mark" aria-hidden="true">
        ✓
      </span>
      <span className="screen-title">{t('done.title')}</span>
      <span className="status-text" role="status" aria-live="polite">
        {t('done.takeItems')}
      </span>
      <span className="muted">{t('done.wiped')}</span>
    </button>
  );
}
