import { useTranslation } from 'react-i18next';
import type { ServiceTile } from '../../../electron/contract/kiosk-api.ts';
import { ServiceIcon } from '../components/ServiceIcon.tsx';
import { unavailableReasonKey } from '../i18n/reason-key.ts';

interface HomeScreenProps {
  services: ServiceTile[] | null;
  /** Services this UI has a journey for; other available tiles show "coming soon". */
  supported: (serviceId: string) => boolean;
  onOpen(serviceId: string): void;
  onExit(): void;
}

export function HomeScreen({ services, supported, onOpen, onExit }: HomeScreenProps) {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid="home" aria-labelledby="home-title">
      <h1 id="home-title" className="screen-title">
        {t('home.title')}
      </h1>
      {services === null ? (
        <p className="status-text" role="status" aria-live="polite">
          {t('busy.loadingServices')}
        </p>
      ) : (
        <ul className="tiles">
          {services.map((tile) => {
            const usable = tile.available && supported(tile.id);
            // The upstream being away is passing, a device under repair is a pause in service.
            const upstreamAway = tile.unavailableReason === 'network-offline' || tile.unavailableReason === 'upstream-failing';
            const note = !tile.available
              ? t(upstreamAway ? 'home.notNow' : 'home.unavailable')
              : usable
                ? null
                : t('home.comingSoon');
            const reason =
              !tile.available && tile.unavailableReason
                ? t(unavailableReasonKey(tile.unavailableReason), { defaultValue: t('unavailable.generic') })
                : null;
            return (
              <li key={tile.id}>
                <button
                  type="button"
                  className={`tile${usable ? '' : ' tile-off'}`}
                  data-testid={`tile-${tile.id}`}
                  disabled={!usable}
                  onClick={() => onOpen(tile.id)}
                >
                  <ServiceIcon name={tile.icon} />
                  <span className="tile-title">{t(tile.titleKey, { defaultValue: tile.id })}</span>
                  {note && <span className={tile.available ? 'tile-note tile-note-soon' : 'tile-note'}>{note}</span>}
                  {reason && (
                    <span className="tile-reason" data-testid={`tile-${tile.id}-reason`}>
                      {reason}
                    </span>
                  )}
                  {usable && tile.deliveredLater && (
                    <span className="tile-reason" data-testid={`tile-${tile.id}-later`}>
                      {t('home.deliveredLater')}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="exit-button" onClick={onExit}>
          {t('nav.exit')}
        </button>
      </div>
    </section>
  );
}
