/**
 * 自助取证: the verified card holder's waiting certificates (kept in the session, so only those
 * can be handed out in it), and the hand-out of one through the journalled dispenser engine.
 */
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { HandOutError } from '../../dispensing/handout-error.ts';
import { errorMessage } from '../../util/error-message.ts';
import { SessionSlot } from '../shared/service-session.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { certificateDispensing } from './certificate-dispensing.ts';
import { waitingCertificates, type WaitingCertificate } from './certificate-upstream.ts';
import { toWaitingView } from './certificate-views.ts';

/** The certificates the upstream listed for this session's card holder. */
const listed = new SessionSlot<Map<string, WaitingCertificate>>('certificate-pickup');

export function certificatePickupHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'listWaitingCertificates' | 'handOutCertificate'> {
  const dispensing = certificateDispensing(ctx);
  return {
    listWaitingCertificates: async (_request, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      try {
        const record = await waitingCertificates(ctx.upstream(), { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '' }, { signal: state.abort.signal });
        ctx.stillCurrent(session);
        listed.set(state, new Map(record.certificates.map((c) => [c.certificateId, c])));
        ctx.logger.info('waiting certificates listed', { sessionId: session.id, count: record.certificates.length });
        return { certificates: record.certificates.map(toWaitingView), queriedAt: ctx.now().toISOString() };
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },
    handOutCertificate: async ({ certificateId }, { session }) => {
      const state = ctx.stateOf(session);
      const certificate = listed.get(state)?.get(certificateId);
      if (!certificate) throw new KioskError('NOT_FOUND', 'no such certificate waits for this card holder');
      const engine = dispensing.engine;
      if (!engine) throw new KioskError('DEVICE_UNAVAILABLE', 'this terminal has no hand-out journal');
      await dispensing.reconciled();
      try {
        const outcome = await engine.handOut(
          { certificateId, certificateNumber: certificate.certificateNumber, slot: certificate.slot },
          { takeTimeoutMs: ctx.config.devices.dispenser.notTakenSeconds * 1000, onAtMouth: () => ctx.deps.sessions.touch() },
        );
        ctx.logger.info('certificate hand-out', { sessionId: session.id, certificateId, outcome: outcome.outcome });
        return outcome.outcome === 'taken' ? { certificateId, outcome: 'taken' } : { certificateId, outcome: 'not-taken' };
      } catch (error) {
        if (!(error instanceof HandOutError)) throw error;
        ctx.logger.warn('certificate not handed out', { sessionId: session.id, certificateId, reason: error.code, error: errorMessage(error) });
        return { certificateId, outcome: 'refused', reason: error.code };
      }
    },
  };
}
