/**
 * Payments: one row per payment order, written before any call to a payment channel, and the
 * history of its state changes. The partial unique index allows one live order per purchase, so
 * a restart or a second tap can never open a second order that would take the money again.
 */
import type { Migration } from '../migrate.ts';

export const m009: Migration = {
  version: 9,
  name: 'payments',
  up(db) {
    db.exec(`
      CREATE TABLE payment_order (
        order_no TEXT PRIMARY KEY CHECK (order_no GLOB '[A-Za-z0-9]*' AND length(order_no) BETWEEN 8 AND 32),
        -- What is being paid for, in the service's own terms (a fine's decision number, say).
        purchase_id TEXT NOT NULL CHECK (length(purchase_id) BETWEEN 1 AND 64),
        purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 64),
        channel TEXT NOT NULL CHECK (channel IN ('unionpay-qr', 'wechat-pay', 'alipay', 'non-tax')),
        method TEXT NOT NULL CHECK (method IN ('micropay', 'native')),
        amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 100000000),
        subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 128),
        -- 缴款码 of the non-tax platform, when the purchase is a payment notice.
        notice_no TEXT CHECK (notice_no IS NULL OR length(notice_no) <= 32),
        state TEXT NOT NULL CHECK (state IN ('created', 'awaiting', 'unknown', 'paid', 'delivering', 'reversing',
          'refunding', 'failed', 'closed', 'reversed', 'delivered', 'refunded')),
        transaction_id TEXT CHECK (transaction_id IS NULL OR length(transaction_id) <= 64),
        paid_fen INTEGER,
        detail TEXT CHECK (detail IS NULL OR length(detail) <= 200),
        -- Settle loop: failed checks so far (the backoff rule's n) and when to look again.
        checks INTEGER NOT NULL DEFAULT 0,
        next_check_at TEXT,
        -- Paying must be over by then: a micropay still paying is reversed, a native order closed.
        deadline_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX payment_order_live_purchase ON payment_order (purpose, purchase_id)
        WHERE state NOT IN ('failed', 'closed', 'reversed', 'refunded');
      CREATE INDEX payment_order_open ON payment_order (next_check_at)
        WHERE state NOT IN ('failed', 'closed', 'reversed', 'delivered', 'refunded');
      CREATE INDEX payment_order_created ON payment_order (created_at);
      CREATE TABLE payment_event (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES payment_order (order_no),
        at TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX payment_event_order ON payment_event (order_no);
    `);
  },
};
