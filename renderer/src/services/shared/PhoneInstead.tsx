/**
 * The result on the citizen's phone when the receipt printer cannot print: a QR code of the
 * result's public page (verify, progress or guide page), which the upstream guards itself. Never
 * personal data in the code.
 */
import { useTranslation } from 'react-i18next';
import { QrCode } from '../../components/QrCode.tsx';

export function PhoneInstead({ url, testId }: { url: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="print-phone" data-testid={`${testId}-phone`}>
      <p>{t('print.phoneInstead')}</p>
      <QrCode value={url} label={t('print.phoneQrLabel')} testId={`${testId}-phone-qr`} />
    </div>
  );
}

/** The status line's words for a printer that cannot print. */
export const blockedKey = (reason: string): string => `print.blocked.${reason === 'paper-out' || reason === 'cover-open' ? reason : 'other'}`;
