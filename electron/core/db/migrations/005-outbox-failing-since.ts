/**
 * When the current run of failed attempts of a pending item began. A head that keeps failing is
 * never given up (the upstream may have stored it): after a while it raises an alert saying
 * which stream is stuck and since when, and that "since" must survive a restart.
 */
import type { Migration } from '../migrate.ts';

export const m005: Migration = {
  version: 5,
  name: 'outbox-failing-since',
  up(db) {
    db.exec(`
      -- Set by the first failed attempt of a run, cleared when the item is delivered or requeued.
      ALTER TABLE outbox ADD COLUMN failing_since TEXT;
    `);
  },
};
