/**
 * 自助取证: staff settle a hand-out the terminal could not finish by itself ('unknown': the card
 * may have left unseen; 'captured': not taken, back in the bin) with what they found. The row
 * moves to the final state 'settled', which is never claimed again. SQLite cannot widen a CHECK
 * in place, so the table is rebuilt with the same rows.
 */
import type { Migration } from '../migrate.ts';

export const m011: Migration = {
  version: 11,
  name: 'handout-settlement',
  up(db) {
    db.exec(`
      CREATE TABLE certificate_handout_next (
        certificate_id TEXT PRIMARY KEY CHECK (length(certificate_id) BETWEEN 1 AND 64),
        certificate_number TEXT NOT NULL CHECK (length(certificate_number) BETWEEN 1 AND 64),
        slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 99),
        state TEXT NOT NULL CHECK (state IN (
          'claimed', 'moving-to-read', 'at-read', 'verified', 'dispensing', 'at-mouth', 'capturing',
          'taken', 'captured', 'released', 'unknown', 'settled')),
        detail TEXT CHECK (detail IS NULL OR length(detail) <= 200),
        capture_from TEXT,
        bin_count_before INTEGER,
        reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
        updated_at TEXT NOT NULL,
        -- settled: what staff found, their note, the state it was settled from, and when.
        settled_found TEXT CHECK (settled_found IS NULL OR settled_found IN ('handed-out', 'in-bin', 'missing')),
        settled_note TEXT CHECK (settled_note IS NULL OR length(settled_note) <= 200),
        settled_from TEXT,
        settled_at TEXT,
        CHECK ((state = 'settled') = (settled_found IS NOT NULL))
      ) STRICT;
      INSERT INTO certificate_handout_next
        (certificate_id, certificate_number, slot, state, detail, capture_from, bin_count_before, reported, updated_at)
        SELECT certificate_id, certificate_number, slot, state, detail, capture_from, bin_count_before, reported, updated_at
        FROM certificate_handout;
      DROP TABLE certificate_handout;
      ALTER TABLE certificate_handout_next RENAME TO certificate_handout;
      CREATE INDEX certificate_handout_open ON certificate_handout (state)
        WHERE state NOT IN ('taken', 'captured', 'released', 'unknown', 'settled');
    `);
  },
};
