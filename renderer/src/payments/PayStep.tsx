/**
 * 支付: the pay step a service journey embeds for a purchase the core has priced. Two ways: show
 * the wallet's payment code to the scanner (付款码), or scan the terminal's code with the phone
 * (主扫). An unknown outcome shows "正在确认支付结果" and keeps checking; if it stays unknown the
 * citizen is told staff will settle it (and an unpaid order is closed or refunded by the core).
 */
import { useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, PaymentChannelId, PaymentView } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import { QrCode } from '../components/QrCode.tsx';
import { payReducer, payStart, yuan, type PayState } from './pay-state.ts';

export interface PayStepProps {
  api: KioskApi;
  purpose: string;
  purchaseId: string;
  /** Reports the step's screen (`pay-<phase>`) for voice prompts and the inactivity logic. */
  onScreen?: (screen: string, waiting: boolean) => void;
  onPaid(payment: PaymentView): void;
  /** The citizen leaves the step (nothing paid, or money returned). */
  onLeave(): void;
  /** How often a waiting or confirming order is checked. */
  pollMs?: number;
}

const CONFIRM_LIMIT = 20;

export function PayStep({ api, purpose, purchaseId, onScreen, onPaid, onLeave, pollMs = 2000 }: PayStepProps) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(payReducer, payStart);

  useEffect(() => onScreen?.(`pay-${state.phase}`, state.phase === 'confirming' || state.phase === 'scanning' || state.phase === 'loading'), [state.phase, onScreen]);

  useEffect(() => {
    let live = true;
    api.paymentOffer({ purpose, purchaseId }).then(
      (offer) => live && dispatch({ type: 'offered', offer }),
      (error: unknown) => live && dispatch({ type: 'error', code: errorCodeOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, purpose, purchaseId]);

  // 付款码: one scan-and-pay call; codes that are not payment codes are reported while it waits.
  useEffect(() => {
    if (state.phase !== 'scanning') return;
    let live = true;
    const off = api.on('scanRejected', (e) => e.reason === 'not-a-payment-code' && live && dispatch({ type: 'notACode' }));
    api.payByScan({ purpose, purchaseId, shownFen: state.offer.amountFen, timeoutMs: 60_000 }).then(
      (payment) => live && dispatch({ type: 'result', payment }),
      (error: unknown) => live && dispatch({ type: 'error', code: errorCodeOf(error) }),
    );
    return () => {
      live = false;
      off();
      void api.cancelScan({}).catch(() => undefined);
    };
  // Keyed on entering the phase only: one scan-and-pay call per visit, not one per render.
  }, [state.phase === 'scanning']);

  // 主扫: create the order once, then poll it.
  const nativeChannel = state.phase === 'native' ? state.channel : undefined;
  useEffect(() => {
    if (nativeChannel === undefined || state.phase !== 'native') return;
    let live = true;
    api.startNativePayment({ purpose, purchaseId, shownFen: state.offer.amountFen, channel: nativeChannel }).then(
      ({ payment, codeUrl }) => live && dispatch({ type: 'nativeStarted', payment, ...(codeUrl === undefined ? {} : { codeUrl }) }),
      (error: unknown) => live && dispatch({ type: 'error', code: errorCodeOf(error) }),
    );
    return () => {
      live = false;
    };
  // One order per chosen channel.
  }, [nativeChannel]);

  const pollOrder = state.phase === 'native' ? state.payment?.orderNo : state.phase === 'confirming' ? state.payment.orderNo : undefined;
  useEffect(() => {
    if (pollOrder === undefined) return;
    let live = true;
    let checks = 0;
    const timer = setInterval(() => {
      checks++;
      api.checkPayment({ orderNo: pollOrder }).then(
        (payment) => live && dispatch({ type: 'result', payment }),
        () => undefined,
      );
      if (checks > CONFIRM_LIMIT * 10) clearInterval(timer);
    }, pollMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, pollOrder, pollMs]);

  useEffect(() => {
    if (state.phase === 'paid') onPaid(state.payment);
  }, [state, onPaid]);

  const leaveNative = (s: Extract<PayState, { phase: 'native' }>): void => {
    if (s.payment) void api.cancelPayment({ orderNo: s.payment.orderNo }).then((payment) => dispatch({ type: 'result', payment }), () => undefined);
    dispatch({ type: 'back' });
  };

  const amount = 'offer' in state && state.offer !== undefined ? t('payments.amount', { amount: yuan(state.offer.amountFen) }) : '';
  return (
    <section className="pay-step" data-testid="pay-step" data-phase={state.phase} aria-live="polite">
      <h2>{t('payments.title')}</h2>
      {amount !== '' && <p className="pay-amount" data-testid="pay-amount">{amount}</p>}
      {state.phase === 'loading' && <p>{t('payments.loading')}</p>}
      {state.phase === 'choose' && (
        <div className="pay-ways">
          <button type="button" className="btn btn-primary" data-testid="pay-scan" onClick={() => dispatch({ type: 'scan' })}>
            {t('payments.scanWay')}
          </button>
          {state.offer.channels
            .filter((c) => c !== 'non-tax')
            .map((channel: PaymentChannelId) => (
              <button type="button" className="btn btn-secondary" key={channel} data-testid={`pay-native-${channel}`} onClick={() => dispatch({ type: 'native', channel })}>
                {t('payments.phoneWay', { channel: t(`payments.channel.${channel}`) })}
              </button>
            ))}
          <button type="button" className="btn btn-secondary" onClick={onLeave}>
            {t('payments.leave')}
          </button>
        </div>
      )}
      {state.phase === 'scanning' && (
        <div>
          <p data-testid="pay-scan-prompt">{t('payments.scanPrompt')}</p>
          {state.notACode && (
            <p role="alert" className="pay-problem" data-testid="pay-not-a-code">
              {t('payments.notACode')}
            </p>
          )}
        </div>
      )}
      {state.phase === 'native' && (
        <div>
          {state.codeUrl ? <QrCode value={state.codeUrl} label={t('payments.codeLabel', { channel: t(`payments.channel.${state.channel}`) })} testId="pay-qr" /> : <p>{t('payments.loading')}</p>}
          <p>{t('payments.phonePrompt', { channel: t(`payments.channel.${state.channel}`) })}</p>
          <button type="button" className="btn btn-secondary" onClick={() => leaveNative(state)}>
            {t('payments.otherWay')}
          </button>
        </div>
      )}
      {state.phase === 'confirming' && (
        <div data-testid="pay-confirming">
          <p className="pay-confirming">{t('payments.confirming')}</p>
          <p>{t('payments.confirmingHelp')}</p>
        </div>
      )}
      {state.phase === 'paid' && (
        <div data-testid="pay-paid">
          <p>{t('payments.paid')}</p>
          <p>{t('payments.orderNo', { orderNo: state.payment.orderNo })}</p>
          {state.payment.transactionId && <p>{t('payments.transactionNo', { transactionNo: state.payment.transactionId })}</p>}
        </div>
      )}
      {state.phase === 'refunded' && (
        <div data-testid="pay-refunded">
          <p>{t('payments.refunded')}</p>
          <button type="button" className="btn btn-secondary" onClick={onLeave}>
            {t('payments.leave')}
          </button>
        </div>
      )}
      {state.phase === 'failed' && (
        <div data-testid="pay-failed" data-failure={state.failure}>
          <p role="alert" className="pay-problem">
            {t(`payments.failure.${state.failure}`)}
          </p>
          {state.offer && (
            <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'back' })}>
              {t('payments.tryAgain')}
            </button>
          )}
          <button type="button" className="btn btn-secondary" onClick={onLeave}>
            {t('payments.leave')}
          </button>
        </div>
      )}
    </section>
  );
}
