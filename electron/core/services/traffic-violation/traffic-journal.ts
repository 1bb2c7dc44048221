/**
 * The acceptance journal (migration 010): a row before the accept call goes upstream, the
 * platform's answer after it. The fine's quote (payments) reads the amount from here, so it is
 * the platform's 缴款 amount, and it survives a crash between the accept and the payment.
 */
import type { KioskDatabase } from '../../db/database.ts';

export interface DecisionRow {
  acceptId: string;
  violationId: string;
  draftNo: string;
  state: 'accepting' | 'accepted' | 'refused';
  decisionNo: string | null;
  noticeNo: string | null;
  amountFen: number | null;
  points: number | null;
  resultUrl: string | null;
  decidedAt: string | null;
  paidOrderNo: string | null;
  detail: string | null;
}

interface RawRow {
  accept_id: string;
  violation_id: string;
  draft_no: string;
  state: DecisionRow['state'];
  decision_no: string | null;
  notice_no: string | null;
  amount_fen: number | null;
  points: number | null;
  result_url: string | null;
  decided_at: string | null;
  paid_order_no: string | null;
  detail: string | null;
}

const fromRaw = (r: RawRow): DecisionRow => ({
  acceptId: r.accept_id,
  violationId: r.violation_id,
  draftNo: r.draft_no,
  state: r.state,
  decisionNo: r.decision_no,
  noticeNo: r.notice_no,
  amountFen: r.amount_fen,
  points: r.points,
  resultUrl: r.result_url,
  decidedAt: r.decided_at,
  paidOrderNo: r.paid_order_no,
  detail: r.detail,
});

export interface AcceptedDecision {
  decisionNo: string;
  noticeNo: string;
  amountFen: number;
  points: number;
  resultUrl: string;
  decidedAt: string;
}

export class TrafficJournal {
  readonly #db: KioskDatabase;
  readonly #now: () => Date;

  constructor(db: KioskDatabase, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  get(acceptId: string): DecisionRow | undefined {
    const row = this.#db.prepare('SELECT * FROM traffic_decision WHERE accept_id = ?').get(acceptId) as RawRow | undefined;
    return row && fromRaw(row);
  }

  byDecision(decisionNo: string): DecisionRow | undefined {
    const row = this.#db.prepare("SELECT * FROM traffic_decision WHERE decision_no = ? AND state = 'accepted'").get(decisionNo) as RawRow | undefined;
    return row && fromRaw(row);
  }

  /** The unpaid decision this terminal already obtained for the violation (a resumed journey pays it). */
  acceptedFor(violationId: string): DecisionRow | undefined {
    const row = this.#db
      .prepare("SELECT * FROM traffic_decision WHERE violation_id = ? AND state = 'accepted' AND paid_order_no IS NULL ORDER BY created_at DESC LIMIT 1")
      .get(violationId) as RawRow | undefined;
    return row && fromRaw(row);
  }

  begin(acceptId: string, violationId: string, draftNo: string): DecisionRow {
    const at = this.#now().toISOString();
    this.#db
      .prepare("INSERT INTO traffic_decision (accept_id, violation_id, draft_no, state, created_at, updated_at) VALUES (?, ?, ?, 'accepting', ?, ?)")
      .run(acceptId, violationId, draftNo, at, at);
    return this.get(acceptId)!;
  }

  accepted(acceptId: string, d: AcceptedDecision): DecisionRow {
    this.#db
      .prepare(
        "UPDATE traffic_decision SET state = 'accepted', decision_no = ?, notice_no = ?, amount_fen = ?, points = ?, result_url = ?, decided_at = ?, detail = NULL, updated_at = ? WHERE accept_id = ?",
      )
      .run(d.decisionNo, d.noticeNo, d.amountFen, d.points, d.resultUrl, d.decidedAt, this.#now().toISOString(), acceptId);
    return this.get(acceptId)!;
  }

  /**
   * A decision the platform lists as decided with the fine due (accepted here and left unpaid, or
   * decided elsewhere): kept as accepted so the fine's quote and completion read the platform's
   * figures from here. A decision already journalled is left as it is.
   */
  listedDue(violationId: string, d: AcceptedDecision): DecisionRow {
    const at = this.#now().toISOString();
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO traffic_decision (accept_id, violation_id, draft_no, state, decision_no, notice_no, amount_fen, points, result_url, decided_at, detail, created_at, updated_at)
         VALUES (?, ?, 'listed', 'accepted', ?, ?, ?, ?, ?, ?, 'listed by the platform as fine due', ?, ?)`,
      )
      .run(`listed-${d.decisionNo}`, violationId, d.decisionNo, d.noticeNo, d.amountFen, d.points, d.resultUrl, d.decidedAt, at, at);
    return this.byDecision(d.decisionNo)!;
  }

  refused(acceptId: string, detail: string): void {
    this.#db.prepare("UPDATE traffic_decision SET state = 'refused', detail = ?, updated_at = ? WHERE accept_id = ?").run(detail.slice(0, 200), this.#now().toISOString(), acceptId);
  }

  paidBy(decisionNo: string, orderNo: string): void {
    this.#db.prepare('UPDATE traffic_decision SET paid_order_no = ?, updated_at = ? WHERE decision_no = ?').run(orderNo, this.#now().toISOString(), decisionNo);
  }
}
