/**
 * The attract screen's details: the clock, what the terminal can do, the hotline and terminal
 * number, the arrow to the card reader. Its own chunk, fetched as the attract screen first
 * paints: the start button never waits for it, and the initial bundle does not grow with it.
 */
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../i18n/format-date.ts';
import type { TerminalInfo } from '../../../electron/contract/kiosk-api.ts';
import { CardReaderArrow } from '../components/CardReaderArrow.tsx';
import { ServiceIcon } from '../components/ServiceIcon.tsx';
import { useClock } from '../components/use-clock.ts';

export default function AttractDetails({ info }: { info: TerminalInfo | null }) {
  const { t, i18n } = useTranslation();
  const now = useClock();
  const when = useDateFormat();
  const hall = info?.hall;
  // What works now, by the names the home screen gives them; a service this build has no name for is left out.
  const services = (info?.services ?? []).filter((tile) => tile.available && i18n.exists(tile.titleKey));
  return (
    <>
      <p className="attract-clock" data-testid="attract-clock">
        <time dateTime={now.toISOString()}>
          <span className="attract-time">{when.time(now)}</span>
          <span className="attract-date">{when.longDate(now)}</span>
        </time>
      </p>
      {services.length > 0 && (
        <section className="attract-can" aria-labelledby="attract-can-title">
          <h2 id="attract-can-title" className="attract-can-title">
            {t('attract.canDo')}
          </h2>
          <ul className="attract-services" data-testid="attract-services">
            {services.map((tile) => (
              <li key={tile.id} data-testid={`attract-service-${tile.id}`}>
                <ServiceIcon name={tile.icon} />
                <span>{t(tile.titleKey)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <footer className="attract-foot">
        {hall && (
          <p data-testid="attract-hotline">
            {t('attract.hotline')} <strong className="mono">{hall.hotline}</strong>
          </p>
        )}
        {info && (
          <p data-testid="attract-terminal">
            {t('attract.terminalNo')} <strong className="mono">{info.terminalId}</strong>
          </p>
        )}
        <p className="attract-privacy">{t('attract.privacy')}</p>
      </footer>
      {hall && <CardReaderArrow place={hall.cardReader} />}
    </>
  );
}
