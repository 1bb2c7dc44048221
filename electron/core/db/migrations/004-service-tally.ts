/**
 * 好差评 monthly tally: per service and month, how many transactions ran and how citizens rated
 * them. Counts only, nothing personal, so it can be kept for as long as the reports need it.
 */
import type { Migration } from '../migrate.ts';

export const m004: Migration = {
  version: 4,
  name: 'service-tally',
  up(db) {
    db.exec(`
      CREATE TABLE service_month_tally (
        -- Calendar month in the terminal's reporting time zone, 'YYYY-MM'.
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        service_id TEXT NOT NULL CHECK (length(service_id) BETWEEN 1 AND 64),
        transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
        -- rating_1 = very dissatisfied (非常不满意) ... rating_5 = very satisfied (非常满意).
        rating_1 INTEGER NOT NULL DEFAULT 0 CHECK (rating_1 >= 0),
        rating_2 INTEGER NOT NULL DEFAULT 0 CHECK (rating_2 >= 0),
        rating_3 INTEGER NOT NULL DEFAULT 0 CHECK (rating_3 >= 0),
        rating_4 INTEGER NOT NULL DEFAULT 0 CHECK (rating_4 >= 0),
        rating_5 INTEGER NOT NULL DEFAULT 0 CHECK (rating_5 >= 0),
        PRIMARY KEY (month, service_id)
      ) STRICT, WITHOUT ROWID;
      -- Why citizens rated a service badly, by reason code.
      CREATE TABLE evaluation_reason_tally (
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        service_id TEXT NOT NULL CHECK (length(service_id) BETWEEN 1 AND 64),
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 64),
        count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
        PRIMARY KEY (month, service_id, reason)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
