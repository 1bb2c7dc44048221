/**
 * Idle screen, no adverts: where the citizen is (hall name and emblem slot), the date and time,
 * what this terminal can do (its enabled services), the 12345 hotline, the terminal's number for a
 * complaint or a call, and an arrow to the card reader; all from the config. A touch anywhere
 * starts; the start button is the control for keyboards and screen readers. The details are a
 * lazy chunk (AttractDetails.tsx); CSS `order` places them around the button.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../electron/contract/kiosk-api.ts';
import { HallEmblem } from '../components/HallEmblem.tsx';

/** A chunk that fails to load costs the details, never the start button. */
const AttractDetails = lazy<ComponentType<{ info: TerminalInfo | null }>>(() =>
  import('./AttractDetails.tsx').catch((error: unknown) => {
    console.warn(`attract screen details unavailable: ${(error as Error).message}`);
    return { default: () => null };
  }),
);

interface AttractScreenProps {
  info: TerminalInfo | null;
  onStart(): void;
}

export function AttractScreen({ info, onStart }: AttractScreenProps) {
  const { t, i18n } = useTranslation();
  const hall = info?.hall;
  const hallName = hall ? (i18n.language === 'en-US' ? hall.name['en-US'] || hall.name['zh-CN'] : hall.name['zh-CN']) : '';
  return (
    // The section's click is the "touch anywhere"; keyboards and screen readers have the button.
    <section className="attract-wrap" aria-labelledby="attract-title" data-testid="attract-screen" onClick={onStart}>
      <header className="attract-head">
        {hall && <HallEmblem emblem={hall.emblem} />}
        <div>
          <h1 id="attract-title" className="attract-hall" data-testid="hall-name">
            {hallName || t('app.title')}
          </h1>
          {hallName && <p className="attract-sub">{t('app.title')}</p>}
        </div>
      </header>
      <button
        type="button"
        className="attract"
        data-testid="attract"
        onClick={(event) => {
          // Once: the section's own click would start it a second time.
          event.stopPropagation();
          onStart();
        }}
      >
        <span className="attract-pulse" aria-hidden="true" />
        <span className="attract-title">{t('attract.touchToStart')}</span>
      </button>
      <Suspense fallback={null}>
        <AttractDetails info={info} />
      </Suspense>
    </section>
  );
}
