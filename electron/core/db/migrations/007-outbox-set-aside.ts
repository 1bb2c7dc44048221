/**
 * Items staff set aside (sealed with a key this terminal no longer holds, acknowledged as such)
 * are marked by a column of their own, not recognised by the wording of their last error.
 */
import type { Migration } from '../migrate.ts';

export const m007: Migration = {
  version: 7,
  name: 'outbox-set-aside',
  up(db) {
    db.exec(`
      -- Who set the item aside (a staff or fleet actor id); NULL: not set aside, or sent again since.
      ALTER TABLE outbox ADD COLUMN set_aside_by TEXT;
      -- Rows set aside before this column existed were marked in last_error only.
      UPDATE outbox SET set_aside_by = substr(last_error, instr(last_error, '; set aside by ') + length('; set aside by '))
        WHERE status = 'failed' AND last_error LIKE 'sealed with key %' AND instr(last_error, ', which this terminal does not hold; set aside by ') > 0;
    `);
  },
};
