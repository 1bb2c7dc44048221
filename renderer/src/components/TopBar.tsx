import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../electron/contract/kiosk-api.ts';
import { otherLocale } from '../i18n/i18n.ts';

interface TopBarProps {
  locale: Locale;
  elder: boolean;
  onToggleLocale(): void;
  onToggleElder(): void;
  /** Shown on journey screens: leaves the journey (and its personal data) for the home screen. */
  onHome?: () => void;
  inert?: boolean;
}

export function TopBar({ locale, elder, onToggleLocale, onToggleElder, onHome, inert = false }: TopBarProps) {
  const { t } = useTranslation();
  const target = otherLocale(locale);
  return (
    <header className="topbar" inert={inert}>
      <div className="topbar-brand">
        <span className="topbar-emblem" aria-hidden="true" />
        <span>
          <span className="topbar-title">{t('app.title')}</span>
          <span className="topbar-subtitle">{t('app.subtitle')}</span>
        </span>
      </div>
      <div className="topbar-actions">
        {onHome && (
          <button type="button" className="btn btn-ghost" data-testid="nav-home" onClick={onHome}>
            {t('nav.home')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="lang-switch"
          lang={target}
          aria-label={t('prefs.switchLanguageLabel')}
          onClick={onToggleLocale}
        >
          {t('prefs.switchLanguage')}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="elder-toggle"
          aria-pressed={elder}
          title={t('prefs.elderModeLabel')}
          onClick={onToggleElder}
        >
          <span className="toggle-mark" aria-hidden="true">
            {elder ? '✓' : ''}
          </span>
          {t('prefs.elderMode')}
        </button>
      </div>
    </header>
  );
}
