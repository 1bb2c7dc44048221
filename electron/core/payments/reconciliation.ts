/**
 * 日对账: the terminal's orders of one day against each channel's statement. What the channel
 * took must be what the terminal counts as paid (delivered, or refunded with a refund line); any
 * difference is listed and raised as one alert per day, which the maintenance overview, the
 * heartbeat and the fleet events all show. A clean run clears that day's alert. A channel whose
 * statement could not be fetched leaves the day incomplete, raised (warning) until a run gets it.
 */
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { ChannelId, PaymentChannel, StatementLine } from './channels/payment-channel.ts';
import { PAYMENT_ALERT } from './payment-alerts.ts';
import type { PaymentJournal, PaymentOrder } from './payment-journal.ts';

export type DifferenceKind =
  /** The channel took money for an order the terminal does not count as paid. */
  | 'taken-not-counted'
  /** The terminal counts an order paid that the channel's statement does not show. */
  | 'counted-not-taken'
  | 'amount-differs'
  /** Refunded here, no refund line there (or the other way round). */
  | 'refund-differs'
  /** A statement line for an order number this terminal never made. */
  | 'unknown-order';

export interface ReconciliationDifference {
  channel: ChannelId;
  orderNo: string;
  kind: DifferenceKind;
  terminalFen: number;
  statementFen: number;
}

export interface ReconciliationReport {
  day: string;
  ordersChecked: number;
  statementLines: number;
  differences: ReconciliationDifference[];
  /** Channels whose statement could not be fetched: the day is not reconciled for them. */
  unavailable: ChannelId[];
}

/** States in which the terminal holds the money (or handed out what it paid for). */
const COUNTED_PAID = new Set(['paid', 'delivering', 'delivered', 'refunding', 'refunded']);

export async function reconcileDay(
  day: string,
  journal: PaymentJournal,
  channels: Partial<Record<ChannelId, PaymentChannel>>,
  alerts: AlertBoard,
  terminalPrefix: string,
): Promise<ReconciliationReport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('day must look like 2026-12-04');
  const orders = journal.ofDay(day);
  const differences: ReconciliationDifference[] = [];
  const unavailable: ChannelId[] = [];
  let statementLines = 0;
  for (const [id, channel] of Object.entries(channels) as Array<[ChannelId, PaymentChannel]>) {
    let lines: StatementLine[];
    try {
      lines = await channel.statement(day);
    } catch {
      unavailable.push(id);
      continue;
    }
    // A merchant statement covers every terminal of the merchant: only this terminal's order numbers.
    const ours = lines.filter((l) => l.orderNo.startsWith(terminalPrefix));
    statementLines += ours.length;
    // An order of another day (paid after midnight, refunded days later) is compared on its own day.
    const otherDays = new Set(ours.filter((l) => !orders.some((o) => o.orderNo === l.orderNo) && journal.get(l.orderNo) !== undefined).map((l) => l.orderNo));
    differences.push(...compare(id, orders.filter((o) => o.channel === id), ours.filter((l) => !otherDays.has(l.orderNo))));
  }
  if (differences.length > 0) {
    const sample = differences
      .slice(0, 5)
      .map((d) => `${d.orderNo} ${d.kind}`)
      .join('; ');
    alerts.raise({
      id: PAYMENT_ALERT.reconciliation(day),
      kind: 'payment-reconciliation-difference',
      severity: 'critical',
      detail: `${day}: ${differences.length} difference(s) with the channels' statements: ${sample}${differences.length > 5 ? '; …' : ''}`,
    });
  } else if (unavailable.length === 0) {
    alerts.clear(PAYMENT_ALERT.reconciliation(day));
  }
  // A day some channel's statement is missing for is not reconciled: said until a run gets them all.
  if (unavailable.length > 0) {
    alerts.raise({
      id: PAYMENT_ALERT.reconciliationIncomplete(day),
      kind: 'payment-reconciliation-incomplete',
      severity: 'warning',
      detail: `${day}: no statement from ${unavailable.join(', ')} yet; the day is not reconciled for them (retried; staff can reconcile it on demand)`,
    });
  } else {
    alerts.clear(PAYMENT_ALERT.reconciliationIncomplete(day));
  }
  return { day, ordersChecked: orders.length, statementLines, differences, unavailable };
}

function compare(channel: ChannelId, orders: PaymentOrder[], lines: StatementLine[]): ReconciliationDifference[] {
  const differences: ReconciliationDifference[] = [];
  const byOrder = new Map<string, { paid: number; refunded: number }>();
  for (const line of lines) {
    const entry = byOrder.get(line.orderNo) ?? { paid: 0, refunded: 0 };
    if (line.kind === 'payment') entry.paid += line.amountFen;
    else entry.refunded += Math.abs(line.amountFen);
    byOrder.set(line.orderNo, entry);
  }
  const known = new Set(orders.map((o) => o.orderNo));
  for (const order of orders) {
    const there = byOrder.get(order.orderNo) ?? { paid: 0, refunded: 0 };
    const counted = COUNTED_PAID.has(order.state);
    const here = counted ? (order.paidFen ?? order.amountFen) : 0;
    const d = (kind: DifferenceKind, terminalFen: number, statementFen: number): void => {
      differences.push({ channel, orderNo: order.orderNo, kind, terminalFen, statementFen });
    };
    if (!counted && there.paid - there.refunded > 0) d('taken-not-counted', 0, there.paid - there.refunded);
    else if (counted && there.paid === 0) d('counted-not-taken', here, 0);
    else if (counted && there.paid !== here) d('amount-differs', here, there.paid);
    const refundedHere = order.state === 'refunded' ? here : 0;
    // A refund still under way may show on the statement or not yet: only settled orders are compared.
    if (order.state !== 'refunding' && counted && refundedHere !== there.refunded) d('refund-differs', refundedHere, there.refunded);
  }
  for (const [orderNo, there] of byOrder) {
    if (!known.has(orderNo)) differences.push({ channel, orderNo, kind: 'unknown-order', terminalFen: 0, statementFen: there.paid - there.refunded });
  }
  return differences;
}
