/**
 * 帮办代办 (call staff), from any screen, with or without a session. A staff call is an
 * event on the core's channel (every screen and staff console hears it) plus a record through the
 * SubmissionSink; it never touches the citizen's session, so nothing they entered is lost.
 */
import { randomUUID } from 'node:crypto';
import type { StaffCallView } from '../../contract/service-api.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import type { ServiceContext } from '../services/shared/service-context.ts';
import { errorMessage } from '../util/error-message.ts';

/** A second tap within this time is the same call: staff are already on their way. */
const CALL_DEDUPE_MS = 120_000;
export const STAFF_CALL_STREAM = 'help-requests';
export const STAFF_CALL_KIND = 'staff-call.v1';

export function staffCallHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'callStaff' | 'cancelStaffCall'> {
  /** A call made without a session (from the home screen) is remembered here instead. */
  let anonymousCall: StaffCallView | undefined;

  const openCall = (): StaffCallView | undefined => {
    const session = ctx.deps.sessions.current();
    const call = session ? ctx.states.of(session).staffCall : anonymousCall;
    return call && ctx.now().getTime() - Date.parse(call.calledAt) < CALL_DEDUPE_MS ? call : undefined;
  };

  return {
    callStaff: ({ serviceId, screen }) => {
      const existing = openCall();
      ctx.deps.sessions.touch();
      if (existing) return { ...existing, alreadyCalled: true };
      const session = ctx.deps.sessions.current();
      const at = ctx.now();
      const call: StaffCallView = { callId: randomUUID(), calledAt: at.toISOString(), alreadyCalled: false };
      if (session) ctx.states.of(session).staffCall = call;
      else anonymousCall = call;
      const { terminalId } = ctx.config;
      ctx.deps.emit('staffCall', {
        callId: call.callId,
        state: 'called',
        terminalId,
        ...(serviceId ? { serviceId } : {}),
        ...(screen ? { screen } : {}),
        at: call.calledAt,
      });
      ctx.logger.warn('staff called', { terminalId, callId: call.callId, serviceId, screen });
      // The record is for the hall's statistics; the alert above is what matters, so neither a full
      // disk nor a slow upstream may delay the citizen's call or turn it into an error.
      void ctx.deps.sink
        .submit({
          stream: STAFF_CALL_STREAM,
          kind: STAFF_CALL_KIND,
          payload: { callId: call.callId, terminalId, serviceId: serviceId ?? null, screen: screen ?? null, calledAt: call.calledAt },
          personal: false,
          idempotencyKey: `staff-call-${call.callId}`,
        })
        .catch((error: unknown) =>
          ctx.logger.error('staff call not recorded', { callId: call.callId, error: errorMessage(error) }),
        );
      return call;
    },

    cancelStaffCall: ({ callId }) => {
      const call = openCall();
      if (!call || call.callId !== callId) return { cancelled: false };
      const session = ctx.deps.sessions.current();
      if (session) ctx.states.of(session).staffCall = undefined;
      else anonymousCall = undefined;
      ctx.deps.emit('staffCall', { callId, state: 'cancelled', terminalId: ctx.config.terminalId, at: ctx.now().toISOString() });
      ctx.logger.info('staff call cancelled', { callId });
      return { cancelled: true };
    },
  };
}
