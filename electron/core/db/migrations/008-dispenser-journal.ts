/**
 * 自助取证: the hand-out journal of the card dispenser. One row per certificate, written before
 * and after every movement (with synchronous=FULL), so that after a SIGKILL or a power cut the
 * terminal knows which certificate was where and never hands one out twice.
 */
import type { Migration } from '../migrate.ts';

export const m008: Migration = {
  version: 8,
  name: 'dispenser-journal',
  up(db) {
    db.exec(`
      CREATE TABLE certificate_handout (
        certificate_id TEXT PRIMARY KEY CHECK (length(certificate_id) BETWEEN 1 AND 64),
        -- The document's own number as the dispenser's reader finds it on the card (not the holder's ID number).
        certificate_number TEXT NOT NULL CHECK (length(certificate_number) BETWEEN 1 AND 64),
        slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 99),
        state TEXT NOT NULL CHECK (state IN (
          'claimed', 'moving-to-read', 'at-read', 'verified', 'dispensing', 'at-mouth', 'capturing',
          'taken', 'captured', 'released', 'unknown')),
        -- Why the row ended where it did: wrong-card, not-taken, jammed, interrupted, slot-empty...
        detail TEXT CHECK (detail IS NULL OR length(detail) <= 200),
        -- capturing: the state it was captured from, and the bin's count before the capture.
        capture_from TEXT,
        bin_count_before INTEGER,
        -- taken: whether the upstream has been told through the outbox.
        reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX certificate_handout_open ON certificate_handout (state)
        WHERE state NOT IN ('taken', 'captured', 'released', 'unknown');
    `);
  },
};
