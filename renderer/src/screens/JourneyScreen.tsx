/** The screen for the journey's state: the shell's own screens, or the open service's journey. */
import { useCallback, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../electron/contract/kiosk-api.ts';
import { canRetry, type JourneyAction, type JourneyModel } from '../journey/journey-state.ts';
import { ServiceHost } from '../services/ServiceHost.tsx';
import type { ServiceContextValue } from '../services/service-context.tsx';
import { hasJourney } from '../services/service-ids.ts';
import { AttractScreen } from './AttractScreen.tsx';
import { BusyScreen } from './BusyScreen.tsx';
import { DoneScreen } from './DoneScreen.tsx';
import { ErrorScreen } from './ErrorScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';

interface JourneyScreenProps {
  model: JourneyModel;
  dispatch: Dispatch<JourneyAction>;
  info: TerminalInfo | null;
  serviceContext: ServiceContextValue | null;
}

export function JourneyScreen({ model, dispatch, info, serviceContext }: JourneyScreenProps) {
  const { t } = useTranslation();
  const { state } = model;
  const goHome = (): void => dispatch({ type: 'goHome' });
  const reset = useCallback(() => dispatch({ type: 'reset' }), [dispatch]);

  switch (state.screen) {
    case 'attract':
      return <AttractScreen info={info} onStart={() => dispatch({ type: 'touchToStart' })} />;
    case 'starting':
      return <BusyScreen testId="starting" title={t('app.title')} message={t('busy.starting')} />;
    case 'home':
      return (
        <HomeScreen
          services={info?.services ?? null}
          supported={hasJourney}
          onOpen={(serviceId) => dispatch({ type: 'openService', serviceId })}
          onExit={() => dispatch({ type: 'endSession', reason: 'cancelled' })}
        />
      );
    case 'service':
      return serviceContext ? <ServiceHost context={serviceContext} /> : null;
    case 'ending':
      return <BusyScreen testId="ending" title={t('app.title')} message={t('busy.ending')} />;
    case 'done':
      return <DoneScreen onReset={reset} />;
    case 'error':
      return (
        <ErrorScreen code={state.code} onRetry={canRetry(state) ? () => dispatch({ type: 'retry' }) : null} onHome={goHome} />
      );
  }
}
