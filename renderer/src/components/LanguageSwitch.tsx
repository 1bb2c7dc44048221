/**
 * With two languages the switch is one tap (it names the other language in that language);
 * with the packs a hall added, it opens a list of every language, each in its own script.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nextLocale, type LocaleMeta } from '../i18n/locale-registry.ts';
import { Icon } from './Icon.tsx';
import { Label } from './KeepWords.tsx';

interface LanguageSwitchProps {
  locale: string;
  locales: readonly LocaleMeta[];
  onLocale(tag: string): void;
}

export function LanguageSwitch({ locale, locales, onLocale }: LanguageSwitchProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const tags = locales.map((meta) => meta.tag);
  if (locales.length <= 2) {
    const target = locales.find((meta) => meta.tag === nextLocale(tags, locale));
    if (target === undefined || target.tag === locale) return null;
    return (
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="lang-switch"
        lang={target.tag}
        aria-label={t('prefs.switchLanguageTo', { language: target.name })}
        onClick={() => onLocale(target.tag)}
      >
        <Icon name="globe" />
        <Label text={target.name} lang={target.tag} />
      </button>
    );
  }
  return (
    <span className="lang-menu-wrap">
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="lang-switch"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="globe" />
        {t('prefs.language')}
      </button>
      {open && (
        <span className="lang-menu" role="group" aria-label={t('prefs.language')} data-testid="lang-menu">
          {locales.map((meta) => (
            <button
              key={meta.tag}
              type="button"
              className="btn btn-secondary"
              lang={meta.tag}
              dir={meta.dir}
              aria-pressed={meta.tag === locale}
              data-testid={`lang-option-${meta.tag}`}
              onClick={() => {
                setOpen(false);
                onLocale(meta.tag);
              }}
            >
              {meta.name}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}
