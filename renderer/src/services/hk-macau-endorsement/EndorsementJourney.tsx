/** 往来港澳二次签注; the flow is in endorsement-state.ts, the permit rule in contract/rules/hk-macau-permit.ts. */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { EndorsementFeeView, EndorsementOptionsView, EndorsementReceiptView, EndorsementType, PaymentView } from '../../../../electron/contract/kiosk-api.ts';
import { PERMIT_CHARSET, PERMIT_LENGTH } from '../../../../electron/contract/rules/hk-macau-permit.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { StepIndicator } from '../../components/StepIndicator.tsx';
import { readTimeoutMs } from '../../flow/card-read.ts';
import { newJobId } from '../../flow/job-id.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { PayStep } from '../../payments/PayStep.tsx';
import { yuan } from '../../payments/pay-state.ts';
import { PersonCheckStep } from '../../person-check/PersonCheckStep.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ReceiptFrame } from '../shared/ReceiptScreen.tsx';
import { PaymentSlipPrint } from '../shared/PaymentSlipPrint.tsx';
import { ScanPrompt } from '../shared/ScanPrompt.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { useWedgeScan } from '../shared/use-wedge-scan.ts';
import { endorsementReducer, endorsementStart, endorsementWaiting, type EndorsementAction, type EndorsementState, type PermitProblem } from './endorsement-state.ts';
import { usePersonCheckScreen } from '../shared/use-person-check-screen.ts';

const SCAN_WAIT_SECONDS = 60;

const step = ({ api }: ServiceContextValue) => (model: MachineModel<EndorsementState>): RunningStep<EndorsementAction> | null => {
  const { state, op } = model;
  const failed = (error: unknown): EndorsementAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  const loaded = (view: EndorsementOptionsView): EndorsementAction => ({ type: 'loaded', op, view });
  if (state.phase === 'listing') return plain(api.listEndorsementOptions({ by: 'entry', permitNumber: state.permitNumber }).then(loaded, failed));
  if (state.phase === 'scanning') {
    let settled = false;
    const done = api
      .listEndorsementOptions({ by: 'scan', timeoutMs: readTimeoutMs(SCAN_WAIT_SECONDS) })
      .then(loaded, failed)
      .finally(() => {
        settled = true;
      });
    return { done, cancel: () => void (settled || api.cancelScan({}).catch(() => {})) };
  }
  if (state.phase === 'pricing') {
    return plain(api.endorsementFee({ submissionId: state.submissionId, type: state.type }).then((fee): EndorsementAction => ({ type: 'priced', op, fee }), failed));
  }
  if (state.phase === 'submitting') {
    const request = { submissionId: state.submissionId, type: state.type, ...(state.orderNo === undefined ? {} : { orderNo: state.orderNo }) };
    return plain(api.submitEndorsement(request).then((receipt): EndorsementAction => ({ type: 'submitted', op, receipt }), failed));
  }
  return null;
};

export default function EndorsementJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(endorsementReducer, machine(endorsementStart), step(ctx));
  const { state } = model;
  // While 人证核验 or the pay step shows, the screen reported is theirs (consent, camera…; pay-choose, pay-scanning…).
  const [payScreen, setPayScreen] = useState({ screen: 'pay-loading', waiting: true });
  const onPayScreen = useCallback((screen: string, waiting: boolean) => setPayScreen({ screen, waiting }), []);
  const paying = state.phase === 'paying';
  const other = paying ? payScreen.screen : state.phase === 'receipt' && state.receipt.payment.status === 'paid' ? 'endorsement-receipt-paid' : undefined;
  const onPersonScreen = usePersonCheckScreen(state.phase === 'verifying', other ?? `endorsement-${state.phase}`, paying ? payScreen.waiting : endorsementWaiting(state));
  const onPaid = useCallback((payment: PaymentView) => dispatch({ type: 'paid', orderNo: payment.orderNo }), [dispatch]);
  const onLeavePay = useCallback(() => dispatch({ type: 'back' }), [dispatch]);
  useWedgeScan(state.phase === 'permit' || state.phase === 'scanning', (code) => dispatch({ type: 'wedge', code }));

  const title = t('endorsement.title');
  const steps = [t('steps.card'), t('endorsement.step.verify'), t('endorsement.step.permit'), t('endorsement.step.type'), t('endorsement.step.confirm')];
  switch (state.phase) {
    case 'card':
      return <ReadCardStep key={model.op} kicker={title} steps={{ current: 1, names: steps }} onRead={() => dispatch({ type: 'cardRead' })} onFail={(code) => dispatch({ type: 'cardFailed', code })} onBack={ctx.home} />;
    case 'verifying':
      return (
        <PersonCheckStep
          key={model.op}
          api={ctx.api}
          purpose="hk-macau-endorsement"
          onScreen={onPersonScreen}
          onVerified={() => dispatch({ type: 'verified' })}
          onCancel={ctx.home}
          onError={(code) => dispatch({ type: 'verifyFailed', code })}
        />
      );
    case 'permit':
      return (
        <PermitEntry
          key={model.op}
          steps={steps}
          initial={state.entered}
          problem={state.problem}
          onSubmit={(permitNumber) => dispatch({ type: 'enter', permitNumber })}
          onScan={() => dispatch({ type: 'scan' })}
        />
      );
    case 'scanning':
      return <ScanPrompt kicker={title} title={t('endorsement.scanPermit')} detail={t('endorsement.scanning')} testId="endorsement-scan" onBack={() => dispatch({ type: 'back' })} />;
    case 'listing':
      return <BusyScreen testId="busy" title={title} message={t('endorsement.listing')} />;
    case 'choose':
      return <ChooseType view={state.view} steps={steps} onPick={(endorsement) => dispatch({ type: 'pick', endorsement, submissionId: newJobId() })} onBack={() => dispatch({ type: 'back' })} />;
    case 'pricing':
      return <BusyScreen testId="endorsement-pricing" title={title} message={t('endorsement.pricing')} />;
    case 'confirm':
      return <ConfirmApplication view={state.view} type={state.type} fee={state.fee} steps={steps} onSubmit={() => dispatch({ type: 'submit' })} onBack={() => dispatch({ type: 'back' })} />;
    case 'paying':
      return (
        <section className="screen" data-testid="endorsement-pay" aria-labelledby="endorsement-pay-title">
          <p className="screen-kicker">{title}</p>
          <StepIndicator current={5} steps={steps} />
          <h1 id="endorsement-pay-title" className="screen-title">
            {t('endorsement.payTitle', { type: t(`endorsement.type.${state.type}`) })}
          </h1>
          <PayStep key={model.op} api={ctx.api} purpose={state.fee.purpose} purchaseId={state.fee.purchaseId} onScreen={onPayScreen} onPaid={onPaid} onLeave={onLeavePay} />
        </section>
      );
    case 'submitting':
      return <BusyScreen testId="endorsement-submitting" title={title} message={t('endorsement.submitting')} />;
    case 'receipt':
      return <EndorsementReceipt receipt={state.receipt} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
  }
}

function PermitEntry({ steps, initial, problem, onSubmit, onScan }: { steps: readonly string[]; initial: string; problem: PermitProblem | undefined; onSubmit(permit: string): void; onScan(): void }) {
  const { t } = useTranslation();
  const { home } = useService();
  const [permit, setPermit] = useState(initial);
  return (
    <section className="screen" data-testid="endorsement-permit" aria-labelledby="endorsement-permit-title">
      <p className="screen-kicker">{t('endorsement.title')}</p>
      <StepIndicator current={3} steps={steps} />
      <h1 id="endorsement-permit-title" className="screen-title">
        {t('endorsement.permitInstruction')}
      </h1>
      <p className="muted">{t('endorsement.permitHint')}</p>
      <OnScreenKeyboard label={t('endorsement.permitLabel')} layout="alphanumeric" charset={PERMIT_CHARSET} initialValue={initial} maxLength={PERMIT_LENGTH} onChange={setPermit} testId="permit-keyboard" />
      {problem && (
        <p className="field-error" role="alert" data-testid="permit-error" data-problem={problem}>
          <span aria-hidden="true">! </span>
          {t(`endorsement.problem.${problem}`)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={home}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="permit-scan" onClick={onScan}>
          {t('endorsement.scanPermit')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="permit-next" disabled={permit === ''} onClick={() => onSubmit(permit)}>
          {t('endorsement.next')}
        </button>
      </div>
    </section>
  );
}

function useValidity() {
  const { t } = useTranslation();
  return (o: { validityMonths: number; times: number }) =>
    o.times === 0 ? t('endorsement.validityUnlimited', { months: o.validityMonths }) : t('endorsement.validity', { months: o.validityMonths, times: o.times });
}

function ChooseType({ view, steps, onPick, onBack }: { view: EndorsementOptionsView; steps: readonly string[]; onPick(type: EndorsementType): void; onBack(): void }) {
  const { t } = useTranslation();
  const when = useDateFormat();
  const validity = useValidity();
  return (
    <section className="screen" data-testid="endorsement-choose" aria-labelledby="endorsement-choose-title">
      <p className="screen-kicker">{t('endorsement.title')}</p>
      <StepIndicator current={4} steps={steps} />
      <h1 id="endorsement-choose-title" className="screen-title">
        {t('endorsement.chooseTitle')}
      </h1>
      <p className="muted" data-testid="endorsement-permit-meta">
        {t('endorsement.permitMeta', { permit: view.permitMasked, date: when.date(view.permitExpiresOn) })}
      </p>
      <ul className="entries">
        {view.options.map((o) => (
          <li key={o.type} className="entry">
            <button type="button" className="btn btn-secondary" data-testid="endorsement-type" data-type={o.type} data-allowed={o.allowed} disabled={!o.allowed} onClick={() => onPick(o.type)}>
              <span className="entry-title">
                {t(`endorsement.type.${o.type}`)} ({o.type}) · {t('endorsement.fee', { fee: o.feeYuan })}
              </span>
              <span className="entry-meta">{o.allowed ? validity(o) : `${t('endorsement.notAllowed')}${o.refusal ? `: ${o.refusal}` : ''}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
      </div>
    </section>
  );
}

function ConfirmApplication({
  view,
  type,
  fee,
  steps,
  onSubmit,
  onBack,
}: {
  view: EndorsementOptionsView;
  type: EndorsementType;
  fee: EndorsementFeeView;
  steps: readonly string[];
  onSubmit(): void;
  onBack(): void;
}) {
  const { t } = useTranslation();
  const validity = useValidity();
  const option = view.options.find((o) => o.type === type);
  return (
    <section className="screen" data-testid="endorsement-confirm" aria-labelledby="endorsement-confirm-title">
      <p className="screen-kicker">{t('endorsement.title')}</p>
      <StepIndicator current={5} steps={steps} />
      <h1 id="endorsement-confirm-title" className="screen-title">
        {t('endorsement.confirmTitle')}
      </h1>
      <div className="panel">
        <dl className="record-meta">
          <div>
            <dt>{t('endorsement.permitLabel')}</dt>
            <dd className="mono">{view.permitMasked}</dd>
          </div>
          <div>
            <dt>{t('endorsement.receiptType')}</dt>
            <dd data-testid="endorsement-chosen">
              {t(`endorsement.type.${type}`)} ({type})
            </dd>
          </div>
          {option && (
            <div>
              <dt>{t('endorsement.step.type')}</dt>
              <dd>{validity(option)}</dd>
            </div>
          )}
        </dl>
        {fee.payAt === 'terminal' ? (
          <>
            <p className="delivery" data-testid="endorsement-fee" data-pay-at="terminal" data-speak="">
              {t('endorsement.feeHere', { fee: yuan(fee.amountFen) })}
            </p>
            <p className="muted">{t('endorsement.feeHereNote')}</p>
          </>
        ) : (
          <>
            {option && (
              <p className="delivery" data-testid="endorsement-fee" data-pay-at="counter" data-speak="">
                {t('endorsement.feeDue', { fee: option.feeYuan })}
              </p>
            )}
            <p className="muted">{t('endorsement.feeNote')}</p>
          </>
        )}
      </div>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="endorsement-submit" onClick={onSubmit}>
          {fee.payAt === 'terminal' ? t('endorsement.payAndSubmit') : t('endorsement.submit')}
        </button>
      </div>
    </section>
  );
}

function EndorsementReceipt({ receipt }: { receipt: EndorsementReceiptView }) {
  const { t } = useTranslation();
  const validity = useValidity();
  const { payment } = receipt;
  return (
    <ReceiptFrame
      kicker={t('endorsement.title')}
      title={t('endorsement.receiptTitle')}
      receipt={receipt}
      serviceId="hk-macau-endorsement"
      print={{ kind: 'hk-macau-endorsement', receiptNo: receipt.receiptNo }}
      {...(payment.status === 'paid' ? { morePrint: <PaymentSlipPrint orderNo={payment.orderNo} /> } : {})}
      rows={
        <>
          <div>
            <dt>{t('endorsement.receiptType')}</dt>
            <dd>
              {t(`endorsement.type.${receipt.type}`)} ({receipt.type}) · {validity(receipt)}
            </dd>
          </div>
          {payment.status === 'paid' ? (
            <>
              <div>
                <dt>{t('endorsement.paidAmount')}</dt>
                <dd data-testid="paid-amount">¥{yuan(payment.amountFen)}</dd>
              </div>
              <div>
                <dt>{t('endorsement.paidOrderNo')}</dt>
                <dd className="mono" data-testid="paid-order-no">
                  {payment.orderNo}
                </dd>
              </div>
              <div>
                <dt>{t('endorsement.paidWith')}</dt>
                <dd>{t(`payments.channel.${payment.channel}`)}</dd>
              </div>
              <div>
                <dt>{t('endorsement.paidTransactionNo')}</dt>
                <dd className="mono" data-testid="paid-transaction-no">
                  {payment.transactionId}
                </dd>
              </div>
            </>
          ) : (
            <div>
              <dt>{t('endorsement.paymentReference')}</dt>
              <dd className="mono" data-testid="payment-reference">
                {payment.reference}
              </dd>
            </div>
          )}
        </>
      }
      due={
        payment.status === 'paid' ? (
          <p className="delivery" data-testid="endorsement-paid" role="status">
            {t('endorsement.paidNote', { fee: yuan(payment.amountFen) })}
          </p>
        ) : (
          <>
            <p className="delivery" data-testid="endorsement-pay-due" role="status">
              {t('endorsement.payDue', { fee: receipt.feeYuan })}
            </p>
            <p className="muted">{t('endorsement.feeNote')}</p>
          </>
        )
      }
    />
  );
}
