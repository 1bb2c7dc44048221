/** Alert ids the payments capability raises on the board (electron/core/alerts/alert-board.ts). */
export const PAYMENT_ALERT = {
  /** One alert for all orders the settle loop could not finish in time: staff call the channel. */
  unsettled: 'payment-unsettled',
  amountMismatch: (orderNo: string) => `payment-amount-mismatch:${orderNo.toLowerCase()}`,
  reconciliation: (day: string) => `payment-reconciliation:${day}`,
  reconciliationIncomplete: (day: string) => `payment-reconciliation-incomplete:${day}`,
  notificationRejected: 'payment-notification-rejected',
  contradiction: (orderNo: string) => `payment-contradiction:${orderNo.toLowerCase()}`,
} as const;
