/**
 * 往来港澳二次签注: the permit (typed, or read by the terminal's scanner) is checked with the shared
 * rule, the upstream lists what this verified holder may apply for on it (kept in the session), and
 * the application for an allowed type on that permit is queued through the outbox under one
 * idempotency key per submission id, so a double tap or a retry never applies twice. The fee is
 * due: the receipt carries the upstream's payment reference.
 */
import { checkPermitNumber, maskPermit, permitFromScan, type PermitCheck } from '../../../contract/rules/hk-macau-permit.ts';
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { EndorsementReceiptView, EndorsementType } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError, fromSubmissionError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import { issueReceiptNo, progressUrl } from '../shared/receipt-number.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { endorsementReceipts, endorsementsInFlight, listedOptions } from './endorsement-session.ts';
import { ENDORSEMENT_KIND, ENDORSEMENT_STREAM, endorsementKey, endorsementOptions } from './endorsement-upstream.ts';
import { toOptionsView } from './endorsement-views.ts';

function permitOf(checked: PermitCheck): string {
  if (!checked.ok) throw new KioskError('INVALID_PERMIT_NUMBER', `invalid permit number: ${checked.reason}`);
  return checked.permit;
}

export function endorsementHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'listEndorsementOptions' | 'submitEndorsement'> {
  async function submit({ submissionId, type }: { submissionId: string; type: EndorsementType }, session: ActiveSession): Promise<EndorsementReceiptView> {
    const state = ctx.stateOf(session);
    const identity = ctx.requireIdentity(session);
    const listed = listedOptions.get(state);
    if (!listed) throw new KioskError('INVALID_REQUEST', 'submitEndorsement: list the endorsement options for a permit first');
    const { permit, record } = listed;
    const option = record.options.find((o) => o.type === type);
    if (!option?.allowed) throw new KioskError('ENDORSEMENT_NOT_ALLOWED', `endorsement type ${type} is not allowed for this holder`);
    const submittedAt = ctx.now();
    const { terminalId } = ctx.config;
    const receiptNo = issueReceiptNo(terminalId, submissionId, submittedAt);
    const payment = { status: 'due' as const, reference: record.paymentReference };
    const payload = {
      receiptNo,
      terminalId,
      appliedAt: submittedAt.toISOString(),
      applicant: { name: identity.name || identity.nameEn || '', idNumber: identity.idNumber, cardType: identity.cardType },
      permitNumber: permit,
      endorsement: { type, validityMonths: option.validityMonths, times: option.times, feeYuan: option.feeYuan },
      payment,
    };
    try {
      const outcome = await ctx.deps.sink.submit({ stream: ENDORSEMENT_STREAM, kind: ENDORSEMENT_KIND, payload, personal: true, idempotencyKey: endorsementKey(submissionId) });
      const view: EndorsementReceiptView = {
        receiptNo,
        type,
        permitMasked: maskPermit(permit),
        validityMonths: option.validityMonths,
        times: option.times,
        feeYuan: option.feeYuan,
        payment,
        delivery: outcome.delivery,
        submittedAt: submittedAt.toISOString(),
        progressUrl: progressUrl(ctx.publicBaseUrl, receiptNo),
      };
      // The application is durable even if the citizen left meanwhile; only the receipt is theirs.
      if (ctx.deps.sessions.current() === session) {
        const receipts = endorsementReceipts.get(state) ?? new Map<string, EndorsementReceiptView>();
        receipts.set(submissionId, view);
        endorsementReceipts.set(state, receipts);
      }
      ctx.logger.info('endorsement submitted', { sessionId: session.id, type, receiptNo, applicant: maskIdNumber(identity.idNumber), delivery: outcome.delivery });
      return view;
    } catch (error) {
      throw fromSubmissionError(error);
    }
  }

  return {
    listEndorsementOptions: async (request, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const permit = permitOf(
        request.by === 'entry'
          ? checkPermitNumber(request.permitNumber)
          : // A misread machine-readable line is no permit: the scanner waits on; a readable wrong one is refused with its reason.
            await ctx.scanGate.next({
              timeoutMs: request.timeoutMs,
              session: state.abort.signal,
              accept: (text): PermitCheck | undefined => {
                const checked = permitFromScan(text);
                return !checked.ok && checked.reason === 'scan-unreadable' ? undefined : checked;
              },
              refusal: 'not-a-permit',
            }),
      );
      ctx.stillCurrent(session);
      try {
        const record = await endorsementOptions(
          ctx.upstream(),
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', permitNumber: permit },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        listedOptions.set(state, { permit, record });
        ctx.logger.info('endorsement options listed', {
          sessionId: session.id,
          by: request.by,
          permit: maskPermit(permit),
          allowed: record.options.filter((o) => o.allowed).map((o) => o.type).join(''),
        });
        return toOptionsView(record, ctx.now());
      } catch (error) {
        // A 4xx here refuses the permit itself (not this holder's, not endorsable): the screen asks to check it.
        throw fromServiceUpstreamError(error, 'INVALID_PERMIT_NUMBER');
      }
    },

    submitEndorsement: async (request, { session }) => {
      const state = ctx.stateOf(session);
      const earlier = endorsementReceipts.get(state)?.get(request.submissionId);
      if (earlier) return earlier;
      const inFlight = endorsementsInFlight.get(state) ?? new Map<string, Promise<EndorsementReceiptView>>();
      endorsementsInFlight.set(state, inFlight);
      const pending = inFlight.get(request.submissionId);
      if (pending) return pending;
      const submitting = submit(request, session);
      inFlight.set(request.submissionId, submitting);
      try {
        return await submitting;
      } finally {
        inFlight.delete(request.submissionId);
      }
    },
  };
}
