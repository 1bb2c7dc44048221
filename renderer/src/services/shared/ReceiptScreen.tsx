/**
 * The acceptance receipt of a submission: number, time, delivery, progress QR, print and rating.
 * `ReceiptScreen` is the one of a matter or form (commitment, form); a service whose receipt says
 * more (an endorsement's type and fee due) gives `ReceiptFrame` its own rows and notice.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { SubmissionReceiptView } from '../../../../electron/contract/kiosk-api.ts';
import type { PrintDocument } from '../../../../electron/contract/schemas.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { ResultActions } from './ResultActions.tsx';

export interface ReceiptFrameProps {
  kicker: string;
  title: string;
  receipt: Pick<SubmissionReceiptView, 'receiptNo' | 'delivery' | 'submittedAt' | 'progressUrl'>;
  serviceId: string;
  print: PrintDocument;
  /** The service's own rows, between the receipt number and the time. */
  rows?: ReactNode;
  /** What the citizen must still do, said before the delivery state and announced instead of it. */
  due?: ReactNode;
  /** Another printout of the transaction (the payment slip), beside the receipt's own. */
  morePrint?: ReactNode;
}

export function ReceiptFrame({ kicker, title, receipt, serviceId, print, rows, due, morePrint }: ReceiptFrameProps) {
  const { t } = useTranslation();
  const when = useDateFormat();
  return (
    <section className="screen" data-testid="receipt" aria-labelledby="receipt-title">
      <p className="screen-kicker">{kicker}</p>
      <h1 id="receipt-title" className="screen-title">
        <span className="done-inline" aria-hidden="true">
          ✓
        </span>
        {title}
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
            {rows}
            <div>
              <dt>{t('receipt.submittedAt')}</dt>
              <dd>{when.dateTime(receipt.submittedAt)}</dd>
            </div>
          </dl>
          {due}
          <p className="delivery" data-testid="delivery" data-delivery={receipt.delivery} {...(due ? {} : { role: 'status' })}>
            {t(`receipt.delivery.${receipt.delivery}`)}
          </p>
        </div>
        <div className="panel panel-qr">
          <QrCode value={receipt.progressUrl} label={t('receipt.progressQr')} testId="progress-qr" />
        </div>
      </div>
      {morePrint}
      <ResultActions print={print} phoneUrl={receipt.progressUrl} evaluation={{ serviceId, transactionId: receipt.receiptNo }} />
    </section>
  );
}

export function ReceiptScreen({ receipt, print }: { receipt: SubmissionReceiptView; print: PrintDocument }) {
  const { t } = useTranslation();
  const lt = useLocalized();
  return <ReceiptFrame kicker={lt(receipt.title)} title={t('receipt.title')} receipt={receipt} serviceId={receipt.serviceId} print={print} />;
}
