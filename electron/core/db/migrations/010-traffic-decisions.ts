/**
 * 交通违法处理: one row per acceptance of a 简易程序 decision, written before the upstream call and
 * after its answer, so a crash after the platform decided never loses the decision number, the
 * 缴款码 or the amount the fine is paid against. No personal data: the holder is in the upstream.
 */
import type { Migration } from '../migrate.ts';

export const m010: Migration = {
  version: 10,
  name: 'traffic-decisions',
  up(db) {
    db.exec(`
      CREATE TABLE traffic_decision (
        -- The screen's key for this acceptance; the upstream's Idempotency-Key is derived from it.
        accept_id TEXT PRIMARY KEY CHECK (length(accept_id) BETWEEN 8 AND 64),
        violation_id TEXT NOT NULL CHECK (length(violation_id) BETWEEN 1 AND 32),
        draft_no TEXT NOT NULL CHECK (length(draft_no) BETWEEN 1 AND 32),
        -- accepting: sent, no answer yet (or an unknown one); accepted: the platform decided; refused: definite no.
        state TEXT NOT NULL CHECK (state IN ('accepting', 'accepted', 'refused')),
        decision_no TEXT UNIQUE CHECK (decision_no IS NULL OR length(decision_no) BETWEEN 1 AND 32),
        notice_no TEXT CHECK (notice_no IS NULL OR length(notice_no) <= 32),
        amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen BETWEEN 0 AND 100000000),
        points INTEGER CHECK (points IS NULL OR points BETWEEN 0 AND 12),
        result_url TEXT CHECK (result_url IS NULL OR length(result_url) <= 300),
        decided_at TEXT,
        -- The payment order that paid it, once delivery began.
        paid_order_no TEXT,
        detail TEXT CHECK (detail IS NULL OR length(detail) <= 200),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX traffic_decision_violation ON traffic_decision (violation_id, state);
    `);
  },
};
