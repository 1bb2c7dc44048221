/**
 * The outbox: every citizen submission, written in one transaction with its idempotency key
 * before any delivery attempt. Rows are never deleted silently; `failed` rows stay visible to staff.
 */
import type { Migration } from '../migrate.ts';

export const m001: Migration = {
  version: 1,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        stream TEXT NOT NULL,
        kind TEXT NOT NULL,
        -- Encrypted at rest by the outbox layer; SQLite only ever sees ciphertext.
        payload BLOB NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT,
        last_error TEXT,
        upstream_ref TEXT,
        delivered_at TEXT
      ) STRICT;
      -- The sync worker's query: oldest pending rows of a stream, in order.
      CREATE INDEX outbox_status_stream_id ON outbox (status, stream, id);
    `);
  },
};
