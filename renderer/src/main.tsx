import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { App } from './App.tsx';
import { getKioskApi } from './api/kiosk-api.ts';
import { redeemLaunchCode } from './api/launch-token.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { initI18n, prefetchLanguages } from './i18n/i18n.ts';
import { installKioskHygiene } from './kiosk-hygiene.ts';
import { installPressFeedback } from './press-feedback.ts';
import './styles/kiosk.css';

const i18n = initI18n();

function FatalNotice() {
  const { t } = useTranslation();
  return (
    <p className="fatal" role="alert">
      {t('errors.INTERNAL')}
    </p>
  );
}

function start(): void {
  // The API first: it takes the launch token from the URL fragment, which hygiene's history entry drops.
  const api = getKioskApi();
  installKioskHygiene(document);
  installPressFeedback(document);

  const root = document.getElementById('root');
  if (root === null) throw new Error('missing #root');

  createRoot(root).render(
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary fallback={<FatalNotice />}>
        <App api={api} />
      </ErrorBoundary>
    </I18nextProvider>,
  );
  prefetchLanguages();
}

// A one-time launch code (browser shell) is exchanged for the token before the API connects; a
// refused or unreachable exchange still starts the page, which then shows the core as unreachable.
if (window.kiosk === undefined && window.location.hash.includes('code=')) {
  void redeemLaunchCode({ location: window.location, storage: window.sessionStorage, history: window.history, fetch: (url, init) => window.fetch(url, init) }).finally(start);
} else {
  start();
}
