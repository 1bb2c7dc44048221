/**
 * The payment journal (migration 009). A row is committed with synchronous=FULL before the call
 * that may move money, and every change after; each change is also appended to payment_event.
 */
import type { KioskDatabase } from '../db/database.ts';
import type { ChannelId, ChannelOrder } from './channels/payment-channel.ts';
import { canMove, OPEN_STATES, PaymentTransitionError, type PaymentState } from './payment-state.ts';

export type PaymentMethod = 'micropay' | 'native';

export interface PaymentOrder {
  orderNo: string;
  purchaseId: string;
  purpose: string;
  channel: ChannelId;
  method: PaymentMethod;
  amountFen: number;
  subject: string;
  noticeNo: string | null;
  state: PaymentState;
  transactionId: string | null;
  paidFen: number | null;
  detail: string | null;
  checks: number;
  nextCheckAt: string | null;
  deadlineAt: string;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  order_no: string;
  purchase_id: string;
  purpose: string;
  channel: ChannelId;
  method: PaymentMethod;
  amount_fen: number;
  subject: string;
  notice_no: string | null;
  state: PaymentState;
  transaction_id: string | null;
  paid_fen: number | null;
  detail: string | null;
  checks: number;
  next_check_at: string | null;
  deadline_at: string;
  created_at: string;
  updated_at: string;
}

const toOrder = (r: RawRow): PaymentOrder => ({
  orderNo: r.order_no,
  purchaseId: r.purchase_id,
  purpose: r.purpose,
  channel: r.channel,
  method: r.method,
  amountFen: r.amount_fen,
  subject: r.subject,
  noticeNo: r.notice_no,
  state: r.state,
  transactionId: r.transaction_id,
  paidFen: r.paid_fen,
  detail: r.detail,
  checks: r.checks,
  nextCheckAt: r.next_check_at,
  deadlineAt: r.deadline_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const channelOrderOf = (o: PaymentOrder): ChannelOrder => ({
  orderNo: o.orderNo,
  amountFen: o.amountFen,
  subject: o.subject,
  purchaseId: o.purchaseId,
  expiresAt: new Date(o.deadlineAt),
  ...(o.noticeNo === null ? {} : { noticeNo: o.noticeNo }),
});

export interface NewOrder {
  orderNo: string;
  purchaseId: string;
  purpose: string;
  channel: ChannelId;
  method: PaymentMethod;
  amountFen: number;
  subject: string;
  noticeNo?: string;
  deadlineAt: Date;
}

export interface StateChange {
  transactionId?: string;
  paidFen?: number;
  detail?: string;
  checks?: number;
  nextCheckAt?: Date | null;
}

/** A live order for the purchase exists already (it may have taken money): no second one. */
export class PurchaseHasLiveOrder extends Error {
  constructor(readonly existing: PaymentOrder) {
    super(`purchase already has payment order ${existing.orderNo} (${existing.state})`);
    this.name = 'PurchaseHasLiveOrder';
  }
}

export class PaymentJournal {
  readonly #db: KioskDatabase;
  readonly #now: () => Date;

  constructor(db: KioskDatabase, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  get(orderNo: string): PaymentOrder | undefined {
    const raw = this.#db.prepare('SELECT * FROM payment_order WHERE order_no = ?').get(orderNo) as RawRow | undefined;
    return raw && toOrder(raw);
  }

  livePurchase(purpose: string, purchaseId: string): PaymentOrder | undefined {
    const raw = this.#db
      .prepare("SELECT * FROM payment_order WHERE purpose = ? AND purchase_id = ? AND state NOT IN ('failed', 'closed', 'reversed', 'refunded')")
      .get(purpose, purchaseId) as RawRow | undefined;
    return raw && toOrder(raw);
  }

  /** Every order ever made for a purchase, oldest first. */
  forPurchase(purpose: string, purchaseId: string): PaymentOrder[] {
    return (this.#db.prepare('SELECT * FROM payment_order WHERE purpose = ? AND purchase_id = ? ORDER BY created_at').all(purpose, purchaseId) as RawRow[]).map(toOrder);
  }

  /** Orders the settle loop must finish, the most overdue first. */
  open(): PaymentOrder[] {
    const marks = OPEN_STATES.map(() => '?').join(',');
    return (this.#db.prepare(`SELECT * FROM payment_order WHERE state IN (${marks}) ORDER BY next_check_at`).all(...OPEN_STATES) as RawRow[]).map(toOrder);
  }

  /** Orders created on one China-time calendar day (the statement's day). */
  ofDay(day: string): PaymentOrder[] {
    const start = new Date(`${day}T00:00:00+08:00`).toISOString();
    const end = new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
    return (this.#db.prepare('SELECT * FROM payment_order WHERE created_at >= ? AND created_at < ? ORDER BY created_at').all(start, end) as RawRow[]).map(toOrder);
  }

  /** Orders paid with another amount than theirs (refunded in full, never delivered). */
  amountMismatched(): PaymentOrder[] {
    return (this.#db.prepare('SELECT * FROM payment_order WHERE paid_fen IS NOT NULL AND paid_fen != amount_fen ORDER BY created_at').all() as RawRow[]).map(toOrder);
  }

  all(): PaymentOrder[] {
    return (this.#db.prepare('SELECT * FROM payment_order ORDER BY created_at').all() as RawRow[]).map(toOrder);
  }

  events(orderNo: string): Array<{ from: PaymentState | null; to: PaymentState; detail: string | null }> {
    return (this.#db.prepare('SELECT from_state, to_state, detail FROM payment_event WHERE order_no = ? ORDER BY id').all(orderNo) as Array<{ from_state: PaymentState | null; to_state: PaymentState; detail: string | null }>).map((e) => ({
      from: e.from_state,
      to: e.to_state,
      detail: e.detail,
    }));
  }

  create(order: NewOrder): PaymentOrder {
    return this.#durably(() => {
      const live = this.livePurchase(order.purpose, order.purchaseId);
      if (live !== undefined) throw new PurchaseHasLiveOrder(live);
      const now = this.#now().toISOString();
      this.#db
        .prepare(
          `INSERT INTO payment_order (order_no, purchase_id, purpose, channel, method, amount_fen, subject, notice_no, state, deadline_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)`,
        )
        .run(order.orderNo, order.purchaseId, order.purpose, order.channel, order.method, order.amountFen, order.subject, order.noticeNo ?? null, order.deadlineAt.toISOString(), now, now);
      this.#event(order.orderNo, null, 'created', null, now);
      return this.get(order.orderNo)!;
    });
  }

  /** Moves an order on; refuses a move the state machine does not allow. */
  move(orderNo: string, to: PaymentState, change: StateChange = {}): PaymentOrder {
    return this.#durably(() => {
      const current = this.get(orderNo);
      if (current === undefined) throw new Error(`no payment order ${orderNo}`);
      // Staying in a state only records a check (its count and the next time); no event.
      if (current.state !== to && !canMove(current.state, to)) throw new PaymentTransitionError(orderNo, current.state, to);
      const now = this.#now().toISOString();
      // updated_at is when the state last changed: a check that leaves it as it was does not move it.
      const updatedAt = current.state === to ? current.updatedAt : now;
      const next = change.nextCheckAt === undefined ? current.nextCheckAt : change.nextCheckAt === null ? null : change.nextCheckAt.toISOString();
      this.#db
        .prepare(
          `UPDATE payment_order SET state = ?, transaction_id = COALESCE(?, transaction_id), paid_fen = COALESCE(?, paid_fen),
             detail = COALESCE(?, detail), checks = ?, next_check_at = ?, updated_at = ? WHERE order_no = ?`,
        )
        .run(to, change.transactionId ?? null, change.paidFen ?? null, change.detail?.slice(0, 200) ?? null, change.checks ?? current.checks, next, updatedAt, orderNo);
      if (current.state !== to) this.#event(orderNo, current.state, to, change.detail ?? null, now);
      return this.get(orderNo)!;
    });
  }

  #event(orderNo: string, from: PaymentState | null, to: PaymentState, detail: string | null, at: string): void {
    this.#db.prepare('INSERT INTO payment_event (order_no, at, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?)').run(orderNo, at, from, to, detail?.slice(0, 200) ?? null);
  }

  #durably<T>(work: () => T): T {
    const previous = this.#db.pragma('synchronous', { simple: true }) as number;
    this.#db.pragma('synchronous = FULL');
    try {
      return this.#db.transaction(work).immediate();
    } finally {
      this.#db.pragma(`synchronous = ${previous}`);
    }
  }
}
