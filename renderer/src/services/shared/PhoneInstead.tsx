/**
 * The result on the citizen's phone when the receipt printer cannot print: a QR code of the
 * result's public page (verify, progress or guide page), which the upstream guards itself. Never
 * personal data in the code.
 */
import { useTranslation } from 'react-i18next';
import { QrCode } from '../../components/QrCode.tsx';
import type { PhoneLink } from './phone-link.ts';

export function PhoneInstead({ url, links, testId }: { url?: string; links?: readonly PhoneLink[]; testId: string }) {
  const { t } = useTranslation();
  const all = links ?? (url ? [{ url }] : []);
  return (
    <div className="print-phone" data-testid={`${testId}-phone`}>
      <p>{t('print.phoneInstead')}</p>
      {all.map((link) => (
        <QrCode
          key={link.url}
          value={link.url}
          label={link.caption ? t('print.phoneQrLabelOf', { caption: link.caption }) : t('print.phoneQrLabel')}
          testId={`${testId}-phone-qr`}
        />
      ))}
    </div>
  );
}

/** The status line's words for a printer that cannot print. */
export const blockedKey = (reason: string): string => `print.blocked.${reason === 'paper-out' || reason === 'cover-open' ? reason : 'other'}`;
