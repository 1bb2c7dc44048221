/** A payment request refused before any money moved, with a code the screen turns into a message. */
import type { PaymentOrder } from './payment-journal.ts';

export type PaymentInputCode =
  | 'NOT_A_PAYMENT_CODE'
  | 'CHANNEL_NOT_AVAILABLE'
  | 'AMOUNT_INVALID'
  | 'PURCHASE_INVALID'
  | 'PURCHASE_IN_PROGRESS'
  | 'ORDER_NOT_FOUND'
  | 'NOT_PAID';

export class PaymentInputError extends Error {
  constructor(
    readonly code: PaymentInputCode,
    message: string,
    readonly existing?: PaymentOrder,
  ) {
    super(message);
    this.name = 'PaymentInputError';
  }
}
