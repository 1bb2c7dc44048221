/**
 * Staff settle a hand-out the terminal could not finish by itself: 'unknown' (the card may have
 * left unseen) or 'captured' (not taken, back in the bin). What they found and their note go into
 * the journal, which moves the row to 'settled' for ever (never handed out again); the row's
 * alerts leave the board. A card found handed out is then reported to the upstream like a taken
 * one (the next reconcile of the hand-out engine sends it, once).
 */
import { HandOutRefused, type HandOutJournal, type HandOutRow, type SettleFinding } from './handout-journal.ts';

export interface AlertClearer {
  clear(id: string): unknown;
}

export class SettleRefused extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-awaiting-staff',
    message: string,
  ) {
    super(message);
    this.name = 'SettleRefused';
  }
}

/** The alert ids certificate-dispenser.ts raises for one certificate (lower case). */
export function certificateAlertIds(certificateId: string): string[] {
  const key = certificateId.toLowerCase();
  return [`certificate-unknown:${key}`, `certificate-captured:${key}`];
}

export function settleHandOut(journal: HandOutJournal, alerts: AlertClearer, certificateId: string, found: SettleFinding, note: string): HandOutRow {
  let row: HandOutRow;
  try {
    row = journal.settle(certificateId, found, note);
  } catch (error) {
    if (error instanceof HandOutRefused) throw new SettleRefused('not-awaiting-staff', `certificate ${certificateId} is ${error.row.state}: only an unknown or captured hand-out is settled by staff`);
    if (journal.get(certificateId) === undefined) throw new SettleRefused('not-found', `no hand-out of certificate ${certificateId}`);
    throw error;
  }
  for (const id of certificateAlertIds(certificateId)) alerts.clear(id);
  return row;
}
