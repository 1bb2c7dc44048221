/**
 * The staff side of the certificate dispenser on the maintenance screen: the hand-outs the
 * terminal could not finish by itself, settling one with what staff found, and the dispenser's
 * self-test (sensors only, or one blank test card into the bin when staff choose it). Every
 * action is in the audit log; the staff's note stays in the journal, not in the audit (it is free
 * text and may name someone).
 */
import type { DispenserSelfTestView, HandOutSettledView, HandOutToSettleView } from '../../contract/maintenance-api.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DispenserDevice } from '../dispensing/dispenser-device.ts';
import { dispenserSelfTest } from '../dispensing/dispenser-self-test.ts';
import type { HandOutJournal, SettleFinding } from '../dispensing/handout-journal.ts';
import { settleHandOut, SettleRefused, type AlertClearer } from '../dispensing/handout-settlement.ts';

export interface DispenserStaffDeps {
  /** Undefined without the terminal database (no journal, no hand-outs). */
  journal: HandOutJournal | undefined;
  device: () => DispenserDevice | undefined;
  alerts: AlertClearer;
  audit: AuditLog;
  actor: string;
}

export function dispenserStaff(deps: DispenserStaffDeps) {
  const journal = (): HandOutJournal => {
    if (!deps.journal) throw new KioskError('DEVICE_UNAVAILABLE', 'this terminal has no hand-out journal');
    return deps.journal;
  };
  return {
    toSettle(): HandOutToSettleView[] {
      if (!deps.journal) return [];
      return deps.journal.awaitingStaff().map((row) => ({
        certificateId: row.certificateId,
        slot: row.slot,
        state: row.state as 'unknown' | 'captured',
        detail: row.detail,
        since: row.updatedAt,
        numberTail: row.certificateNumber.slice(-4),
      }));
    },

    settle(certificateId: string, found: SettleFinding, note: string): HandOutSettledView {
      try {
        const row = settleHandOut(journal(), deps.alerts, certificateId, found, note);
        const settled = row.settled!;
        deps.audit.append(deps.actor, 'dispenser.handout-settled', { certificateId, from: settled.from, found, noteChars: note.length });
        return { certificateId, state: 'settled', found, from: settled.from as 'unknown' | 'captured', settledAt: settled.at };
      } catch (error) {
        if (error instanceof SettleRefused) throw new KioskError(error.reason === 'not-found' ? 'NOT_FOUND' : 'INVALID_REQUEST', error.message);
        throw error;
      }
    },

    async selfTest(dispenseToBinSlot: number | undefined): Promise<DispenserSelfTestView> {
      const report = await dispenserSelfTest(deps.device(), deps.journal, dispenseToBinSlot === undefined ? {} : { dispenseToBinSlot });
      deps.audit.append(deps.actor, 'device.self-test', {
        device: 'dispenser',
        outcome: report.outcome,
        ...(report.detail ? { detail: report.detail } : {}),
        problems: report.problems.join(',') || 'none',
        ...(report.testCard ? { testSlot: report.testCard.slot, testCardInBin: report.testCard.inBin } : {}),
      });
      return report;
    },
  };
}

export type DispenserStaff = ReturnType<typeof dispenserStaff>;
