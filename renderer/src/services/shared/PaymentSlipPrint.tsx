/**
 * "打印缴费凭证" on the paid screen of a journey that charged: the payment slip (print kind
 * `payment`) of the order this session paid, through the shared print control. The slip has no
 * public page, so while the receipt printer cannot print the citizen is told where the payment
 * stays on record instead of being offered a QR code.
 */
import { useTranslation } from 'react-i18next';
import { PrintControl } from './PrintControl.tsx';

export function PaymentSlipPrint({ orderNo }: { orderNo: string }) {
  const { t } = useTranslation();
  return (
    <div className="panel print-panel" data-testid="payment-slip">
      <PrintControl document={{ kind: 'payment', orderNo }} label={t('payments.slip.print')} testId="print-payment" blockedNote={t('payments.slip.noQr')} />
    </div>
  );
}
