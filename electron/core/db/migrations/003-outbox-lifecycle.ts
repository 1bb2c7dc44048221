/**
 * What the sync worker and maintenance need on top of the v1 outbox: which key sealed a payload
 * (so a wrong key is reported, not mistaken for damage), poison-item accounting, the failed /
 * acknowledged trail kept for staff, and when personal data was purged from a settled row.
 */
import type { Migration } from '../migrate.ts';

export const m003: Migration = {
  version: 3,
  name: 'outbox-lifecycle',
  up(db) {
    db.exec(`
      -- Short fingerprint of the AES key that sealed the payload; never the key itself.
      ALTER TABLE outbox ADD COLUMN key_id TEXT;
      -- Transient failures counted while the upstream accepted other submissions (poison detection).
      ALTER TABLE outbox ADD COLUMN strikes INTEGER NOT NULL DEFAULT 0 CHECK (strikes >= 0);
      ALTER TABLE outbox ADD COLUMN last_attempt_at TEXT;
      ALTER TABLE outbox ADD COLUMN failed_at TEXT;
      -- A failed item stays on the maintenance screen until a staff member acknowledges it.
      ALTER TABLE outbox ADD COLUMN acknowledged_at TEXT;
      ALTER TABLE outbox ADD COLUMN acknowledged_by TEXT;
      -- Set when the payload (personal data) was emptied after the retention window; the row stays.
      ALTER TABLE outbox ADD COLUMN purged_at TEXT;
      -- The purge's queries: settled rows that still hold a payload, by when they settled.
      CREATE INDEX outbox_unpurged ON outbox (status, delivered_at, acknowledged_at) WHERE purged_at IS NULL AND status <> 'pending';
      -- The start-up key check: which keys sealed the rows still to be delivered (a few distinct values).
      CREATE INDEX outbox_undelivered_key ON outbox (key_id) WHERE purged_at IS NULL AND status IN ('pending', 'failed');
    `);
  },
};
