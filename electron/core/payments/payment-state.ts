/**
 * The life of one payment order. Every state is written to the journal (payment-journal.ts)
 * before the call that may move money, so a terminal killed at any point restarts knowing which
 * orders may have taken money and must be settled.
 *
 *   created ─► awaiting ─► paid ─► delivering ─► delivered
 *      │          │  ▲       │          │
 *      │          ▼  │       └──────────┴─► refunding ─► refunded
 *      ├────────► unknown ──► (query) ──► paid / failed / closed / reversing ─► reversed
 *      └─► failed
 *
 * unknown: a timeout or system error; never shown or treated as failed, the settle loop queries it.
 * reversing: 撤销 asked for a micropay that did not settle in time (or a native order past its
 * deadline that the channel would not close because it was paid meanwhile: then refunding).
 */
export const PAYMENT_STATES = [
  'created',
  'awaiting',
  'unknown',
  'paid',
  'delivering',
  'reversing',
  'refunding',
  'failed',
  'closed',
  'reversed',
  'delivered',
  'refunded',
] as const;

export type PaymentState = (typeof PAYMENT_STATES)[number];

/** No call will ever change these: no money moves for them any more. */
export const FINAL_STATES = ['failed', 'closed', 'reversed', 'delivered', 'refunded'] as const satisfies readonly PaymentState[];
export type FinalPaymentState = (typeof FINAL_STATES)[number];

/** States the settle loop must finish: the channel may hold money the terminal has not accounted for. */
export const OPEN_STATES = PAYMENT_STATES.filter((s): s is Exclude<PaymentState, FinalPaymentState> => !(FINAL_STATES as readonly string[]).includes(s));

const TRANSITIONS: Record<PaymentState, readonly PaymentState[]> = {
  created: ['awaiting', 'unknown', 'paid', 'failed', 'closed', 'reversing'],
  awaiting: ['awaiting', 'unknown', 'paid', 'failed', 'closed', 'reversing'],
  unknown: ['unknown', 'awaiting', 'paid', 'failed', 'closed', 'reversing'],
  paid: ['delivering', 'refunding'],
  delivering: ['delivered', 'refunding'],
  // A reverse that the channel refuses because the order is paid and past its reverse window.
  reversing: ['reversed', 'refunding'],
  refunding: ['refunded'],
  failed: [],
  closed: [],
  reversed: [],
  delivered: [],
  refunded: [],
};

export function isFinal(state: PaymentState): state is FinalPaymentState {
  return (FINAL_STATES as readonly string[]).includes(state);
}

export function canMove(from: PaymentState, to: PaymentState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class PaymentTransitionError extends Error {
  constructor(
    readonly orderNo: string,
    readonly from: PaymentState,
    readonly to: PaymentState,
  ) {
    super(`payment ${orderNo} cannot move from ${from} to ${to}`);
    this.name = 'PaymentTransitionError';
  }
}
