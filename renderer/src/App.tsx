/**
 * The shell of the touch UI: chooses the screen for the journey state, and owns what is not
 * personal (terminal info, language, display preferences). Personal data never lives here: it is
 * inside the journey state (credit) or inside a service's own machine, and goes when the citizen
 * leaves the screens that show it.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../electron/contract/kiosk-api.ts';
import { DEFAULT_TIME_ZONE } from '../../electron/contract/rules/zoned-time.ts';
import { ApiContext } from './api/api-context.ts';
import { errorCodeOf } from './api/call-error.ts';
import { useNetworkState } from './api/use-network-state.ts';
import { useTerminalInfo } from './api/use-terminal-info.ts';
import { NetworkNotice } from './components/NetworkNotice.tsx';
import { StaffCall } from './components/StaffCall.tsx';
import { TimeoutWarning } from './components/TimeoutWarning.tsx';
import type { TakeItemsReminder as TakeItemsReminderComponent } from './components/TakeItemsReminder.tsx';
import { TopBar } from './components/TopBar.tsx';
import { DEFAULT_LOCALE, LOCALES, isLocaleTag, localeMeta } from './i18n/i18n.ts';
import { TimeZoneContext } from './i18n/format-date.ts';
import { watchesInactivity, type JourneyState } from './journey/journey-state.ts';
import { useJourney } from './journey/use-journey.ts';
import { MaintenanceGate } from './maintenance/MaintenanceGate.tsx';
import { applyPrefs, DEFAULT_PREFS, nextScheme, type Prefs } from './prefs/prefs.ts';
import { JourneyScreen } from './screens/JourneyScreen.tsx';
import type { ServiceContextValue } from './services/service-context.tsx';
import { useInactivity } from './session/use-inactivity.ts';
import { collectKeyText } from './voice/key-text.ts';
import { promptCandidates } from './voice/prompt-keys.ts';
import { useSpeech } from './voice/speech.ts';
import { useVoicePrompts } from './voice/use-voice-prompts.ts';
import { VoiceControls } from './voice/VoiceControls.tsx';
import { audioVolume, DEFAULT_VOICE_PREFS, louder, quieter, toggleMute, type VoicePrefs } from './voice/voice-prefs.ts';

/**
 * Its own chunk: loaded while the attract screen shows, long before a session can end. A chunk
 * that fails to load costs the reminder, never the screen (a render error would reload the page).
 */
const TakeItemsReminder = lazy<typeof TakeItemsReminderComponent>(() =>
  import('./components/TakeItemsReminder.tsx').then(
    (m) => ({ default: m.TakeItemsReminder }),
    (error: unknown) => {
      console.warn(`take-your-card reminder unavailable: ${(error as Error).message}`);
      return { default: () => null };
    },
  ),
);

/** One object (not one per render): service contexts depend on it. */
const DEFAULT_TIMEOUTS = { inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 };
/** Floors of the warning countdown, whatever a core reports: elderly citizens need the time. */
const MIN_WARNING_SECONDS = 20;
const MIN_ELDER_WARNING_SECONDS = 30;
/** Screens outside any journey: no home button, no staff call (no session to attach it to). */
const OUTSIDE: ReadonlySet<JourneyState['screen']> = new Set(['attract', 'starting', 'home', 'ending', 'done']);

/** A service's journey keeps one key while it runs, so React updates rather than remounts it. */
const screenGroup = (state: JourneyState): string => (state.screen === 'service' ? `service:${state.serviceId}` : state.screen);

export function App({ api }: { api: KioskApi }) {
  const { i18n } = useTranslation();
  const [info, refreshInfo] = useTerminalInfo(api);
  const network = useNetworkState(api);
  const timeouts = info?.timeouts ?? DEFAULT_TIMEOUTS;
  const [model, dispatch] = useJourney(api);
  const { state } = model;
  const group = screenGroup(state);

  // Device availability may have changed since the last visit: refresh the tiles.
  const atHome = state.screen === 'home';
  useEffect(() => {
    if (atHome) refreshInfo();
  }, [atHome, refreshInfo]);

  const [prefs, setPrefs] = useState<Prefs>(DEFAULT_PREFS);
  const [voicePrefs, setVoicePrefs] = useState<VoicePrefs>(DEFAULT_VOICE_PREFS);
  const locale = isLocaleTag(i18n.language) ? i18n.language : DEFAULT_LOCALE;
  // A tag this build has no pack for (a config written for another build) must not leave the screen keyless.
  const terminalLocale = info && isLocaleTag(info.locale) ? info.locale : DEFAULT_LOCALE;
  const atAttract = state.screen === 'attract';
  const speech = useSpeech(localeMeta(locale).speechLang);
  const stopSpeech = speech.stop;

  // Preferences belong to one citizen: the next one starts from the terminal's defaults.
  useEffect(() => {
    if (!atAttract) return;
    setPrefs(DEFAULT_PREFS);
    setVoicePrefs(DEFAULT_VOICE_PREFS);
    void i18n.changeLanguage(terminalLocale);
  }, [atAttract, terminalLocale, i18n]);

  useEffect(() => applyPrefs(document.documentElement, prefs), [prefs]);
  // Reading aloud stops when the screen changes: the text no longer matches what is shown.
  useEffect(() => stopSpeech, [group, stopSpeech]);

  // What a service reports about itself; reset whenever another screen takes over.
  const [serviceScreen, setServiceScreen] = useState('start');
  const [serviceWaiting, setServiceWaiting] = useState(false);
  // Reset while rendering, not in an effect: effects run child-first, so an effect here would
  // overwrite the screen the new journey has just reported from its own effect.
  const [screenGroupSeen, setScreenGroupSeen] = useState(group);
  if (screenGroupSeen !== group) {
    setScreenGroupSeen(group);
    setServiceScreen('start');
    setServiceWaiting(false);
  }

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
    paused: state.screen === 'service' && serviceWaiting,
    inactivitySeconds: timeouts.inactivitySeconds,
    warningSeconds: prefs.elder
      ? Math.max(MIN_ELDER_WARNING_SECONDS, timeouts.elderWarningSeconds)
      : Math.max(MIN_WARNING_SECONDS, timeouts.warningSeconds),
    onExpire: () => dispatch({ type: 'endSession', reason: 'inactivity' }),
    extend: extendSession,
  });

  const goHome = useCallback(() => dispatch({ type: 'goHome' }), [dispatch]);
  const services = info?.services;
  const openServiceId = state.screen === 'service' ? state.serviceId : null;
  const serviceContext = useMemo<ServiceContextValue | null>(
    () =>
      openServiceId !== null
        ? {
            api,
            serviceId: openServiceId,
            timeouts,
            services: services ?? [],
            home: goHome,
            finish: () => dispatch({ type: 'endSession', reason: 'completed' }),
            switchService: (serviceId) => dispatch({ type: 'switchService', serviceId }),
            sessionLost: (code) => dispatch({ type: 'serviceFailed', code }),
            setWaiting: setServiceWaiting,
            setScreen: setServiceScreen,
          }
        : null,
    [api, openServiceId, timeouts, services, goHome, dispatch],
  );

  const warning = inactivity.warningSecondsLeft !== null;
  const inJourney = !OUTSIDE.has(state.screen) && state.screen !== 'error';
  const staffScreen = state.screen === 'service' ? `${state.serviceId}-${serviceScreen}` : state.screen;
  const serviceId = state.screen === 'service' ? state.serviceId : undefined;

  const voicePrompts = useVoicePrompts({
    candidates: promptCandidates({ screen: state.screen, serviceScreen, warning }),
    locale,
    slow: prefs.elder,
    volume: audioVolume(voicePrefs),
    muted: voicePrefs.muted,
  });

  const speak = (): void => {
    // Without an OS voice for the language, the voice pack says the screen's prompt instead.
    if (!speech.available) {
      voicePrompts.replay();
      return;
    }
    voicePrompts.stop();
    const root = document.getElementById('modal-root')?.lastElementChild ?? document.querySelector('main');
    if (root) speech.speak(collectKeyText(root));
  };

  return (
    <ApiContext.Provider value={api}>
      <TimeZoneContext.Provider value={info?.hall.timeZone ?? DEFAULT_TIME_ZONE}>
        <div className="app" data-screen={state.screen} data-idle={inactivity.phase}>
          <TopBar
            inert={warning}
            locale={locale}
            locales={LOCALES}
            elder={prefs.elder}
            scheme={prefs.scheme}
            onLocale={(tag) => void i18n.changeLanguage(tag)}
            onToggleElder={() => setPrefs((p) => ({ ...p, elder: !p.elder }))}
            onNextScheme={() => setPrefs((p) => ({ ...p, scheme: nextScheme(p.scheme) }))}
            {...(inJourney ? { onHome: goHome } : {})}
            {...(speech.available || voicePrompts.available ? { onSpeak: speak } : {})}
            voiceControls={
              <VoiceControls
                prefs={voicePrefs}
                onQuieter={() => setVoicePrefs(quieter)}
                onLouder={() => setVoicePrefs(louder)}
                onToggleMute={() => setVoicePrefs(toggleMute)}
              />
            }
            staffCall={
              // Everywhere but the moments a session is being opened or closed; the call belongs to
              // the session (a new citizen starts with no call of their own).
              state.screen !== 'starting' && state.screen !== 'ending' ? (
                <StaffCall key={sessionId ?? 'no-session'} api={api} screen={staffScreen} {...(serviceId ? { serviceId } : {})} />
              ) : undefined
            }
          />
          <NetworkNotice view={network} />
          {/* Outside <main>: it outlives the session's screens, until the card is taken. */}
          <Suspense fallback={null}>
            <TakeItemsReminder api={api} sessionId={sessionId} say={voicePrompts.say} elder={prefs.elder} />
          </Suspense>
          <main className="main" key={group} inert={warning}>
            <JourneyScreen model={model} dispatch={dispatch} info={info} serviceContext={serviceContext} />
          </main>
          {/* The one element every spoken prompt plays through (never shown: the screen says the same). */}
          <audio ref={voicePrompts.audioRef} data-testid="voice-prompt" preload="auto" hidden />
          {warning && inactivity.warningSecondsLeft !== null && (
            <TimeoutWarning secondsLeft={inactivity.warningSecondsLeft} onContinue={inactivity.continueSession} />
          )}
        </div>
        {/* Staff entry (corner taps), maintenance mode and the out-of-service notice, over every screen. */}
        <MaintenanceGate api={api} />
      </TimeZoneContext.Provider>
    </ApiContext.Provider>
  );
}
