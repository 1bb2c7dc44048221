/**
 * The payments entries of KioskApi. The amount is the service's quote, never the screen's: the
 * screen sends what it showed and a difference is refused. A scanned code that is not a payment
 * code is reported (scanRejected 'not-a-payment-code') while the wait goes on. Orders a session
 * leaves open are cancelled when it ends, so a code shown to a citizen who walked away cannot be
 * paid afterwards.
 */
import type { PaymentProblem, PaymentView } from '../../contract/payments/payments.contract.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { ActiveSession } from '../session/session-store.ts';
import type { ServiceContext } from '../services/shared/service-context.ts';
import { errorMessage } from '../util/error-message.ts';
import { walletOfCode } from './payment-code.ts';
import type { Purchase } from './payment-engine.ts';
import { PaymentInputError } from './payment-input-error.ts';
import type { PaymentOrder } from './payment-journal.ts';
import type { PaymentsRuntime } from './payments-runtime.ts';
import { sessionOrders } from './payment-slip.ts';

type PaymentMethodNames = 'paymentOffer' | 'payByScan' | 'startNativePayment' | 'checkPayment' | 'cancelPayment';

export function paymentView(order: PaymentOrder, problem?: PaymentProblem): PaymentView {
  const display = ((): PaymentView['display'] => {
    switch (order.state) {
      case 'paid':
      case 'delivering':
      case 'delivered':
        return 'paid';
      case 'awaiting':
        return order.method === 'native' ? 'waiting' : 'confirming';
      case 'failed':
        return 'failed';
      case 'closed':
      case 'reversed':
        return 'closed';
      case 'refunded':
        return 'refunded';
      default:
        // created, unknown, reversing, refunding: the outcome is not known yet. Never "failed".
        return 'confirming';
    }
  })();
  const declined = order.state === 'failed' ? (order.detail === 'E102' ? 'amount-differs-from-notice' : 'declined') : undefined;
  return {
    orderNo: order.orderNo,
    display,
    channel: order.channel,
    amountFen: order.amountFen,
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    ...((problem ?? declined) ? { problem: (problem ?? declined)! } : {}),
  };
}

export function paymentHandlers(ctx: ServiceContext, runtime: PaymentsRuntime | undefined): Pick<KioskHandlers, PaymentMethodNames> {
  const openBySession = new Map<string, Set<string>>();
  ctx.deps.sessions.on('ended', ({ sessionId }) => {
    const open = openBySession.get(sessionId);
    openBySession.delete(sessionId);
    for (const orderNo of open ?? []) {
      void runtime?.engine.cancel(orderNo).catch((error: unknown) => ctx.logger.warn('cancelling a payment at session end failed; the settle loop closes it', { orderNo, error: errorMessage(error) }));
    }
  });

  const need = (): PaymentsRuntime => {
    if (runtime === undefined) throw new KioskError('SERVICE_DISABLED', 'payments are not configured on this terminal');
    return runtime;
  };
  const priced = async (purpose: string, purchaseId: string, shownFen?: number): Promise<Purchase> => {
    const purchase = await need().quote(purpose, purchaseId);
    if (purchase === undefined) throw new KioskError('NOT_FOUND', 'no such purchase to pay for');
    if (shownFen !== undefined && shownFen !== purchase.amountFen) {
      // The screen showed another amount than the service asks now: nothing is charged; the screen reloads.
      throw new KioskError('CONTENT_CHANGED', 'the amount shown is not the amount due');
    }
    return purchase;
  };
  const remember = (session: ActiveSession, order: PaymentOrder): void => {
    const open = openBySession.get(session.id) ?? new Set<string>();
    open.add(order.orderNo);
    openBySession.set(session.id, open);
    // The session's own orders are the only ones its payment slip may print.
    const state = ctx.stateOf(session);
    sessionOrders.set(state, (sessionOrders.get(state) ?? new Set<string>()).add(order.orderNo));
  };
  /** A session sees only its own orders. */
  const mine = (sessionId: string, orderNo: string): void => {
    if (!openBySession.get(sessionId)?.has(orderNo)) throw new KioskError('NOT_FOUND', 'no such payment in this session');
  };
  const refused = (error: unknown, session?: ActiveSession): PaymentView => {
    if (error instanceof PaymentInputError) {
      // Already being paid (or paid): show that order, so the citizen sees it and does not pay twice.
      if (error.code === 'PURCHASE_IN_PROGRESS' && error.existing !== undefined && session !== undefined) {
        remember(session, error.existing);
        return paymentView(error.existing, 'purchase-in-progress');
      }
      if (error.code === 'PURCHASE_IN_PROGRESS') throw new KioskError('CONTENT_CHANGED', 'this purchase is already being paid');
      if (error.code === 'CHANNEL_NOT_AVAILABLE') throw new KioskError('SERVICE_DISABLED', error.message);
      throw new KioskError('INVALID_REQUEST', error.message);
    }
    throw error;
  };

  return {
    paymentOffer: async ({ purpose, purchaseId }) => {
      const purchase = await priced(purpose, purchaseId);
      return { channels: need().engine.channels, amountFen: purchase.amountFen, subject: purchase.subject };
    },

    payByScan: async ({ purpose, purchaseId, shownFen, timeoutMs }, { session }) => {
      const { engine } = need();
      const purchase = await priced(purpose, purchaseId, shownFen);
      const state = ctx.stateOf(session);
      const code = await ctx.scanGate.next({ timeoutMs, session: state.abort.signal, accept: (text) => (walletOfCode(text.trim()) === undefined ? undefined : text.trim()), refusal: 'not-a-payment-code' });
      ctx.stillCurrent(session);
      try {
        const order = await engine.payByCode(purchase, code);
        remember(session, order);
        return paymentView(order);
      } catch (error) {
        return refused(error, session);
      }
    },

    startNativePayment: async ({ purpose, purchaseId, shownFen, channel }, { session }) => {
      const { engine } = need();
      const purchase = await priced(purpose, purchaseId, shownFen);
      try {
        const { order, codeUrl } = await engine.startNative(purchase, channel);
        remember(session, order);
        return { payment: paymentView(order), ...(codeUrl === undefined ? {} : { codeUrl }) };
      } catch (error) {
        return { payment: refused(error, session) };
      }
    },

    checkPayment: async ({ orderNo }, { session }) => {
      mine(session.id, orderNo);
      try {
        return paymentView(await need().engine.check(orderNo));
      } catch (error) {
        return refused(error);
      }
    },

    cancelPayment: async ({ orderNo }, { session }) => {
      mine(session.id, orderNo);
      try {
        return paymentView(await need().engine.cancel(orderNo));
      } catch (error) {
        return refused(error);
      }
    },
  };
}
