/** The acceptance receipt of a submission (commitment, form): number, delivery, progress QR. */
import { useTranslation } from 'react-i18next';
import type { SubmissionReceiptView } from '../../../../electron/contract/kiosk-api.ts';
import type { PrintDocument } from '../../../../electron/contract/schemas.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { ResultActions } from './ResultActions.tsx';

export function ReceiptScreen({ receipt, print }: { receipt: SubmissionReceiptView; print: PrintDocument }) {
  const { t, i18n } = useTranslation();
  const lt = useLocalized();
  return (
    <section className="screen" data-testid="receipt" aria-labelledby="receipt-title">
      <p className="screen-kicker">{lt(receipt.title)}</p>
      <h1 id="receipt-title" className="screen-title">
        <span className="done-inline" aria-hidden="true">
          ✓
        </span>
        {t('receipt.title')}
      </h1>
      <div className="record-layout">
        <div className="panel">
          <dl className="record-meta">
            <div>
              <dt>{t('receipt.number')}</dt>
              <dd className="mono" data-testid="receipt-no">
                {receipt.receiptNo}
              </dd>
            </div>
            <div>
              <dt>{t('receipt.submittedAt')}</dt>
              <dd>{new Date(receipt.submittedAt).toLocaleString(i18n.language)}</dd>
            </div>
          </dl>
          <p className="delivery" data-testid="delivery" data-delivery={receipt.delivery} role="status">
            {t(`receipt.delivery.${receipt.delivery}`)}
          </p>
        </div>
        <div className="panel panel-qr">
          <QrCode value={receipt.progressUrl} label={t('receipt.progressQr')} testId="progress-qr" />
        </div>
      </div>
      <ResultActions print={print} phoneUrl={receipt.progressUrl} evaluation={{ serviceId: receipt.serviceId, transactionId: receipt.receiptNo }} />
    </section>
  );
}
