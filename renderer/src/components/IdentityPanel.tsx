import { useTranslation } from 'react-i18next';
import type { IdCardView } from '../../../electron/contract/kiosk-api.ts';

/** The card holder as the core lets the screen show them: name and masked number only. */
export function IdentityPanel({ card }: { card: IdCardView }) {
  const { t } = useTranslation();
  return (
    <dl className="identity" data-private="">
      <div>
        <dt>{t('credit.card.name')}</dt>
        <dd data-testid="card-name">{card.name}</dd>
      </div>
      <div>
        <dt>{t('credit.card.idNumber')}</dt>
        <dd data-testid="card-id-masked" className="mono">
          {card.idNumberMasked}
        </dd>
      </div>
    </dl>
  );
}
