/**
 * The services, grouped as a hall signposts them (信用 / 公安 / 政务服务), filling the screen. A
 * group shows only when one of its services is enabled here; a new service names its group in the
 * catalogue and appears under it.
 */
import { useTranslation } from 'react-i18next';
import type { ServiceTile } from '../../../electron/contract/kiosk-api.ts';
import { KeepWords } from '../components/KeepWords.tsx';
import { ServiceIcon } from '../components/ServiceIcon.tsx';
import { unavailableReasonKey } from '../i18n/reason-key.ts';
import { groupTiles } from './home-groups.ts';

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
    <section className="screen screen-home" data-testid="home" aria-labelledby="home-title">
      <div className="screen-head">
        <h1 id="home-title" className="screen-title">
          {t('home.title')}
        </h1>
        <button type="button" className="btn btn-secondary" data-testid="exit-button" onClick={onExit}>
          {t('nav.exit')}
        </button>
      </div>
      {services === null ? (
        <p className="status-text" role="status" aria-live="polite">
          {t('busy.loadingServices')}
        </p>
      ) : (
        <div className="home-groups">
          {groupTiles(services).map(({ group, tiles }) => (
            <section key={group} className="tile-group" data-testid={`group-${group}`} aria-labelledby={`group-${group}-title`} style={{ flexGrow: Math.ceil(tiles.length / 3) }}>
              <h2 id={`group-${group}-title`} className="tile-group-title">
                {t(`home.group.${group}`)}
              </h2>
              <ul className="tiles">
                {tiles.map((tile) => (
                  <li key={tile.id}>
                    <Tile tile={tile} usable={tile.available && supported(tile.id)} onOpen={onOpen} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function Tile({ tile, usable, onOpen }: { tile: ServiceTile; usable: boolean; onOpen(serviceId: string): void }) {
  const { t, i18n } = useTranslation();
  // The upstream being away is passing, a device under repair is a pause in service.
  const upstreamAway = tile.unavailableReason === 'network-offline' || tile.unavailableReason === 'upstream-failing';
  const note = !tile.available ? t(upstreamAway ? 'home.notNow' : 'home.unavailable') : usable ? null : t('home.comingSoon');
  const reason = !tile.available && tile.unavailableReason ? t(unavailableReasonKey(tile.unavailableReason), { defaultValue: t('unavailable.generic') }) : null;
  // A tile whose title string is missing says "service", never its internal id.
  const title = t(tile.titleKey, { defaultValue: t('home.untitled') });
  return (
    <button type="button" className={`tile${usable ? '' : ' tile-off'}`} data-testid={`tile-${tile.id}`} disabled={!usable} onClick={() => onOpen(tile.id)}>
      <ServiceIcon name={tile.icon} />
      <span className="tile-title">
        <KeepWords text={title} lang={i18n.language} />
      </span>
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
  );
}
