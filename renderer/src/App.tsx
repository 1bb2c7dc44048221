/**
 * The shell of the touch UI: chooses the screen for the journey state, and owns what is not
 * personal (terminal info, language, elder mode). Personal data never lives here: it is inside
 * the journey state and goes when the state leaves the screens that show it.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, Locale } from '../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from './api/call-error.ts';
import { useTerminalInfo } from './api/use-terminal-info.ts';
import { IdentityPanel } from './components/IdentityPanel.tsx';
import { TimeoutWarning } from './components/TimeoutWarning.tsx';
import { TopBar } from './components/TopBar.tsx';
import { DEFAULT_LOCALE, isLocale, otherLocale } from './i18n/i18n.ts';
import { newJobId } from './journey/job-id.ts';
import { CREDIT_SERVICE_ID, canRetry, watchesInactivity, type JourneyState } from './journey/journey-state.ts';
import { useJourney } from './journey/use-journey.ts';
import { AttractScreen } from './screens/AttractScreen.tsx';
import { BusyScreen } from './screens/BusyScreen.tsx';
import { CreditRecordScreen } from './screens/CreditRecordScreen.tsx';
import { DoneScreen } from './screens/DoneScreen.tsx';
import { ErrorScreen } from './screens/ErrorScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { PlaceCardScreen } from './screens/PlaceCardScreen.tsx';
import { useInactivity } from './session/use-inactivity.ts';

const DEFAULT_TIMEOUTS = { inactivitySeconds: 60, warningSeconds: 20, idCardReadSeconds: 30 };
const SUPPORTED_SERVICES: ReadonlySet<string> = new Set([CREDIT_SERVICE_ID]);
/** While the citizen waits on the terminal, not the other way round, no inactivity warning. */
const WAITING_SCREENS: ReadonlySet<JourneyState['screen']> = new Set(['credit.reading', 'credit.querying', 'credit.printing']);
const JOURNEY_SCREENS: ReadonlySet<JourneyState['screen']> = new Set([
  'credit.placeCard',
  'credit.reading',
  'credit.querying',
  'credit.result',
  'credit.printing',
  'credit.printed',
]);

/** Screens that are one view in different phases share a key, so React updates rather than remounts them. */
const screenGroup = (state: JourneyState): string => {
  if (state.screen === 'credit.reading') return 'credit.placeCard';
  if (state.screen === 'credit.printing' || state.screen === 'credit.printed') return 'credit.result';
  return state.screen;
};

export function App({ api }: { api: KioskApi }) {
  const { t, i18n } = useTranslation();
  const [info, refreshInfo] = useTerminalInfo(api);
  const timeouts = info?.timeouts ?? DEFAULT_TIMEOUTS;
  const [model, dispatch] = useJourney(api, { idCardReadSeconds: timeouts.idCardReadSeconds });
  const { state } = model;

  // Device availability may have changed since the last visit: refresh the tiles.
  const atHome = state.screen === 'home';
  useEffect(() => {
    if (atHome) refreshInfo();
  }, [atHome, refreshInfo]);

  const [elder, setElder] = useState(false);
  const locale: Locale = isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
  const terminalLocale = info?.locale ?? DEFAULT_LOCALE;
  const atAttract = state.screen === 'attract';

  // Preferences belong to one citizen: the next one starts from the terminal's defaults.
  useEffect(() => {
    if (!atAttract) return;
    setElder(false);
    void i18n.changeLanguage(terminalLocale);
  }, [atAttract, terminalLocale, i18n]);

  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);

  const sessionId = model.sessionId;
  const extendSession = useCallback(() => {
    api.extendSession({}).catch((error: unknown) => {
      // The core already ended it (backstop, staff): wipe here too.
      if (errorCodeOf(error) === 'NO_SESSION' && sessionId !== null) dispatch({ type: 'sessionEndedByCore', sessionId });
    });
  }, [api, dispatch, sessionId]);

  const inactivity = useInactivity({
    // Also without a session (a failed start): the timeout then just returns to attract.
    watching: watchesInactivity(state),
    paused: WAITING_SCREENS.has(state.screen),
    inactivitySeconds: timeouts.inactivitySeconds,
    warningSeconds: timeouts.warningSeconds,
    onExpire: () => dispatch({ type: 'endSession', reason: 'inactivity' }),
    extend: extendSession,
  });

  const goHome = (): void => dispatch({ type: 'goHome' });
  const reset = useCallback(() => dispatch({ type: 'reset' }), [dispatch]);

  const warning = inactivity.warningSecondsLeft !== null;

  return (
    <div className="app" data-screen={state.screen}>
      {/* While the warning is up, everything behind it is inert: only Continue can be reached. */}
      <TopBar
        inert={warning}
        locale={locale}
        elder={elder}
        onToggleLocale={() => void i18n.changeLanguage(otherLocale(locale))}
        onToggleElder={() => setElder((on) => !on)}
        {...(JOURNEY_SCREENS.has(state.screen) ? { onHome: goHome } : {})}
      />
      <main className="main" key={screenGroup(state)} inert={warning}>
        {renderScreen()}
      </main>
      {warning && inactivity.warningSecondsLeft !== null && (
        <TimeoutWarning secondsLeft={inactivity.warningSecondsLeft} onContinue={inactivity.continueSession} />
      )}
    </div>
  );

  function renderScreen() {
    switch (state.screen) {
      case 'attract':
        return <AttractScreen onStart={() => dispatch({ type: 'touchToStart' })} />;
      case 'starting':
        return <BusyScreen testId="starting" title={t('app.title')} message={t('busy.starting')} />;
      case 'home':
        return (
          <HomeScreen
            services={info?.services ?? null}
            supported={SUPPORTED_SERVICES}
            onOpen={(serviceId) => dispatch({ type: 'openService', serviceId })}
            onExit={() => dispatch({ type: 'endSession', reason: 'cancelled' })}
          />
        );
      case 'credit.placeCard':
      case 'credit.reading':
        return (
          <PlaceCardScreen
            reading={state.screen === 'credit.reading'}
            timeoutSeconds={timeouts.idCardReadSeconds}
            attempt={model.op}
            onBack={goHome}
          />
        );
      case 'credit.querying':
        return (
          <BusyScreen testId="querying" title={t('credit.title')} message={t('credit.querying')}>
            <IdentityPanel card={state.card} />
          </BusyScreen>
        );
      case 'credit.result':
      case 'credit.printing':
      case 'credit.printed':
        return (
          <CreditRecordScreen
            card={state.card}
            record={state.record}
            print={
              state.screen === 'credit.result'
                ? { kind: 'idle' }
                : state.screen === 'credit.printing'
                  ? { kind: 'printing' }
                  : { kind: 'done', result: state.print }
            }
            onPrint={() => dispatch({ type: 'print', jobId: newJobId() })}
            onRetryPrint={() => dispatch({ type: 'retry' })}
            onFinish={() => dispatch({ type: 'endSession', reason: 'completed' })}
          />
        );
      case 'ending':
        return <BusyScreen testId="ending" title={t('app.title')} message={t('busy.ending')} />;
      case 'done':
        return <DoneScreen onReset={reset} />;
      case 'error':
        return (
          <ErrorScreen
            code={state.code}
            onRetry={canRetry(state) ? () => dispatch({ type: 'retry' }) : null}
            onHome={goHome}
          />
        );
    }
  }
}
