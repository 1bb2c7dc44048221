/**
 * The bar on every screen: home (inside a journey), call staff, read aloud, prompt volume, colour scheme,
 * language and elder mode; each one tap away. Every toggle states its state in text and with
 * aria-pressed, never by colour alone. The language and colour buttons say the same kind of thing:
 * what a tap switches to (English / 高对比度), each with its icon. In elder mode the bar is one row
 * (the brand gives way), so the screen below keeps its height.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocaleMeta } from '../i18n/locale-registry.ts';
import { nextScheme, type Scheme } from '../prefs/prefs.ts';
import { Icon } from './Icon.tsx';
import { Label } from './KeepWords.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface TopBarProps {
  locale: string;
  locales: readonly LocaleMeta[];
  elder: boolean;
  scheme: Scheme;
  onLocale(tag: string): void;
  onToggleElder(): void;
  onNextScheme(): void;
  /** Shown on journey screens: leaves the journey (and its personal data) for the home screen. */
  onHome?: () => void;
  /** Absent when the platform has no voice for the language (the button is simply not offered). */
  onSpeak?: () => void;
  /** The call-staff control, when a session is open. */
  staffCall?: ReactNode;
  /** Volume and mute of the spoken prompts. */
  voiceControls?: ReactNode;
  inert?: boolean;
}

export function TopBar(props: TopBarProps) {
  const { locale, locales, elder, scheme, onLocale, onToggleElder, onNextScheme, onHome, onSpeak, staffCall, voiceControls, inert = false } = props;
  const { t } = useTranslation();
  return (
    <header className="topbar" inert={inert}>
      <div className="topbar-brand">
        <span className="topbar-emblem" aria-hidden="true" />
        <span>
          <span className="topbar-title">{t('app.title')}</span>
          <span className="topbar-subtitle">{t('app.subtitle')}</span>
        </span>
      </div>
      <nav className="topbar-actions" aria-label={t('prefs.toolbar')}>
        {onHome && (
          <button type="button" className="btn btn-ghost" data-testid="nav-home" onClick={onHome}>
            <Icon name="home" />
            <Label text={t('nav.home')} />
          </button>
        )}
        {staffCall}
        {onSpeak && (
          <button type="button" className="btn btn-ghost" data-testid="speak-button" onClick={onSpeak}>
            <Icon name="speak" />
            <Label text={t('prefs.speak')} />
          </button>
        )}
        {voiceControls}
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="scheme-toggle"
          data-scheme={scheme}
          aria-label={t('prefs.switchSchemeTo', { scheme: t(`prefs.scheme.${nextScheme(scheme)}`) })}
          onClick={onNextScheme}
        >
          <Icon name="palette" />
          {/* Like the language button, it names what a tap gives, not what is on now. */}
          <Label text={t(`prefs.scheme.${nextScheme(scheme)}`)} />
        </button>
        <LanguageSwitch locale={locale} locales={locales} onLocale={onLocale} />
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
          <Label text={t('prefs.elderMode')} />
        </button>
      </nav>
    </header>
  );
}
