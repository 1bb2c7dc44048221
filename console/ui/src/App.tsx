import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api-types.ts';
import { api } from './api.ts';
import { setLanguage } from './i18n.ts';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { CommandsPage } from './pages/CommandsPage.tsx';
import { PeoplePage } from './pages/PeoplePage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { RolloutsPage } from './pages/RolloutsPage.tsx';
import { FleetPage } from './pages/FleetPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { TerminalPage } from './pages/TerminalPage.tsx';
import { useRoute } from './routes.ts';

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [route, go] = useRoute();

  useEffect(() => {
    api.session().then(setSession, () => setSession(null));
  }, []);

  if (session === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (session === null) return <LoginPage onLoggedIn={setSession} />;

  return (
    <div className="shell">
      <header className="topbar">
        <strong>{t('app.title')}</strong>
        <nav>
          <a href="/" className={route.page === 'fleet' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'fleet' }); }}>
            {t('nav.fleet')}
          </a>
          <a href="/alerts" className={route.page === 'alerts' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'alerts' }); }}>
            {t('nav.alerts')}
          </a>
          <a href="/commands" className={route.page === 'commands' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'commands' }); }}>
            {t('nav.commands')}
          </a>
          <a href="/rollouts" className={route.page === 'rollouts' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'rollouts' }); }}>
            {t('nav.rollouts')}
          </a>
          <a href="/reports" className={route.page === 'reports' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'reports' }); }}>
            {t('nav.reports')}
          </a>
          {session.role === 'admin' && (
            <a href="/people" className={route.page === 'people' ? 'active' : ''} onClick={(e) => { e.preventDefault(); go({ page: 'people' }); }}>
              {t('nav.people')}
            </a>
          )}
        </nav>
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setLanguage(i18n.language === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('app.otherLanguage')}
        </button>
        <span>{t('app.signedInAs', { user: session.username, role: t(`roles.${session.role}`) })}</span>
        <button type="button" onClick={() => void api.logout().finally(() => setSession(null))}>
          {t('app.logout')}
        </button>
      </header>
      <main>
        {route.page === 'fleet' && <FleetPage open={(id) => go({ page: 'terminal', id })} />}
        {route.page === 'alerts' && <AlertsPage session={session} open={(id) => go({ page: 'terminal', id })} />}
        {route.page === 'commands' && <CommandsPage session={session} />}
        {route.page === 'rollouts' && <RolloutsPage session={session} />}
        {route.page === 'people' && <PeoplePage session={session} />}
        {route.page === 'reports' && <ReportsPage session={session} />}
        {route.page === 'terminal' && <TerminalPage id={route.id} session={session} />}
      </main>
    </div>
  );
}
