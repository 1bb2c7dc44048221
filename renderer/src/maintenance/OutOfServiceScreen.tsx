/**
 * What citizens see while the terminal is out of service: the message staff (or the fleet) left,
 * in the screen's language with the other one below. Covers every screen; the corner entry still
 * works, so staff can come back in to end it.
 */
import type { OutOfServiceMessage } from '../../../electron/contract/kiosk-api.ts';
import { useMaintenanceT } from './maintenance-i18n.ts';
import './maintenance.css';

export function OutOfServiceScreen({ message }: { message: OutOfServiceMessage }) {
  const { t, i18n } = useMaintenanceT();
  const english = i18n.language === 'en-US';
  const first = english ? message['en-US'] : message['zh-CN'];
  const second = english ? message['zh-CN'] : message['en-US'];
  return (
    <div className="mt-out-of-service" data-testid="out-of-service" role="alert">
      <h1>{t('outOfService.title')}</h1>
      <p className="mt-oos-message" data-testid="out-of-service-message" lang={english ? 'en-US' : 'zh-CN'}>
        {first}
      </p>
      {second !== first && (
        <p className="mt-oos-secondary" lang={english ? 'zh-CN' : 'en-US'}>
          {second}
        </p>
      )}
    </div>
  );
}
