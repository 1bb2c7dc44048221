/**
 * Maintenance mode, full screen: the PIN pad, then the maintenance screens with a menu. It ends
 * on "exit" (the core's staff session is closed), when the core ends the session (inactivity),
 * and when a call finds the session gone.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { MaintenanceContext, type MaintenanceContextValue } from './maintenance-context.ts';
import { useMaintenanceT } from './maintenance-i18n.ts';
import { MAINTENANCE_SCREENS, type MaintenanceScreen } from './maintenance-screens.ts';
import { PinPad } from './PinPad.tsx';
import { ConfigScreen } from './screens/ConfigScreen.tsx';
import { DevicesScreen } from './screens/DevicesScreen.tsx';
import { DispenserScreen } from './screens/DispenserScreen.tsx';
import { ExportScreen } from './screens/ExportScreen.tsx';
import { NetworkScreen } from './screens/NetworkScreen.tsx';
import { OverviewScreen } from './screens/OverviewScreen.tsx';
import { PaymentsScreen } from './screens/PaymentsScreen.tsx';
import { QueueScreen } from './screens/QueueScreen.tsx';
import { ServiceModeScreen } from './screens/ServiceModeScreen.tsx';
import { SystemScreen } from './screens/SystemScreen.tsx';
import { VersionsScreen } from './screens/VersionsScreen.tsx';
import './maintenance.css';

export function MaintenanceMode({ api, onExit }: { api: KioskApi; onExit(): void }) {
  const { t } = useMaintenanceT();
  const [phase, setPhase] = useState<'pin' | 'open'>('pin');
  const [screen, setScreen] = useState<MaintenanceScreen>('overview');

  useEffect(() => api.on('staffSessionEnded', () => onExit()), [api, onExit]);

  const sessionLost = useCallback(() => onExit(), [onExit]);
  const context = useMemo<MaintenanceContextValue>(() => ({ api, sessionLost }), [api, sessionLost]);

  const exit = () => {
    // The screen closes whatever the answer: a session the core already ended is ended.
    api.staffLogout({}).catch(() => undefined).finally(onExit);
  };

  if (phase === 'pin') {
    return (
      <div className="mt-root" data-testid="maintenance">
        <PinPad api={api} onOpened={() => setPhase('open')} onCancel={onExit} />
      </div>
    );
  }

  return (
    <MaintenanceContext.Provider value={context}>
      <div className="mt-root mt-open" data-testid="maintenance">
        <nav className="mt-nav" aria-label={t('nav.label')}>
          <p className="mt-nav-title">{t('nav.title')}</p>
          {MAINTENANCE_SCREENS.map((id) => (
            <button
              key={id}
              type="button"
              className="mt-nav-item"
              data-testid={`mt-nav-${id}`}
              aria-current={screen === id ? 'page' : undefined}
              onClick={() => setScreen(id)}
            >
              {t(`nav.${id}`)}
            </button>
          ))}
          <button type="button" className="mt-nav-item mt-nav-exit" data-testid="mt-exit" onClick={exit}>
            {t('nav.exit')}
          </button>
        </nav>
        <main className="mt-main" key={screen}>
          {screen === 'overview' && <OverviewScreen />}
          {screen === 'devices' && <DevicesScreen />}
          {screen === 'dispenser' && <DispenserScreen />}
          {screen === 'payments' && <PaymentsScreen />}
          {screen === 'queue' && <QueueScreen />}
          {screen === 'config' && <ConfigScreen />}
          {screen === 'versions' && <VersionsScreen />}
          {screen === 'network' && <NetworkScreen />}
          {screen === 'export' && <ExportScreen />}
          {screen === 'service' && <ServiceModeScreen />}
          {screen === 'system' && <SystemScreen />}
        </main>
      </div>
    </MaintenanceContext.Provider>
  );
}
