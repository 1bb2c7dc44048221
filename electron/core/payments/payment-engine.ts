/**
 * Taking money for a purchase without ever charging twice or losing a paid order.
 *
 * - Every order is journaled before the first call and after every answer (payment-journal.ts);
 *   the partial unique index refuses a second live order for the same purchase.
 * - An unknown answer (timeout, 5xx, SYSTEMERROR) is queried, never treated as failed.
 * - A micropay that is still "user paying" or unknown at its deadline is reversed (撤销); a native
 *   order past its deadline is closed, so it can never be paid afterwards.
 * - A paid order is either delivered (the service calls beginDelivery / delivered) or refunded:
 *   paid orders left behind by a previous run, or not delivered within the delivery window, are
 *   refunded, unless their purpose says such an order is owed (`onPaidUndelivered: 'deliver'`, a
 *   fine): then its deliver hook delivers it; an order caught mid-delivery by a crash is settled by
 *   the purpose's delivery check. A paid amount other than the order's is always refunded.
 * - The settle loop retries with the project's backoff rule and raises `payment-unsettled` when
 *   orders stay open past their deadline plus the grace period.
 */
import { EventEmitter } from 'node:events';
import { fullJitterDelay, type BackoffPolicy } from '../../contract/rules/backoff.ts';
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from '../util/error-message.ts';
import { NotificationRejected, type ChannelId, type PayOutcome, type PaymentChannel } from './channels/payment-channel.ts';
import { PAYMENT_ALERT } from './payment-alerts.ts';
import { channelForCode, maskCode, walletOfCode } from './payment-code.ts';
import { PaymentInputError } from './payment-input-error.ts';
import { channelOrderOf, PurchaseHasLiveOrder, type PaymentJournal, type PaymentOrder } from './payment-journal.ts';
import { isFinal, type PaymentState } from './payment-state.ts';
import { newOrderNo } from './order-number.ts';

export interface Purchase {
  /** The service that sells it (a catalogue id such as 'traffic-violation'). */
  purpose: string;
  purchaseId: string;
  amountFen: number;
  subject: string;
  noticeNo?: string;
}

/** Asked after a crash for an order caught mid-delivery: did the service deliver it? undefined = cannot tell yet. */
export type DeliveryCheck = (order: PaymentOrder) => Promise<boolean | undefined>;

/**
 * Delivers a paid order nobody is waiting on (the citizen left, the terminal restarted): true =
 * delivered, false = cannot be delivered (refund), undefined = cannot tell yet (ask again later).
 */
export type DeliverHook = (order: PaymentOrder) => Promise<boolean | undefined>;

/** What a paid but undelivered order of a purpose becomes once abandoned; the default is 'refund'. */
export type PaidUndeliveredPolicy = { onPaidUndelivered: 'refund' } | { onPaidUndelivered: 'deliver'; deliver: DeliverHook };

export interface PaymentLimits {
  /** A micropay must settle within this; past it the order is reversed. */
  micropaySettleMs: number;
  /** A native code is payable this long; past it the order is closed. */
  nativeTtlMs: number;
  /** A paid order not handed to delivery within this is refunded (the citizen has gone). */
  deliveryWindowMs: number;
  /** Open this long past its deadline, an order raises `payment-unsettled`. */
  unsettledAlertMs: number;
  /** How often the foreground waits query a paying micropay. */
  pollMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_LIMITS: PaymentLimits = {
  micropaySettleMs: 60_000,
  nativeTtlMs: 5 * 60_000,
  deliveryWindowMs: 15 * 60_000,
  unsettledAlertMs: 10 * 60_000,
  pollMs: 2000,
  backoff: { baseMs: 2000, capMs: 60_000 },
};

export interface PaymentEngineOptions {
  journal: PaymentJournal;
  channels: Partial<Record<ChannelId, PaymentChannel>>;
  alerts: AlertBoard;
  logger: Logger;
  terminalId: string;
  limits?: Partial<PaymentLimits>;
  deliveryChecks?: Record<string, DeliveryCheck>;
  /** By purpose; a purpose not listed refunds its abandoned paid orders. */
  paidPolicies?: Record<string, PaidUndeliveredPolicy>;
  now?: () => Date;
  random?: () => number;
}

interface PaymentEngineEvents {
  changed: [PaymentOrder];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PaymentEngine extends EventEmitter<PaymentEngineEvents> {
  readonly #journal: PaymentJournal;
  readonly #channels: Partial<Record<ChannelId, PaymentChannel>>;
  readonly #alerts: AlertBoard;
  readonly #log: Logger;
  readonly #terminalId: string;
  readonly #limits: PaymentLimits;
  readonly #deliveryChecks: Record<string, DeliveryCheck>;
  readonly #paidPolicies: Record<string, PaidUndeliveredPolicy>;
  readonly #now: () => Date;
  readonly #random: () => number;
  /** Orders a foreground call is working on: the settle loop leaves them alone. */
  readonly #busy = new Set<string>();
  /** Orders whose state this engine created or changed. */
  readonly #ownStates = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #settling: Promise<void> | undefined;
  #stopped = false;

  constructor(options: PaymentEngineOptions) {
    super();
    this.#journal = options.journal;
    this.#channels = options.channels;
    this.#alerts = options.alerts;
    this.#log = options.logger;
    this.#terminalId = options.terminalId;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#deliveryChecks = options.deliveryChecks ?? {};
    this.#paidPolicies = options.paidPolicies ?? {};
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
  }

  get channels(): ChannelId[] {
    return Object.keys(this.#channels) as ChannelId[];
  }

  get(orderNo: string): PaymentOrder | undefined {
    return this.#journal.get(orderNo);
  }

  channelFor(id: ChannelId): PaymentChannel {
    const channel = this.#channels[id];
    if (channel === undefined) throw new PaymentInputError('CHANNEL_NOT_AVAILABLE', `${id} is not configured`);
    return channel;
  }

  // ── Paying ────────────────────────────────────────────────────────────────────────────────────

  /**
   * 付款码: charges the code the scanner read and waits until the order settles (paid, failed,
   * closed) or, past the limit, is being reversed. Bad input throws PaymentInputError before any
   * row or call.
   */
  async payByCode(purchase: Purchase, code: string): Promise<PaymentOrder> {
    checkPurchase(purchase);
    const trimmed = code.trim();
    if (walletOfCode(trimmed) === undefined) throw new PaymentInputError('NOT_A_PAYMENT_CODE', 'the scanned code is not a payment code');
    const channelId = channelForCode(trimmed, purchase.noticeNo, this.channels);
    if (channelId === undefined) throw new PaymentInputError('CHANNEL_NOT_AVAILABLE', `no configured channel takes ${walletOfCode(trimmed)} codes`);
    const order = this.#create(purchase, channelId, 'micropay', this.#limits.micropaySettleMs);
    this.#busy.add(order.orderNo);
    try {
      this.#log.info('micropay', { orderNo: order.orderNo, channel: channelId, code: maskCode(trimmed) });
      const outcome = await this.#channel(order).micropay(channelOrderOf(order), trimmed);
      let current = await this.#apply(order.orderNo, outcome, 'micropay');
      while (current.state === 'awaiting' || current.state === 'unknown' || current.state === 'created') {
        if (this.#now().getTime() >= Date.parse(current.deadlineAt)) {
          current = await this.#reverse(current);
          break;
        }
        await sleep(this.#limits.pollMs);
        current = await this.#apply(order.orderNo, await this.#channel(current).query(channelOrderOf(current)), 'query');
      }
      return current;
    } finally {
      this.#busy.delete(order.orderNo);
    }
  }

  /** 主扫: a code for the citizen's phone; then `check` until paid, and `cancel` if they leave. */
  async startNative(purchase: Purchase, channelId: ChannelId): Promise<{ order: PaymentOrder; codeUrl?: string }> {
    checkPurchase(purchase);
    if (this.#channels[channelId] === undefined) throw new PaymentInputError('CHANNEL_NOT_AVAILABLE', `${channelId} is not configured`);
    const order = this.#create(purchase, channelId, 'native', this.#limits.nativeTtlMs);
    this.#busy.add(order.orderNo);
    try {
      const created = await this.#channel(order).createNative(channelOrderOf(order));
      if (created.kind === 'created') return { order: this.#move(order.orderNo, 'awaiting', { detail: 'code shown' }), codeUrl: created.codeUrl };
      if (created.kind === 'failed') return { order: this.#move(order.orderNo, 'failed', { detail: created.code }) };
      return { order: this.#move(order.orderNo, 'unknown', { detail: created.reason, nextCheckAt: this.#now() }) };
    } finally {
      this.#busy.delete(order.orderNo);
    }
  }

  /** One look at a native order the screen is waiting on; closes it once past its deadline. */
  async check(orderNo: string): Promise<PaymentOrder> {
    const order = this.#require(orderNo);
    if (isFinal(order.state) || !['awaiting', 'unknown', 'created'].includes(order.state) || this.#busy.has(orderNo)) return order;
    this.#busy.add(orderNo);
    try {
      const current = await this.#apply(orderNo, await this.#channel(order).query(channelOrderOf(order)), 'query');
      if (['awaiting', 'unknown', 'created'].includes(current.state) && this.#now().getTime() >= Date.parse(current.deadlineAt)) return await this.#closeOrReverse(current);
      return current;
    } finally {
      this.#busy.delete(orderNo);
    }
  }

  /** The citizen left or chose another way: the order must never be paid afterwards. */
  async cancel(orderNo: string): Promise<PaymentOrder> {
    this.#require(orderNo);
    // The settle loop may be looking at it right now (and find it paid): decide on the state after.
    await this.#waitIdle(orderNo);
    const order = this.#require(orderNo);
    if (!['awaiting', 'unknown', 'created'].includes(order.state)) {
      // Paid but the citizen is leaving: nothing will be delivered, so the money goes back.
      return order.state === 'paid' ? this.notDeliverable(orderNo, 'cancelled') : order;
    }
    this.#busy.add(orderNo);
    try {
      const closed = await this.#closeOrReverse(order);
      return closed.state === 'paid' ? await this.notDeliverable(orderNo, 'paid while cancelling') : closed;
    } finally {
      this.#busy.delete(orderNo);
    }
  }

  // ── Delivery hook ─────────────────────────────────────────────────────────────────────────────

  /** The service starts handing out what was paid for; from here a crash asks the delivery check. */
  beginDelivery(orderNo: string): PaymentOrder {
    const order = this.#require(orderNo);
    if (order.state !== 'paid') throw new PaymentInputError('NOT_PAID', `order ${orderNo} is ${order.state}`);
    return this.#move(orderNo, 'delivering');
  }

  /**
   * A service's delivery of a paid order, made durable around the delivery hook: from
   * beginDelivery on, a crash leaves the order "delivering" and the purpose's delivery check
   * settles it; after `deliver`, delivered. An order already delivering or delivered only runs
   * `deliver` again (services deliver under one idempotency key). A throw leaves it delivering,
   * for a retry or the check.
   */
  async deliverThrough<T>(order: PaymentOrder, deliver: () => Promise<T>): Promise<T> {
    if (order.state === 'paid') this.beginDelivery(order.orderNo);
    const outcome = await deliver();
    this.delivered(order.orderNo);
    return outcome;
  }

  delivered(orderNo: string): PaymentOrder {
    const order = this.#require(orderNo);
    if (order.state === 'delivered') return order;
    if (order.state === 'paid') this.#move(orderNo, 'delivering');
    return this.#move(orderNo, 'delivered');
  }

  /** The service cannot deliver a paid order: refund it (now, or by the settle loop). */
  async notDeliverable(orderNo: string, reason: string): Promise<PaymentOrder> {
    const order = this.#require(orderNo);
    if (order.state === 'refunding' || order.state === 'refunded') return order;
    const refunding = this.#move(orderNo, 'refunding', { detail: reason.slice(0, 120), checks: 0, nextCheckAt: this.#now() });
    return this.#refund(refunding);
  }

  // ── Notifications ─────────────────────────────────────────────────────────────────────────────

  /** A channel's asynchronous notification; duplicates and repeats change nothing. */
  async handleNotification(channelId: ChannelId, body: string): Promise<PaymentOrder | undefined> {
    const channel = this.#channels[channelId];
    if (channel === undefined) throw new PaymentInputError('CHANNEL_NOT_AVAILABLE', `${channelId} is not configured`);
    let note;
    try {
      note = channel.parseNotification(body);
    } catch (error) {
      if (error instanceof NotificationRejected) {
        this.#alerts.raise({ id: PAYMENT_ALERT.notificationRejected, kind: 'payment-notification-rejected', severity: 'warning', detail: `${channelId}: ${error.message}` });
      }
      throw error;
    }
    const order = this.#journal.get(note.orderNo);
    if (order === undefined || order.channel !== channelId) {
      this.#log.warn('payment notification for an unknown order', { orderNo: note.orderNo, channel: channelId });
      return undefined;
    }
    if (note.outcome.kind === 'paid' && (order.state === 'closed' || order.state === 'reversed' || order.state === 'failed')) {
      // The channel confirmed this order could not be paid; a "paid" now contradicts it.
      this.#alerts.raise({
        id: PAYMENT_ALERT.contradiction(order.orderNo),
        kind: 'payment-contradiction',
        severity: 'critical',
        detail: `order ${order.orderNo} (${order.channel}) is ${order.state} here but a paid notification came: check the channel's statement and refund`,
      });
      return order;
    }
    if (!['created', 'awaiting', 'unknown'].includes(order.state)) {
      this.#log.info('payment notification repeated', { orderNo: order.orderNo, state: order.state });
      return order;
    }
    return this.#apply(order.orderNo, note.outcome, 'notification');
  }

  // ── Settle loop ───────────────────────────────────────────────────────────────────────────────

  start(intervalMs = 1000): void {
    this.#stopped = false;
    const tick = (): void => {
      this.#timer = setTimeout(() => {
        void this.settleOnce().finally(() => {
          if (!this.#stopped) tick();
        });
      }, intervalMs);
      this.#timer.unref?.();
    };
    void this.settleOnce().finally(() => {
      if (!this.#stopped) tick();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#settling;
  }

  /** One pass over the open orders that are due. */
  settleOnce(): Promise<void> {
    this.#settling ??= this.#settlePass().finally(() => {
      this.#settling = undefined;
    });
    return this.#settling;
  }

  async #settlePass(): Promise<void> {
    const now = this.#now().getTime();
    for (const order of this.#journal.open()) {
      if (this.#busy.has(order.orderNo)) continue;
      if (order.nextCheckAt !== null && Date.parse(order.nextCheckAt) > now && !this.#fromEarlierRun(order)) continue;
      this.#busy.add(order.orderNo);
      try {
        await this.#settle(order);
      } catch (error) {
        this.#log.error('settling a payment failed', { orderNo: order.orderNo, error: errorMessage(error) });
        this.#later(this.#require(order.orderNo), `error: ${errorMessage(error)}`);
      } finally {
        this.#busy.delete(order.orderNo);
      }
    }
    this.#raiseUnsettled();
  }

  /**
   * Staff's "re-query now": one settle step for this order at once, as the settle loop would take
   * it when due (query, close/reverse past the deadline, retry a refund). A final order is returned
   * as it is; an order a foreground call is working on is waited for first.
   */
  async settleNow(orderNo: string): Promise<PaymentOrder> {
    this.#require(orderNo);
    await this.#waitIdle(orderNo);
    const order = this.#require(orderNo);
    if (isFinal(order.state)) return order;
    this.#busy.add(orderNo);
    try {
      await this.#settle(order);
    } catch (error) {
      this.#log.error('settling a payment failed', { orderNo, error: errorMessage(error) });
      this.#later(this.#require(orderNo), `error: ${errorMessage(error)}`);
    } finally {
      this.#busy.delete(orderNo);
    }
    return this.#require(orderNo);
  }

  /**
   * Orders staff must look at: open long past their due time (the rule of `payment-unsettled`), a
   * refund the channel refused or did not answer, and a paid amount other than the order's while
   * its alert is up. Oldest first.
   */
  needingStaff(): Array<{ order: PaymentOrder; reason: 'unsettled' | 'refund-failed' | 'amount-mismatch' }> {
    const limit = this.#now().getTime() - this.#limits.unsettledAlertMs;
    const out: Array<{ order: PaymentOrder; reason: 'unsettled' | 'refund-failed' | 'amount-mismatch' }> = [];
    const seen = new Set<string>();
    for (const order of this.#journal.open()) {
      if (order.state === 'refunding' && /^refund( refused|:)/.test(order.detail ?? '')) out.push({ order, reason: 'refund-failed' });
      else if (this.#dueAt(order) < limit) out.push({ order, reason: 'unsettled' });
      else continue;
      seen.add(order.orderNo);
    }
    const mismatchAlerts = new Set(this.#alerts.list().filter((a) => a.kind === 'payment-amount-mismatch').map((a) => a.id));
    for (const order of this.#journal.amountMismatched()) {
      if (!seen.has(order.orderNo) && mismatchAlerts.has(PAYMENT_ALERT.amountMismatch(order.orderNo))) out.push({ order, reason: 'amount-mismatch' });
    }
    return out.sort((a, b) => a.order.createdAt.localeCompare(b.order.createdAt));
  }

  /** Paid and delivering orders are due at the end of their delivery window, the others at their deadline. */
  #dueAt(o: PaymentOrder): number {
    return o.state === 'paid' || o.state === 'delivering' ? Date.parse(o.updatedAt) + this.#limits.deliveryWindowMs : Date.parse(o.deadlineAt);
  }

  /** True while any order may still hold money the terminal has not accounted for. */
  get openCount(): number {
    return this.#journal.open().length;
  }

  async #settle(order: PaymentOrder): Promise<void> {
    const pastDeadline = this.#now().getTime() >= Date.parse(order.deadlineAt);
    switch (order.state) {
      case 'created':
      case 'awaiting':
      case 'unknown': {
        // A request of an earlier run may have been in flight: its order is settled now, never resumed.
        const earlier = this.#fromEarlierRun(order);
        const current = await this.#apply(order.orderNo, await this.#channel(order).query(channelOrderOf(order)), 'settle query');
        if (current.state === 'paid' && earlier) await this.#paidAbandoned(current, 'paid after the citizen left');
        else if (['created', 'awaiting', 'unknown'].includes(current.state) && (pastDeadline || earlier)) await this.#closeOrReverse(current);
        else if (['created', 'awaiting', 'unknown'].includes(current.state)) this.#later(current, undefined);
        return;
      }
      case 'reversing':
        await this.#reverse(order);
        return;
      case 'refunding':
        await this.#refund(order);
        return;
      case 'paid':
        if (this.#abandoned(order)) await this.#paidAbandoned(order, 'not delivered');
        else this.#later(order, undefined, Date.parse(order.updatedAt) + this.#limits.deliveryWindowMs);
        return;
      case 'delivering': {
        // A delivery of this run gets the delivery window to finish; after that (or after a crash) ask.
        const due = Date.parse(order.updatedAt) + this.#limits.deliveryWindowMs;
        if (!this.#fromEarlierRun(order) && this.#now().getTime() < due) {
          this.#later(order, undefined, due);
          return;
        }
        const checkDelivery = this.#deliveryChecks[order.purpose];
        const done = checkDelivery === undefined ? undefined : await checkDelivery(order);
        if (done === true) this.delivered(order.orderNo);
        else if (done === false) await this.notDeliverable(order.orderNo, 'delivery interrupted');
        else this.#later(order, 'delivery outcome unknown');
        return;
      }
      default:
        return;
    }
  }

  /** A paid order nobody waits on: refunded, or delivered where its purpose says it is owed. */
  async #paidAbandoned(order: PaymentOrder, reason: string): Promise<PaymentOrder> {
    const policy = this.#paidPolicies[order.purpose];
    // A wrong amount is never delivered: what was asked for was not what was paid.
    if (policy?.onPaidUndelivered !== 'deliver' || (order.paidFen !== null && order.paidFen !== order.amountFen)) return this.notDeliverable(order.orderNo, reason);
    // From 'delivering' on, a crash inside the hook is settled by the purpose's delivery check.
    const delivering = this.#move(order.orderNo, 'delivering', { detail: `owed: ${reason}`.slice(0, 120) });
    const done = await policy.deliver(delivering);
    if (done === true) return this.delivered(order.orderNo);
    if (done === false) return this.notDeliverable(order.orderNo, 'owed but not deliverable');
    return this.#later(this.#require(order.orderNo), 'owed: delivery outcome unknown');
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────

  #create(purchase: Purchase, channel: ChannelId, method: 'micropay' | 'native', ttlMs: number): PaymentOrder {
    const now = this.#now();
    try {
      const order = this.#journal.create({
        orderNo: newOrderNo(this.#terminalId, now),
        purchaseId: purchase.purchaseId,
        purpose: purchase.purpose,
        channel,
        method,
        amountFen: purchase.amountFen,
        subject: purchase.subject,
        ...(purchase.noticeNo === undefined ? {} : { noticeNo: purchase.noticeNo }),
        deadlineAt: new Date(now.getTime() + ttlMs),
      });
      this.#ownStates.add(order.orderNo);
      this.emit('changed', order);
      return order;
    } catch (error) {
      if (error instanceof PurchaseHasLiveOrder) throw new PaymentInputError('PURCHASE_IN_PROGRESS', error.message, error.existing);
      throw error;
    }
  }

  /** Applies a channel's answer about payment to the order. */
  async #apply(orderNo: string, outcome: PayOutcome, via: string): Promise<PaymentOrder> {
    const order = this.#require(orderNo);
    if (!['created', 'awaiting', 'unknown', 'reversing'].includes(order.state)) return order;
    switch (outcome.kind) {
      case 'paid': {
        if (order.state === 'reversing') return order;
        const paid = this.#move(orderNo, 'paid', { transactionId: outcome.transactionId, paidFen: outcome.amountFen, detail: via, checks: 0, nextCheckAt: null });
        if (outcome.amountFen !== order.amountFen) {
          this.#alerts.raise({
            id: PAYMENT_ALERT.amountMismatch(orderNo),
            kind: 'payment-amount-mismatch',
            severity: 'critical',
            detail: `order ${orderNo} (${order.channel}) was paid ${outcome.amountFen} fen instead of ${order.amountFen}: not delivered, refund started; check the channel's statement`,
          });
          return this.notDeliverable(orderNo, 'amount mismatch');
        }
        return paid;
      }
      case 'paying':
        return order.state === 'reversing' ? order : this.#move(orderNo, 'awaiting', { detail: via });
      case 'not-found':
        return order.state === 'reversing' ? order : this.#move(orderNo, order.state === 'created' ? 'unknown' : order.state, { detail: `${via}: not found` });
      case 'failed':
        return order.state === 'reversing' ? order : this.#move(orderNo, 'failed', { detail: outcome.code, nextCheckAt: null });
      case 'closed':
        return this.#move(orderNo, order.state === 'reversing' ? 'reversed' : 'closed', { detail: outcome.code, nextCheckAt: null });
      case 'refunded':
        // Refunded outside this terminal (by staff at the channel): the money is back.
        if (order.state === 'reversing') return this.#move(orderNo, 'reversed', { detail: 'refunded at the channel' });
        this.#move(orderNo, 'paid', { transactionId: outcome.transactionId, detail: via });
        this.#move(orderNo, 'refunding', { detail: 'refunded at the channel' });
        return this.#move(orderNo, 'refunded', { nextCheckAt: null });
      case 'unknown':
        return order.state === 'reversing' ? order : this.#move(orderNo, 'unknown', { detail: `${via}: ${outcome.reason}` });
    }
  }

  async #closeOrReverse(order: PaymentOrder): Promise<PaymentOrder> {
    if (order.method === 'micropay') return this.#reverse(order);
    const closed = await this.#channel(order).close(channelOrderOf(order));
    if (closed.kind === 'closed') return this.#move(order.orderNo, 'closed', { detail: 'closed', nextCheckAt: null });
    if (closed.kind === 'paid') {
      const paid = await this.#apply(order.orderNo, await this.#channel(order).query(channelOrderOf(order)), 'query after close');
      return paid.state === 'paid' ? paid : this.#later(paid, 'close refused: paid');
    }
    return this.#later(order, `close: ${closed.reason}`);
  }

  async #reverse(order: PaymentOrder): Promise<PaymentOrder> {
    const reversing = order.state === 'reversing' ? order : this.#move(order.orderNo, 'reversing', { detail: 'deadline', checks: 0 });
    const answer = await this.#channel(reversing).reverse(channelOrderOf(reversing));
    if (answer.kind === 'done') return this.#move(order.orderNo, 'reversed', { detail: 'reversed', nextCheckAt: null });
    if (answer.kind === 'refused') {
      // Past the reverse window (or the channel will not): a paid order is refunded instead.
      const state = await this.#channel(reversing).query(channelOrderOf(reversing));
      if (state.kind === 'paid') {
        this.#move(order.orderNo, 'refunding', { transactionId: state.transactionId, paidFen: state.amountFen, detail: `reverse refused: ${answer.code}`, checks: 0 });
        return this.#refund(this.#require(order.orderNo));
      }
      if (state.kind === 'closed' || state.kind === 'refunded') return this.#move(order.orderNo, 'reversed', { detail: state.kind, nextCheckAt: null });
      return this.#later(reversing, `reverse refused: ${answer.code}`);
    }
    return this.#later(reversing, `reverse: ${answer.reason}`);
  }

  async #refund(order: PaymentOrder): Promise<PaymentOrder> {
    const amount = order.paidFen ?? order.amountFen;
    const answer = await this.#channel(order).refund(channelOrderOf(order), amount);
    if (answer.kind === 'refunded') return this.#move(order.orderNo, 'refunded', { nextCheckAt: null });
    if (answer.kind === 'pending') {
      const state = await this.#channel(order).query(channelOrderOf(order));
      if (state.kind === 'refunded') return this.#move(order.orderNo, 'refunded', { nextCheckAt: null });
      return this.#later(order, 'refund pending');
    }
    return this.#later(order, answer.kind === 'refused' ? `refund refused: ${answer.code}` : `refund: ${answer.reason}`);
  }

  /** Stays in its state; looks again after the backoff rule's wait (or at `at`). */
  #later(order: PaymentOrder, detail: string | undefined, at?: number): PaymentOrder {
    const checks = order.checks + 1;
    const when = at ?? this.#now().getTime() + fullJitterDelay(checks, this.#limits.backoff, this.#random);
    return this.#move(order.orderNo, order.state, { checks, nextCheckAt: new Date(when), ...(detail === undefined ? {} : { detail }) });
  }

  #move(orderNo: string, to: PaymentState, change: Parameters<PaymentJournal['move']>[2] = {}): PaymentOrder {
    const before = this.#journal.get(orderNo)?.state;
    const order = this.#journal.move(orderNo, to, change);
    if (before !== to) {
      this.#ownStates.add(orderNo);
      this.#log.info('payment state', { orderNo, from: before, to, detail: change.detail });
      this.emit('changed', order);
    }
    return order;
  }

  /** Its state was set by an earlier run (one engine per database): no session of this run waits on it. */
  #fromEarlierRun(order: PaymentOrder): boolean {
    return !this.#ownStates.has(order.orderNo);
  }

  #abandoned(order: PaymentOrder): boolean {
    return this.#fromEarlierRun(order) || this.#now().getTime() - Date.parse(order.updatedAt) >= this.#limits.deliveryWindowMs;
  }

  #raiseUnsettled(): void {
    const limit = this.#now().getTime() - this.#limits.unsettledAlertMs;
    const stuck = this.#journal.open().filter((o) => this.#dueAt(o) < limit);
    if (stuck.length === 0) {
      this.#alerts.clear(PAYMENT_ALERT.unsettled);
      return;
    }
    this.#alerts.raise({
      id: PAYMENT_ALERT.unsettled,
      kind: 'payment-unsettled',
      severity: 'critical',
      detail: `${stuck.length} payment order(s) not settled long past their deadline (oldest ${stuck[0]!.orderNo}, ${stuck[0]!.state}): check them with the channel; the terminal keeps retrying`,
    });
  }

  #channel(order: PaymentOrder): PaymentChannel {
    const channel = this.#channels[order.channel];
    if (channel === undefined) throw new Error(`payment channel ${order.channel} is not configured`);
    return channel;
  }

  #require(orderNo: string): PaymentOrder {
    const order = this.#journal.get(orderNo);
    if (order === undefined) throw new PaymentInputError('ORDER_NOT_FOUND', `no payment order ${orderNo}`);
    return order;
  }

  async #waitIdle(orderNo: string): Promise<void> {
    while (this.#busy.has(orderNo)) await sleep(20);
  }
}

function checkPurchase(p: Purchase): void {
  if (!Number.isInteger(p.amountFen) || p.amountFen <= 0 || p.amountFen > 100_000_000) throw new PaymentInputError('AMOUNT_INVALID', 'the amount must be a whole number of fen, 1 to 100000000');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(p.purchaseId)) throw new PaymentInputError('PURCHASE_INVALID', 'the purchase id must be 1 to 64 letters, digits, - or _');
}
