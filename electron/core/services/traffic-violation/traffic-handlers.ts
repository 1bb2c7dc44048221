/**
 * 交通违法查询: the plate is checked with the shared rule (contract/rules/plate-number.ts), then
 * the upstream lists the card holder's violations for it.
 */
import { checkPlateNumber, maskPlate } from '../../../contract/rules/plate-number.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { trafficDecisionHandlers } from './traffic-decision-handlers.ts';
import { TrafficJournal } from './traffic-journal.ts';
import { trafficResult } from './traffic-slip.ts';
import { trafficViolations } from './traffic-upstream.ts';
import { toTrafficView } from './traffic-views.ts';

export function trafficHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'queryTrafficViolations' | 'draftTrafficDecision' | 'acceptTrafficDecision' | 'completeTrafficFine' | 'printTrafficDecision'> {
  const journal = ctx.deps.db === undefined ? undefined : new TrafficJournal(ctx.deps.db, ctx.now);
  return {
    ...trafficDecisionHandlers(ctx),
    queryTrafficViolations: async ({ plateNumber }, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const plate = checkPlateNumber(plateNumber);
      if (!plate.ok) throw new KioskError('INVALID_PLATE_NUMBER', `invalid plate number: ${plate.message}`);
      try {
        const record = await trafficViolations(
          ctx.upstream(),
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', plateNumber: plate.plate },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        const queriedAt = ctx.now();
        trafficResult.set(state, { record, queriedAt });
        // A fine the platform lists as due is paid against its decision: the quote and the
        // completion read the platform's figures from the journal, never the screen's.
        for (const item of record.items) {
          const d = item.decision;
          if (journal && d && !d.paid && d.amountDueFen > 0) {
            journal.listedDue(item.violationId, { decisionNo: d.decisionNo, noticeNo: d.noticeNo, amountFen: d.amountDueFen, points: d.points, resultUrl: d.resultUrl, decidedAt: d.decidedAt });
          }
        }
        ctx.logger.info('traffic violations queried', { sessionId: session.id, plate: maskPlate(plate.plate), items: record.items.length });
        return toTrafficView(record, queriedAt, [identity.idNumber, identity.name, identity.nameEn ?? '', plate.plate]);
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },
  };
}
