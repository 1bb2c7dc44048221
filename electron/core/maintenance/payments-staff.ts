/**
 * The staff side of payments on the maintenance screen: 日对账 of a day on demand, the orders that
 * need a person, and one order's settle step now. The screen gets order numbers masked and an
 * opaque reference instead (an order number is what a channel's hotline asks for: staff read the
 * masked one off the screen, the core keeps the whole).
 */
import { createHash } from 'node:crypto';
import type {
  PaymentAcknowledgeResult,
  PaymentNeedingStaffView,
  PaymentReconciliationView,
  PaymentRequeryResult,
  PaymentsNeedingStaffView,
} from '../../contract/maintenance-api.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { PAYMENT_ALERT } from '../payments/payment-alerts.ts';
import type { PaymentOrder } from '../payments/payment-journal.ts';
import type { PaymentsRuntime } from '../payments/payments-runtime.ts';
import type { ReconciliationReport } from '../payments/reconciliation.ts';

/** The first six and last four characters: enough to find the order at the channel with the terminal's help. */
export function maskOrderNo(orderNo: string): string {
  return orderNo.length <= 10 ? `${orderNo.slice(0, 2)}…${orderNo.slice(-2)}` : `${orderNo.slice(0, 6)}…${orderNo.slice(-4)}`;
}

export function orderRef(orderNo: string): string {
  return createHash('sha256').update(`payment-order:${orderNo}`).digest('base64url').slice(0, 16);
}

export function reconciliationView(report: ReconciliationReport): PaymentReconciliationView {
  return {
    day: report.day,
    ordersChecked: report.ordersChecked,
    statementLines: report.statementLines,
    differences: report.differences.map((d) => ({ channel: d.channel, orderNoMasked: maskOrderNo(d.orderNo), kind: d.kind, terminalFen: d.terminalFen, statementFen: d.statementFen })),
    unavailable: [...report.unavailable],
  };
}

function orderView(order: PaymentOrder, reason: PaymentNeedingStaffView['reason'], now: Date): PaymentNeedingStaffView {
  return {
    ref: orderRef(order.orderNo),
    orderNoMasked: maskOrderNo(order.orderNo),
    amountFen: order.amountFen,
    ...(order.paidFen !== null && order.paidFen !== order.amountFen ? { paidFen: order.paidFen } : {}),
    channel: order.channel,
    state: order.state,
    reason,
    createdAt: order.createdAt,
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(order.createdAt)) / 1000)),
  };
}

export interface PaymentsStaffDeps {
  payments: PaymentsRuntime | undefined;
  /** The alert board: acknowledging a wrong amount resolves its alert. */
  alerts: { clear(id: string): unknown };
  audit: AuditLog;
  actor: string;
  now?: () => Date;
}

export function paymentsStaff(deps: PaymentsStaffDeps) {
  const now = deps.now ?? (() => new Date());
  const runtime = (): PaymentsRuntime => {
    if (!deps.payments) throw new KioskError('NOT_FOUND', 'this terminal takes no payments (no payments section in its config)');
    return deps.payments;
  };
  const listed = (): Array<{ order: PaymentOrder; reason: PaymentNeedingStaffView['reason'] }> => runtime().engine.needingStaff();

  return {
    async reconcile(day: string): Promise<PaymentReconciliationView> {
      const report = await runtime().reconcile(day);
      deps.audit.append(deps.actor, 'payments.reconciled', {
        day,
        orders: report.ordersChecked,
        differences: report.differences.length,
        unavailable: report.unavailable.join(',') || 'none',
      });
      return reconciliationView(report);
    },

    needingStaff(): PaymentsNeedingStaffView {
      if (!deps.payments) return { configured: false, orders: [] };
      const at = now();
      return { configured: true, orders: listed().map(({ order, reason }) => orderView(order, reason, at)) };
    },

    async requery(ref: string): Promise<PaymentRequeryResult> {
      const entry = listed().find(({ order }) => orderRef(order.orderNo) === ref);
      if (!entry) throw new KioskError('NOT_FOUND', 'no order with this reference needs staff (it may have settled meanwhile)');
      const before = entry.order.state;
      const after = await runtime().engine.settleNow(entry.order.orderNo);
      deps.audit.append(deps.actor, 'payments.requeried', { order: maskOrderNo(after.orderNo), reason: entry.reason, from: before, to: after.state });
      const still = listed().find(({ order }) => order.orderNo === after.orderNo);
      return {
        before,
        order: still ? orderView(still.order, still.reason, now()) : { ref, orderNoMasked: maskOrderNo(after.orderNo), state: after.state, settled: true },
      };
    },

    /**
     * Closes a wrong paid amount once the channel has confirmed its refund ('refunded' is only ever
     * written on the channel's word): the money is back, so staff have nothing left to chase.
     * Before that the alert must stay, or the citizen's money could be forgotten.
     */
    acknowledgeMismatch(ref: string): PaymentAcknowledgeResult {
      const entry = listed().find(({ order }) => orderRef(order.orderNo) === ref);
      if (!entry) throw new KioskError('NOT_FOUND', 'no order with this reference needs staff (it may have been acknowledged meanwhile)');
      const { order } = entry;
      if (order.paidFen === null || order.paidFen === order.amountFen) throw new KioskError('INVALID_REQUEST', 'this order was not paid a wrong amount: only a wrong amount is acknowledged here');
      const masked = maskOrderNo(order.orderNo);
      if (order.state !== 'refunded') {
        deps.audit.append(deps.actor, 'payments.mismatch-acknowledge-refused', { order: masked, state: order.state });
        return { acknowledged: false, ref, orderNoMasked: masked, state: order.state, reason: 'refund-not-settled' };
      }
      deps.alerts.clear(PAYMENT_ALERT.amountMismatch(order.orderNo));
      deps.audit.append(deps.actor, 'payments.mismatch-acknowledged', { order: masked, amountFen: order.amountFen, paidFen: order.paidFen });
      return { acknowledged: true, ref, orderNoMasked: masked, state: 'refunded' };
    },
  };
}

export type PaymentsStaff = ReturnType<typeof paymentsStaff>;
