/**
 * Ordering per case, not per stream: items that must reach the upstream in order (one citizen's
 * commitment and its withdrawal) share an order key; items without one wait for nobody. A stuck
 * item then holds back only its own case.
 */
import type { Migration } from '../migrate.ts';

export const m006: Migration = {
  version: 6,
  name: 'outbox-order-key',
  up(db) {
    db.exec(`
      -- An opaque case id chosen by the service (never personal data); NULL: ordered with nothing.
      ALTER TABLE outbox ADD COLUMN order_key TEXT;
      -- The sync worker's check "is an earlier item of this case still pending?": one probe.
      CREATE INDEX outbox_pending_case ON outbox (stream, order_key, id) WHERE status = 'pending' AND order_key IS NOT NULL;
    `);
  },
};
