/** A one-line notice under the top bar when the upstream is unreachable or unstable; nothing when online. */
import { useTranslation } from 'react-i18next';
import type { NetworkStateView } from '../../../electron/contract/kiosk-api.ts';

export function NetworkNotice({ view }: { view: NetworkStateView | null }) {
  const { t } = useTranslation();
  if (view === null || view.state === 'online') return null;
  return (
    <p className={`network-notice network-${view.state}`} role="status" data-testid="network-notice" data-state={view.state}>
      <span aria-hidden="true">{view.state === 'offline' ? '⚠ ' : '! '}</span>
      {t(`network.${view.state}`)}
      {view.queued > 0 && <span className="network-queued"> · {t('network.queued', { count: view.queued })}</span>}
    </p>
  );
}
