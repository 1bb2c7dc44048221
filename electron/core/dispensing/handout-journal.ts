/**
 * The certificate hand-out journal (migration 008): every state change of a hand-out is committed
 * with synchronous=FULL before the next movement starts, so what survives a power cut is never
 * behind the card. A certificate has one row for ever; only a row 'released' (its card provably
 * still in its slot) may be claimed again. A row the terminal could not finish by itself
 * ('unknown', 'captured') is settled by staff with what they found (migration 011): 'settled' is
 * final like the others, so a settled certificate is never handed out again.
 */
import type { KioskDatabase } from '../db/database.ts';

export const OPEN_STATES = ['claimed', 'moving-to-read', 'at-read', 'verified', 'dispensing', 'at-mouth', 'capturing'] as const;
export const FINAL_STATES = ['taken', 'captured', 'released', 'unknown', 'settled'] as const;
/** Final rows only staff can close: the card may have left unseen, or went back into the bin. */
export const STAFF_STATES = ['unknown', 'captured'] as const;
/** What staff found when they looked: the citizen has it, it is in the capture bin, it is nowhere. */
export const SETTLE_FINDINGS = ['handed-out', 'in-bin', 'missing'] as const;
export type SettleFinding = (typeof SETTLE_FINDINGS)[number];
export type OpenState = (typeof OPEN_STATES)[number];
export type FinalState = (typeof FINAL_STATES)[number];
export type HandOutState = OpenState | FinalState;

export interface CertificateCard {
  certificateId: string;
  certificateNumber: string;
  slot: number;
}

export interface HandOutRow extends CertificateCard {
  state: HandOutState;
  detail: string | null;
  captureFrom: HandOutState | null;
  binCountBefore: number | null;
  reported: boolean;
  updatedAt: string;
  /** Set once staff settled the row. */
  settled: { found: SettleFinding; note: string; from: HandOutState; at: string } | null;
}

interface RawRow {
  certificate_id: string;
  certificate_number: string;
  slot: number;
  state: HandOutState;
  detail: string | null;
  capture_from: HandOutState | null;
  bin_count_before: number | null;
  reported: number;
  updated_at: string;
  settled_found: SettleFinding | null;
  settled_note: string | null;
  settled_from: HandOutState | null;
  settled_at: string | null;
}

const toRow = (r: RawRow): HandOutRow => ({
  certificateId: r.certificate_id,
  certificateNumber: r.certificate_number,
  slot: r.slot,
  state: r.state,
  detail: r.detail,
  captureFrom: r.capture_from,
  binCountBefore: r.bin_count_before,
  reported: r.reported === 1,
  updatedAt: r.updated_at,
  settled: !r.settled_found ? null : { found: r.settled_found, note: r.settled_note ?? '', from: r.settled_from ?? 'unknown', at: r.settled_at ?? r.updated_at },
});

export class HandOutRefused extends Error {
  constructor(readonly row: HandOutRow) {
    super(`certificate ${row.certificateId} is ${row.state}`);
    this.name = 'HandOutRefused';
  }
}

export class HandOutJournal {
  readonly #db: KioskDatabase;
  readonly #now: () => Date;

  constructor(db: KioskDatabase, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  get(certificateId: string): HandOutRow | undefined {
    const raw = this.#db.prepare('SELECT * FROM certificate_handout WHERE certificate_id = ?').get(certificateId) as RawRow | undefined;
    return raw && toRow(raw);
  }

  /** Rows a crash may have left mid-way, oldest first. */
  open(): HandOutRow[] {
    const marks = OPEN_STATES.map(() => '?').join(',');
    return (this.#db.prepare(`SELECT * FROM certificate_handout WHERE state IN (${marks}) ORDER BY updated_at`).all(...OPEN_STATES) as RawRow[]).map(toRow);
  }

  all(): HandOutRow[] {
    return (this.#db.prepare('SELECT * FROM certificate_handout ORDER BY updated_at').all() as RawRow[]).map(toRow);
  }

  /** Taken, or found handed out by staff, and not yet told to the upstream. */
  takenUnreported(): HandOutRow[] {
    return (
      this.#db.prepare("SELECT * FROM certificate_handout WHERE (state = 'taken' OR settled_found = 'handed-out') AND reported = 0").all() as RawRow[]
    ).map(toRow);
  }

  /** Rows waiting for staff ('unknown', 'captured'), oldest first. */
  awaitingStaff(): HandOutRow[] {
    return (this.#db.prepare("SELECT * FROM certificate_handout WHERE state IN ('unknown', 'captured') ORDER BY updated_at").all() as RawRow[]).map(toRow);
  }

  /**
   * Staff record what they found for a row the terminal could not finish; the row becomes
   * 'settled' for ever. Refuses (HandOutRefused) a row in any other state, so an open hand-out or
   * one already settled is never overwritten.
   */
  settle(certificateId: string, found: SettleFinding, note: string): HandOutRow {
    return this.#durably(() => {
      const row = this.get(certificateId);
      if (!row || !(STAFF_STATES as readonly string[]).includes(row.state)) {
        if (row) throw new HandOutRefused(row);
        throw new Error(`no hand-out journal row for ${certificateId}`);
      }
      const at = this.#now().toISOString();
      this.#db
        .prepare(
          `UPDATE certificate_handout SET state = 'settled', settled_found = ?, settled_note = ?, settled_from = state, settled_at = ?, updated_at = ?
           WHERE certificate_id = ? AND state IN ('unknown', 'captured')`,
        )
        .run(found, note, at, at, certificateId);
      return this.get(certificateId)!;
    });
  }

  /** Claims a certificate for a hand-out; refuses one whose row is anything but 'released'. */
  claim(card: CertificateCard): HandOutRow {
    return this.#durably(() => {
      const existing = this.get(card.certificateId);
      if (existing && existing.state !== 'released') throw new HandOutRefused(existing);
      this.#db
        .prepare(
          `INSERT INTO certificate_handout (certificate_id, certificate_number, slot, state, detail, capture_from, bin_count_before, reported, updated_at)
           VALUES (?, ?, ?, 'claimed', NULL, NULL, NULL, 0, ?)
           ON CONFLICT (certificate_id) DO UPDATE SET certificate_number = excluded.certificate_number, slot = excluded.slot,
             state = 'claimed', detail = NULL, capture_from = NULL, bin_count_before = NULL, updated_at = excluded.updated_at`,
        )
        .run(card.certificateId, card.certificateNumber, card.slot, this.#now().toISOString());
      return this.get(card.certificateId)!;
    });
  }

  /** Moves a row on; `from` guards against a second writer (there is none, but a bug would show). */
  set(certificateId: string, state: HandOutState, extra: { detail?: string; captureFrom?: HandOutState; binCountBefore?: number } = {}): void {
    this.#durably(() => {
      const changed = this.#db
        .prepare(
          `UPDATE certificate_handout SET state = ?, detail = COALESCE(?, detail), capture_from = COALESCE(?, capture_from),
             bin_count_before = COALESCE(?, bin_count_before), updated_at = ? WHERE certificate_id = ?`,
        )
        .run(state, extra.detail ?? null, extra.captureFrom ?? null, extra.binCountBefore ?? null, this.#now().toISOString(), certificateId).changes;
      if (changed !== 1) throw new Error(`no hand-out journal row for ${certificateId}`);
    });
  }

  markReported(certificateId: string): void {
    this.#durably(() => this.#db.prepare('UPDATE certificate_handout SET reported = 1 WHERE certificate_id = ?').run(certificateId));
  }

  /** One immediate transaction with synchronous=FULL: committed means on the disk. */
  #durably<T>(work: () => T): T {
    const previous = this.#db.pragma('synchronous', { simple: true }) as number;
    this.#db.pragma('synchronous = FULL');
    try {
      return this.#db.transaction(work).immediate();
    } finally {
      this.#db.pragma(`synchronous = ${previous}`);
    }
  }
}
