/**
 * The reference payment server's books: what every channel actually did with money. Tests count
 * charges and refunds from here, never from the terminal's journal. Faults are drawn per money
 * request (pay or precreate) from a queue, or at random with a seed.
 */
import { seededRandom } from '../upstream/chaos.ts';

export const PAYMENT_FAULTS = [
  'none',
  /** Answers "user paying"; the citizen confirms after userPayingMs. */
  'user-paying',
  /** Answers "user paying"; the citizen never confirms (the terminal must reverse). */
  'user-paying-never',
  /** Charges at once, answers only after holdMs (past the client's timeout). */
  'timeout',
  /** Answers a system error without charging; the charge lands lateMs later unless revoked or closed first. */
  'late-success',
  /** 500 before doing anything. */
  'http-500',
  /** Charges, then answers 500. */
  'charge-then-500',
  /** Pays, and its paid notification is sent twice. */
  'duplicate-notify',
  /** Charges another amount than asked (the terminal must refund and alert). */
  'wrong-amount',
  /** The wallet refuses: not enough balance. */
  'insufficient',
] as const;
export type PaymentFault = (typeof PAYMENT_FAULTS)[number];

export type LedgerState = 'NOTPAY' | 'USERPAYING' | 'SUCCESS' | 'CLOSED' | 'REVOKED' | 'REFUND' | 'PAYERROR';

export interface LedgerOrder {
  channel: string;
  orderNo: string;
  purchaseId: string;
  amountFen: number;
  method: 'micropay' | 'native';
  state: LedgerState;
  transactionId: string;
  paidFen: number;
  authCode: string;
  expiresAt: number;
  /** When a pending charge lands (user-paying, late-success); undefined = never. */
  settleAt: number | undefined;
  fault: PaymentFault;
  createdAt: number;
}

export interface LedgerEntry {
  channel: string;
  orderNo: string;
  purchaseId: string;
  transactionId: string;
  amountFen: number;
  at: number;
}

export interface PayAnswer {
  order: LedgerOrder;
  /** What the wire should say: the result, or a fault in the transport. */
  reply: 'success' | 'userpaying' | 'systemerror' | 'insufficient' | 'closed' | 'reused';
  transport: 'answer' | 'hold' | 'http-500';
}

export interface LedgerOptions {
  userPayingMs?: number;
  lateMs?: number;
  holdMs?: number;
}

export class PaymentLedger {
  readonly orders = new Map<string, LedgerOrder>();
  readonly charges: LedgerEntry[] = [];
  readonly refunds: Array<LedgerEntry & { refundNo: string }> = [];
  /** Purchases the (simulated) service upstream delivered, by order number. */
  readonly deliveries = new Map<string, string>();
  /** Extra statement lines a test plants to make reconciliation find a difference. */
  readonly plantedLines: Array<{ channel: string; line: string }> = [];
  /** Channels whose statement is not published yet: asking for it is refused (the terminal tries again later). */
  readonly statementsWithheld = new Set<string>();
  readonly #queue: PaymentFault[] = [];
  #random: (() => number) | undefined;
  #randomFaults: readonly PaymentFault[] = [];
  #randomRate = 0;
  #seq = 0;
  readonly userPayingMs: number;
  readonly lateMs: number;
  readonly holdMs: number;

  constructor(options: LedgerOptions = {}) {
    this.userPayingMs = options.userPayingMs ?? 300;
    this.lateMs = options.lateMs ?? 400;
    this.holdMs = options.holdMs ?? 3000;
  }

  queueFault(...faults: PaymentFault[]): void {
    this.#queue.push(...faults);
  }

  randomFaults(seed: number, rate: number, faults: readonly PaymentFault[]): void {
    this.#random = seededRandom(seed);
    this.#randomRate = rate;
    this.#randomFaults = faults;
  }

  #nextFault(): PaymentFault {
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    const random = this.#random;
    if (random === undefined || random() >= this.#randomRate) return 'none';
    return this.#randomFaults[Math.floor(random() * this.#randomFaults.length)] ?? 'none';
  }

  #key = (channel: string, orderNo: string): string => `${channel}:${orderNo}`;

  get(channel: string, orderNo: string): LedgerOrder | undefined {
    const order = this.orders.get(this.#key(channel, orderNo));
    if (order !== undefined) this.#advance(order);
    return order;
  }

  /** Lets pending charges land and expired orders close, as time has passed. */
  advanceAll(): void {
    for (const order of this.orders.values()) this.#advance(order);
  }

  #advance(order: LedgerOrder): void {
    const now = Date.now();
    if ((order.state === 'USERPAYING' || order.state === 'NOTPAY') && order.settleAt !== undefined && now >= order.settleAt) {
      order.settleAt = undefined;
      this.#charge(order, order.fault === 'wrong-amount' ? order.amountFen + 1 : order.amountFen);
      return;
    }
    if (order.state === 'NOTPAY' && order.method === 'native' && now >= order.expiresAt) order.state = 'CLOSED';
  }

  #charge(order: LedgerOrder, fen: number): void {
    order.state = 'SUCCESS';
    order.paidFen = fen;
    order.transactionId = `42${String(Date.now()).slice(-10)}${String(++this.#seq).padStart(8, '0')}`;
    this.charges.push({ channel: order.channel, orderNo: order.orderNo, purchaseId: order.purchaseId, transactionId: order.transactionId, amountFen: fen, at: Date.now() });
  }

  #newOrder(channel: string, orderNo: string, purchaseId: string, amountFen: number, method: 'micropay' | 'native', expiresAt: number, authCode: string): LedgerOrder {
    const order: LedgerOrder = { channel, orderNo, purchaseId, amountFen, method, state: 'NOTPAY', transactionId: '', paidFen: 0, authCode, expiresAt, settleAt: undefined, fault: 'none', createdAt: Date.now() };
    this.orders.set(this.#key(channel, orderNo), order);
    return order;
  }

  /** 付款码. A repeated request with the same order number is answered from the books, never charged again. */
  pay(channel: string, orderNo: string, purchaseId: string, amountFen: number, authCode: string, expiresAt: number): PayAnswer {
    const existing = this.get(channel, orderNo);
    if (existing !== undefined) {
      if (existing.amountFen !== amountFen || existing.authCode !== authCode) return { order: existing, reply: 'reused', transport: 'answer' };
      return { order: existing, reply: replyOf(existing), transport: 'answer' };
    }
    const order = this.#newOrder(channel, orderNo, purchaseId, amountFen, 'micropay', expiresAt, authCode);
    const fault = this.#nextFault();
    order.fault = fault;
    switch (fault) {
      case 'http-500':
        this.orders.delete(this.#key(channel, orderNo));
        return { order, reply: 'systemerror', transport: 'http-500' };
      case 'user-paying':
        order.state = 'USERPAYING';
        order.settleAt = Date.now() + this.userPayingMs;
        return { order, reply: 'userpaying', transport: 'answer' };
      case 'user-paying-never':
        order.state = 'USERPAYING';
        return { order, reply: 'userpaying', transport: 'answer' };
      case 'late-success':
        order.state = 'USERPAYING';
        order.settleAt = Date.now() + this.lateMs;
        return { order, reply: 'systemerror', transport: 'answer' };
      case 'timeout':
        this.#charge(order, amountFen);
        return { order, reply: 'success', transport: 'hold' };
      case 'charge-then-500':
        this.#charge(order, amountFen);
        return { order, reply: 'success', transport: 'http-500' };
      case 'insufficient':
        order.state = 'PAYERROR';
        return { order, reply: 'insufficient', transport: 'answer' };
      case 'wrong-amount':
        this.#charge(order, amountFen + 1);
        return { order, reply: 'success', transport: 'answer' };
      default:
        this.#charge(order, amountFen);
        return { order, reply: 'success', transport: 'answer' };
    }
  }

  /** 主扫: an order waiting for the citizen's phone. */
  precreate(channel: string, orderNo: string, purchaseId: string, amountFen: number, expiresAt: number): { order: LedgerOrder; transport: 'answer' | 'http-500' } {
    const existing = this.get(channel, orderNo);
    if (existing !== undefined) return { order: existing, transport: 'answer' };
    const fault = this.#nextFault();
    if (fault === 'http-500') return { order: this.#newOrder(channel, orderNo, purchaseId, amountFen, 'native', expiresAt, ''), transport: 'http-500' };
    const order = this.#newOrder(channel, orderNo, purchaseId, amountFen, 'native', expiresAt, '');
    order.fault = fault;
    return { order, transport: 'answer' };
  }

  /** The citizen's phone pays a native order (the simulator's "scan with the phone"). */
  payNative(channel: string, orderNo: string): LedgerOrder | undefined {
    const order = this.get(channel, orderNo);
    if (order === undefined || order.state !== 'NOTPAY') return order;
    this.#charge(order, order.fault === 'wrong-amount' ? order.amountFen + 1 : order.amountFen);
    return order;
  }

  /** 撤销: revokes (refunding a paid order); an order never seen is revoked in advance, so a late request cannot charge it. */
  reverse(channel: string, orderNo: string): 'done' | 'refused' {
    const order = this.get(channel, orderNo) ?? this.#newOrder(channel, orderNo, '', 0, 'micropay', 0, '');
    if (order.state === 'SUCCESS') this.#refund(order, `${orderNo}C`, order.paidFen);
    if (order.state === 'REFUND' || order.state === 'REVOKED' || order.state === 'CLOSED') {
      order.state = order.state === 'CLOSED' ? 'CLOSED' : 'REVOKED';
      return 'done';
    }
    order.state = 'REVOKED';
    order.settleAt = undefined;
    return 'done';
  }

  close(channel: string, orderNo: string): 'closed' | 'paid' {
    const order = this.get(channel, orderNo) ?? this.#newOrder(channel, orderNo, '', 0, 'native', 0, '');
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return 'paid';
    if (order.state !== 'REVOKED') order.state = 'CLOSED';
    order.settleAt = undefined;
    return 'closed';
  }

  refund(channel: string, orderNo: string, refundNo: string, fen: number): 'refunded' | 'refused' {
    if (this.refunds.some((r) => r.refundNo === refundNo && r.channel === channel)) return 'refunded';
    const order = this.get(channel, orderNo);
    if (order === undefined || order.state !== 'SUCCESS' || fen !== order.paidFen) return 'refused';
    this.#refund(order, refundNo, fen);
    return 'refunded';
  }

  #refund(order: LedgerOrder, refundNo: string, fen: number): void {
    order.state = 'REFUND';
    this.refunds.push({ channel: order.channel, orderNo: order.orderNo, purchaseId: order.purchaseId, transactionId: order.transactionId, amountFen: fen, at: Date.now(), refundNo });
  }

  /** The statement (CSV: orderNo,transactionId,kind,amountFen) of one China-time day. */
  statementCsv(channel: string, day: string): string {
    if (this.statementsWithheld.has(channel)) throw new Error(`no statement of ${channel} for ${day} yet`);
    const start = Date.parse(`${day}T00:00:00+08:00`);
    const inDay = (at: number): boolean => at >= start && at < start + 86_400_000;
    const lines = ['orderNo,transactionId,kind,amountFen'];
    for (const c of this.charges) if (c.channel === channel && inDay(c.at)) lines.push(`\`${c.orderNo},\`${c.transactionId},payment,${c.amountFen}`);
    for (const r of this.refunds) if (r.channel === channel && inDay(r.at)) lines.push(`\`${r.orderNo},\`${r.transactionId},refund,-${r.amountFen}`);
    for (const p of this.plantedLines) if (p.channel === channel) lines.push(p.line);
    return `${lines.join('\n')}\n`;
  }
}

function replyOf(order: LedgerOrder): PayAnswer['reply'] {
  switch (order.state) {
    case 'SUCCESS':
      return 'success';
    case 'USERPAYING':
    case 'NOTPAY':
      return 'userpaying';
    case 'PAYERROR':
      return 'insufficient';
    default:
      return 'closed';
  }
}
