/** The end of a transaction: optional print, 好差评, and "finish" (which ends the session). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintDocument } from '../../../../electron/contract/schemas.ts';
import { useService } from '../service-context.tsx';
import { EvaluationPanel } from './EvaluationPanel.tsx';
import type { PhoneLink } from './phone-link.ts';
import { PrintControl } from './PrintControl.tsx';

interface ResultActionsProps {
  print?: PrintDocument;
  /** The result's public page (verify / progress URL), offered as a QR code when printing cannot be done. */
  phoneUrl?: string;
  /** Several result pages, each with a caption (PrintControl's phoneLinks). */
  phoneLinks?: readonly PhoneLink[];
  /** What is rated; no panel when the screen ends no transaction. */
  evaluation?: { serviceId: string; transactionId: string };
  extra?: ReactNode;
}

export function ResultActions({ print, phoneUrl, phoneLinks, evaluation, extra }: ResultActionsProps) {
  const { t } = useTranslation();
  const { finish } = useService();
  return (
    <>
      {/* Printing acts on the result above: it sits with it, not in the bar that ends the journey. */}
      {print && (
        <div className="panel print-panel">
          <PrintControl document={print} {...(phoneUrl ? { phoneUrl } : {})} {...(phoneLinks ? { phoneLinks } : {})} />
        </div>
      )}
      {evaluation && <EvaluationPanel serviceId={evaluation.serviceId} transactionId={evaluation.transactionId} />}
      <div className="actions">
        {extra}
        <button type="button" className="btn btn-secondary" data-testid="finish-button" onClick={finish}>
          {t('credit.finish')}
        </button>
      </div>
    </>
  );
}
