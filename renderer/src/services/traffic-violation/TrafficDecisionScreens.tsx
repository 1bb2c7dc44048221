/**
 * 交通违法处理's own screens: the decision text to read (large, scrolls, read aloud), the
 * signature (the shared SignaturePad), and the end: paid, the 处罚决定书 to print (A4 where the
 * terminal has it, the receipt printer otherwise, a QR to the phone when there is no paper).
 */
import { useTranslation } from 'react-i18next';
import type { TrafficDecisionDraft, TrafficFinePaidView } from '../../../../electron/contract/kiosk-api.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { yuan } from '../../payments/pay-state.ts';
import { useService } from '../service-context.tsx';
import { PrintControl } from '../shared/PrintControl.tsx';
import { PaymentSlipPrint } from '../shared/PaymentSlipPrint.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { SignStep } from '../shared/SignStep.tsx';
import type { PayableFine } from './traffic-state.ts';

export function DecisionText({
  draft,
  steps,
  agreed,
  onAgree,
  onBack,
  onNext,
}: {
  draft: TrafficDecisionDraft;
  steps: readonly string[];
  agreed: boolean;
  onAgree(agreed: boolean): void;
  onBack(): void;
  onNext(): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid="traffic-decision" aria-labelledby="traffic-decision-title">
      <p className="screen-kicker">{draft.authority}</p>
      <StepIndicator current={2} steps={steps} />
      <h1 id="traffic-decision-title" className="screen-title">
        {t('traffic.decisionTitle')}
      </h1>
      <p className="muted">{t('traffic.decisionHint')}</p>
      <div className="panel commitment-body" tabIndex={0} role="region" aria-label={t('traffic.decisionTitle')} data-testid="traffic-decision-text">
        {draft.paragraphs.map((paragraph, index) => (
          <p key={index} data-speak="">
            {paragraph}
          </p>
        ))}
        <p className="consequences">
          <strong>{t('traffic.decisionFine', { amount: yuan(draft.fineFen), points: draft.points })}</strong> · {t('traffic.legalBasis')}: {draft.legalBasis}
        </p>
      </div>
      <button type="button" className="btn btn-secondary agree" role="checkbox" aria-checked={agreed} data-testid="agree" onClick={() => onAgree(!agreed)}>
        <span className="toggle-mark" aria-hidden="true">
          {agreed ? '✓' : ''}
        </span>
        {t('traffic.agree')}
      </button>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="to-sign" disabled={!agreed} onClick={onNext}>
          {t('traffic.toSign')}
        </button>
      </div>
    </section>
  );
}

export function SignDecision({ steps, onBack, onSigned }: { steps: readonly string[]; onBack(): void; onSigned(png: string): void }) {
  const { t } = useTranslation();
  return (
    <SignStep
      testId="traffic-sign"
      kicker={t('traffic.title')}
      steps={steps}
      current={3}
      title={t('traffic.signTitle')}
      hint={t('traffic.signHint')}
      tooComplex={t('traffic.signatureTooComplex')}
      submitLabel={t('traffic.accept')}
      submitTestId="traffic-accept"
      onBack={onBack}
      onSigned={onSigned}
    />
  );
}

export function FineDone({
  steps,
  fine,
  paid,
  orderNo,
  onAnother,
}: {
  steps: readonly string[];
  fine: PayableFine;
  paid: TrafficFinePaidView;
  /** The order that paid the fine: its payment slip can be printed here. */
  orderNo: string;
  onAnother(): void;
}) {
  const { t } = useTranslation();
  const { api } = useService();
  return (
    <section className="screen" data-testid="traffic-done" aria-labelledby="traffic-done-title">
      <p className="screen-kicker">{t('traffic.title')}</p>
      <StepIndicator current={steps.length} steps={steps} />
      <h1 id="traffic-done-title" className="screen-title">
        <span className="done-inline" aria-hidden="true">
          ✓
        </span>
        {t('traffic.doneTitle')}
      </h1>
      <div className="panel">
        <dl className="record-meta">
          <div>
            <dt>{t('traffic.decisionNo')}</dt>
            <dd className="mono" data-testid="traffic-decision-no">
              {fine.decisionNo}
            </dd>
          </div>
          <div>
            <dt>{t('traffic.amount')}</dt>
            <dd>{t('guide.yuan', { amount: yuan(fine.amountFen) })}</dd>
          </div>
          <div>
            <dt>{t('traffic.points')}</dt>
            <dd>{t('traffic.pointsN', { count: fine.points })}</dd>
          </div>
        </dl>
        {paid.delivery === 'queued' && (
          <p className="muted" data-testid="traffic-queued">
            {t('traffic.doneQueued')}
          </p>
        )}
      </div>
      {paid.a4 && (
        <div className="panel print-panel">
          <PrintControl print={(jobId) => api.printTrafficDecision({ jobId, decisionNo: fine.decisionNo })} label={t('traffic.printA4')} testId="print-a4" />
        </div>
      )}
      <PaymentSlipPrint orderNo={orderNo} />
      <ResultActions
        print={{ kind: 'traffic-decision', decisionNo: fine.decisionNo }}
        {...(paid.resultUrl ? { phoneUrl: paid.resultUrl } : {})}
        evaluation={{ serviceId: 'traffic-violation', transactionId: `traffic-${fine.decisionNo}` }}
        extra={
          <button type="button" className="btn btn-secondary" data-testid="query-another" onClick={onAnother}>
            {t('traffic.another')}
          </button>
        }
      />
    </section>
  );
}
